/* sweep.h: the experiment: every batch size x seed of the config, in
 * config order, each a fresh run; results collected and written.
 *
 * Layout of the output directory (default results/<name>):
 *   runs/b<B>_s<SEED>.epochs.csv   one file per finished run, written the
 *   runs/b<B>_s<SEED>.summary.csv  moment it finishes (reusable pieces)
 *   epochs.csv, summary.csv        assembled from the runs, config order
 *   run.json                       resolved config, machine, times
 * Every file is replaced atomically.
 */
#ifndef BSWEEP_SWEEP_H
#define BSWEEP_SWEEP_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* A config needing more memory than this is refused (exit 2). */
#define SWEEP_MAX_BYTES ((size_t)4 << 30)

struct sweep_options {
	const char *config_path;
	const char *out_dir;   /* NULL: results/<name> */
	int threads;           /* OpenBLAS threads */
	int quiet;             /* no progress, no table */
	int progress;          /* progress line on stderr (a terminal) */
	int force;             /* overwrite results of a different config */
	int argc;              /* the command line, for run.json */
	char **argv;
};

/* Bytes the sweep will allocate at its peak (data, model, optimizer,
 * buffers, records); 0 when a size overflows. */
size_t sweep_memory(const struct config *c);

/* 0 when the sweep fits in SWEEP_MAX_BYTES; otherwise -1 with a message
 * (a config error: exit 2) naming the config file. */
int sweep_check_memory(const struct config *c, const char *config_path,
		       char *err, size_t errsize);

/* Print the plan (runs, steps, memory) on f. */
void sweep_print_plan(FILE *f, const struct config *c, const struct sweep_options *o);

/* Run the whole sweep.  Returns an exit code (EXIT_OK, EXIT_RUNTIME,
 * EXIT_USAGE); on failure a message naming the path is in err. */
int sweep_run(const struct config *c, const struct sweep_options *o,
	      char *err, size_t errsize);

#endif
