/* measure.h: how a run is measured: the statistics of its repeated
 * timings (stats.h) and the resources it used (CPU time, peak resident
 * memory) or needs (analytic memory: trainer_bytes in train.h).
 *
 * Knows nothing of files; pool.c calls it around each run and runfile.c
 * writes what it gives.
 */
#ifndef BSWEEP_MEASURE_H
#define BSWEEP_MEASURE_H

#include <stddef.h>

#include "csv.h"

/* What summary.csv reports about the timing of one run (batch size x
 * seed) trained `repeats` times after `warmup` unrecorded trainings. */
/* Where a run ran, for summary.csv (CSV_WORDs, csv.h): the host name,
 * a short id of the machine (fingerprint_machine_id: CPU, cores, OS,
 * kernel), and the shard ("2/4", empty when the sweep is not sharded). */
struct run_where {
	char host[CSV_WORD_MAX], machine[CSV_WORD_MAX], shard[CSV_WORD_MAX];
};

struct run_stats {
	size_t repeats, warmup;
	double total_median;    /* training + evaluation wall time, seconds */
	double total_min, total_max;
	double total_mad;       /* median absolute deviation (unscaled) */
	size_t outliers;        /* repeats with modified Z-score > 3.5 */
	double train_median;    /* training only (no validation passes) */
	double samples_per_second; /* training rows per second, at the median */
	double cpu_median;      /* process CPU time (user + system) per repeat */
	long peak_rss_kib;      /* peak resident set during the run, -1 unknown */
	size_t memory_bytes;    /* analytic: what the run itself needs */
	int jobs;               /* runs trained side by side meanwhile (processes) */
	int blas_threads;       /* BLAS threads the run's products could use */
	int curves_identical;   /* every repeat gave the same curves */
	struct run_where where;
};

/* CPU time of the whole process so far (user + system, every thread:
 * OpenBLAS's threads count); negative when it cannot be read. */
double measure_cpu_seconds(void);

/* Start a new peak-resident-set measurement (Linux: writes "5" to
 * /proc/self/clear_refs); harmless where unsupported. */
void measure_peak_rss_reset(void);

/* Peak resident set in KiB since the last reset (Linux VmHWM), else the
 * process peak (getrusage); -1 when neither is available. */
long measure_peak_rss_kib(void);

#endif
