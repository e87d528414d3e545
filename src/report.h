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
#include "train.h"

struct run_info {
	const struct config *cfg;
	const char *config_path;
	int argc;
	char **argv;
	time_t start, end;       /* wall-clock UTC; end 0 while running */
	uint64_t data_hash;      /* data_hash() of the dataset */
	int threads;             /* OpenBLAS threads requested */
	int jobs;                /* runs executed at once */
	size_t resumed_runs;     /* runs kept from an earlier, interrupted sweep */
	double wall_seconds;     /* the sweep, from data generation to the last run */
	struct fingerprint fp;
};

/* One run's line of the final table, as read back from its summary file. */
struct table_row {
	size_t batch_size, steps_per_epoch, epochs;
	uint32_t seed;
	double train_acc, val_acc;
	double seconds, mad;     /* median time over the repeats, its MAD */
	char status[16];
};

/* The table of final results, one line per run: batch size, seed, steps per
 * epoch, final train and validation accuracy, median time (+- MAD when
 * repeated), a note. */
void report_table(FILE *f, const struct config *c, const struct table_row *r,
		  size_t n);

/* Write run.json atomically at path.  Returns 0, or -1 with a message. */
int report_write_run_json(const char *path, const struct run_info *info,
			  char *err, size_t errsize);

/* Does the run.json at path describe results of this config?  Returns 1
 * when it does or when there is no run.json, 0 when it holds another
 * config (or cannot be read as a bsweep run.json), with the reason in why,
 * and -1 when out of memory (message in why).
 * The experiment is the resolved config but its "name" and "timing"
 * (how runs are measured does not change what they compute). */
int report_same_config(const char *path, const struct config *c, char *why,
		       size_t whysize);

#endif
