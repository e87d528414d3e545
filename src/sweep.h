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
#include "fingerprint.h"
#include "shard.h"
#include "util.h"

/* A config needing more memory than this is refused (exit 2). */
#define SWEEP_MAX_BYTES ((size_t)4 << 30)

struct sweep_options {
	const char *config_path;
	const char *out_dir;   /* NULL: results/<name> */
	int threads;           /* OpenBLAS threads */
	int jobs;              /* runs executed at once (worker processes), >= 1 */
	int quiet;             /* no progress, no table */
	int progress;          /* progress line on stderr (a terminal) */
	int force;             /* overwrite results of a different config */
	int resume;            /* keep the runs already finished in out_dir */
	struct shard shard;    /* train only shard k of n (n 0: every run) */
	int argc;              /* the command line, for run.json */
	char **argv;
	char *const *sets;     /* its --set overrides, in order (run.json) */
	size_t n_sets;
	/* Called in each forked worker before it exits, to free what the
	 * caller of sweep_run allocated (the config); may be NULL. */
	void (*release)(void *ctx);
	void *release_ctx;
};

/* Bytes the sweep will allocate at its peak with `jobs` workers (data,
 * the run list, then per worker: model, optimizer, buffers, records; or,
 * if more, what the end takes: every run's summary row and the grid's
 * points); 0 when a size overflows.  The one sum of the memory model's
 * layers. */
size_t sweep_memory(const struct config *c, int jobs);

/* ST_OK when the sweep fits in SWEEP_MAX_BYTES; otherwise ST_INPUT with a
 * message naming the config file. */
enum status sweep_check_memory(const struct config *c, int jobs, const char *config_path,
			       char *err, size_t errsize);

/* Does a sweep of c call BLAS (the BLAS path, the noise scale, the
 * decision regions)? */
int sweep_uses_blas(const struct config *c);

/* The address space a sweep of c maps besides its threads' BLAS buffers,
 * for blas_set_threads: 0 when it makes no BLAS call. */
size_t sweep_blas_room(const struct config *c);

/* Print the plan (runs, steps, timing, memory, and what the run would do
 * with its output directory: outdir_plan) on f.  ST_OK; ST_INPUT with the
 * real run's message when the real run would be refused (the plan is
 * printed all the same); ST_NOMEM with a message. */
enum status sweep_print_plan(FILE *f, const struct config *c, const struct sweep_options *o,
			     char *err, size_t errsize);

/* With a shard (o->shard.n > 1), sweep_run trains only that shard's runs
 * (shard.h), into a directory other shards of the same sweep may be
 * writing at the same time, maybe from other machines over NFS: it
 * shares the lock with them once it has claimed the directory
 * (outdir_open's OUTDIR_CLAIM: the lock alone while it decides on the
 * directory and writes run.json, so that shards of two configs cannot
 * both get in; a sweep or analyze waits for the shards, they for it; no
 * lock where the file system has none), deletes another config's results
 * (--force) only while it holds the lock alone, removes no temporary file
 * (another shard's may be live), writes run.json ("complete": false) as a
 * sweep does (every shard writes the same config: two shards starting at
 * once both succeed), and its own record runs/shard-K-of-N.json
 * (runfile.h) when it starts and when it ends.  It writes no combined
 * file: that is bsweep merge's (sweep_merge).  Each run's summary row
 * says where it ran (host, machine, shard). */

/* Run the whole sweep (the caller has checked sweep_check_memory).  ST_OK; ST_INPUT (another experiment's results,
 * too much memory), ST_IO, ST_NOMEM with a message naming the path in err;
 * ST_INTERRUPTED with the signal in *signal and a message saying what was
 * kept.  Only the calling process returns (workers exit in pool.c). */
enum status sweep_run(const struct config *c, const struct sweep_options *o,
		      int *signal, char *err, size_t errsize);

/* What bsweep merge found of where the runs ran, for the merged run.json. */
struct merge_facts {
	char *const *machines;   /* "host (machine)" of the runs: "machines" */
	size_t n_machines;
	int jobs, threads;       /* the most any run had side by side and used
				    (summary.csv's jobs, blas_threads): "execution" */
	struct fingerprint fp;   /* "machine": a shard's (its record's), so
				    that compare sees the machine the runs
				    ran on, not the one that merged */
	const char *host, *machine_id; /* that shard's; NULL: none */
};

/* bsweep merge: write DIR's combined files (epochs.csv, summary.csv, the
 * analysis files, run.json complete) from its run files, exactly as the
 * end of an unsharded sweep does (the same code).  The caller (merge.c)
 * has checked that every run of c is there and whole.  ST_OK; ST_IO,
 * ST_NOMEM with a message. */
enum status sweep_merge(const struct config *c, const struct sweep_options *o,
			const struct merge_facts *f, char *err, size_t errsize);

#endif
