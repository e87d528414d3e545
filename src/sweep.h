/* sweep.h: the experiment: every batch size x seed of the config, in
 * config order, each a fresh run; results collected and written.
 *
 * Layout of the output directory (default results/<name>):
 *   runs/b<B>_s<SEED>.epochs.csv   one file per finished run, written the
 *   runs/b<B>_s<SEED>.summary.csv  moment it finishes (reusable pieces)
 *   epochs.csv, summary.csv        assembled from the runs, config order
 *   run.json                       resolved config, machine, times
 * Every file is replaced atomically, so a run either has both its files,
 * complete, or it did not finish; --resume relies on that.
 *
 * With jobs > 1 the runs are shared out to that many worker processes
 * (fork), which take the next unfinished run from a counter in shared
 * memory; each run's files are the same as with one job, only its times
 * differ (the runs compete for cores and memory bandwidth, and run.json
 * says so).
 */
#ifndef BSWEEP_SWEEP_H
#define BSWEEP_SWEEP_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* A config needing more memory than this is refused (exit 2). */
#define SWEEP_MAX_BYTES ((size_t)4 << 30)

#define SWEEP_MAX_JOBS 256

struct sweep_options {
	const char *config_path;
	const char *out_dir;   /* NULL: results/<name> */
	int threads;           /* OpenBLAS threads */
	int jobs;              /* runs executed at once (worker processes) */
	int quiet;             /* no progress, no table */
	int progress;          /* progress line on stderr (a terminal) */
	int force;             /* overwrite results of a different config */
	int resume;            /* keep the runs already finished in out_dir */
	int argc;              /* the command line, for run.json */
	char **argv;
};

/* Bytes the sweep will allocate at its peak with `jobs` workers (data,
 * then per worker: model, optimizer, buffers, records); 0 when a size
 * overflows. */
size_t sweep_memory(const struct config *c, int jobs);

/* 0 when the sweep fits in SWEEP_MAX_BYTES; otherwise -1 with a message
 * (a config error: exit 2) naming the config file. */
int sweep_check_memory(const struct config *c, int jobs, const char *config_path,
		       char *err, size_t errsize);

/* Print the plan (runs, steps, timing, memory) on f. */
void sweep_print_plan(FILE *f, const struct config *c, const struct sweep_options *o);

/* Run the whole sweep.  Returns an exit code (EXIT_OK, EXIT_RUNTIME,
 * EXIT_USAGE, or EXIT_SIGNAL_BASE + signal); on failure a message naming
 * the path is in err.  With jobs > 1 it also returns in each forked
 * worker, with err empty: the caller just frees and exits with the code. */
int sweep_run(const struct config *c, const struct sweep_options *o,
	      char *err, size_t errsize);

#endif
