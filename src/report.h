/* report.h: what a finished sweep tells its user: the table on stdout and
 * run.json (resolved config, version, command line, UTC times, data hash,
 * machine fingerprint). */
#ifndef BSWEEP_REPORT_H
#define BSWEEP_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "config.h"
#include "fingerprint.h"
#include "runfile.h"
#include "scaling.h"
#include "util.h"

struct run_info {
	const struct config *cfg;
	const char *config_path;
	int argc;
	char **argv;
	time_t start, end;       /* wall-clock UTC; end 0 while running */
	uint64_t data_hash;      /* data_hash() of the dataset */
	int threads;             /* BLAS threads the library uses (it may cap -t) */
	int jobs;                /* processes training side by side (pool_workers);
				    each run's own in summary.csv */
	size_t resumed_runs;     /* runs kept from an earlier, interrupted sweep */
	double wall_seconds;     /* the sweep, from data generation to the last run */
	const struct scaling *scaling; /* with a target, once computed: run.json's
					  "analysis"; else NULL */
	struct fingerprint fp;
	/* where it ran (issue 13): run.json's "host" and "machine_id"; NULL:
	 * not written */
	const char *host, *machine_id;
	/* a shard's record (runs/shard-K-of-N.json): "shard": "K/N" and
	 * "runs_trained", the names of the runs this process trained; NULL
	 * and 0 otherwise */
	const char *shard;
	char *const *trained;
	size_t n_trained;
	/* bsweep merge: "machines", every host and machine id the runs ran
	 * on, "host (machine)"; 0: not written */
	char *const *machines;
	size_t n_machines;
};

/* The table of final results, one line per run: batch size, seed, steps per
 * epoch, final train and validation accuracy, median time (+- MAD when
 * repeated), a note. */
void report_table(FILE *f, const struct config *c, const struct summary_row *r,
		  size_t n);

/* Write run.json atomically at path.  ST_OK; ST_IO or ST_NOMEM with a
 * message. */
enum status report_write_run_json(const char *path, const struct run_info *info,
				  char *err, size_t errsize);

#endif
