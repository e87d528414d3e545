/* pool.h: executing a sweep's runs.  Each run is trained warmup + repeats
 * times with its seed, measured (measure.c), and its two files written
 * atomically into DIR/runs/ the moment it finishes.  The runs are taken
 * from a to-do list by this process (jobs 1) or by `jobs` forked worker
 * processes, which share the list's counter, the progress counters and
 * the stop flag in one page of shared memory.
 *
 * SIGINT/SIGTERM set the stop flag (in every process: the page is shared,
 * so a signal to the parent alone stops the workers): each training
 * finishes its epoch and stops, unfinished runs write nothing.  A worker
 * whose parent is SIGKILLed dies with it (Linux), so nothing keeps
 * writing into the directory behind the user's back.
 */
#ifndef BSWEEP_POOL_H
#define BSWEEP_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "data.h"
#include "util.h"

/* Most worker processes (--jobs). */
#define POOL_MAX_JOBS 256

struct pool_shared;
struct runfile_tables;
struct run_where;

struct pool {
	const struct config *cfg;
	const struct dataset *ds;  /* read-only; workers share it */
	const char *dir;           /* the output directory */
	const struct runfile_tables *tables; /* its files' tables */
	const size_t *todo;        /* run indices (config_run) to train */
	size_t n_todo, runs;       /* to train; in the whole sweep */
	int jobs;                  /* worker processes (1: this one) */
	int progress;              /* progress line on stderr */
	/* Called in each forked worker before it exits, to free what it
	 * inherited from its callers (may be NULL). */
	void (*release)(void *ctx);
	void *release_ctx;
	struct pool_shared *sh;    /* owned: pool_init / pool_free */
	const struct run_where *where; /* each run's host, machine, shard
					  (summary.csv); NULL: empty */
};

/* Map the shared page and catch SIGINT/SIGTERM.  The fields above must be
 * set.  ST_OK, or ST_NOMEM with a message. */
enum status pool_init(struct pool *p, char *err, size_t errsize);

/* Train the to-do list.  ST_OK when every run finished; ST_INTERRUPTED
 * when a signal stopped the pool (pool_stop_signal says which); ST_NOMEM
 * or ST_IO with a message when a run failed (out of memory, a write
 * error) or a worker died.  Forked workers exit inside (after release):
 * only the calling process returns. */
enum status pool_run(struct pool *p, char *err, size_t errsize);

/* The signal that stopped the pool, or 0. */
int pool_stop_signal(const struct pool *p);

/* Runs trained (their files written) by this pool so far. */
size_t pool_runs_done(const struct pool *p);

/* The progress line's estimate of the time left: elapsed seconds scaled by
 * the cost still to do over the cost done, cost as shard_cost counts it
 * (optimizer steps x (rows + SHARD_STEP_ROWS), per training), so that the
 * slow small batches weigh what they take; -1 while unknown (nothing done
 * yet), 0 when done >= total. */
double pool_eta(double elapsed, uint64_t done, uint64_t total);

/* seconds as "ETA 0:12", "ETA 12:05" or "ETA 1:02:03" (rounded up);
 * "ETA ?" when negative or absurd. */
void pool_eta_text(char *buf, size_t size, double seconds);

/* Runs trained whose timings had statistical outliers (0 for a pool
 * never initialised). */
size_t pool_outlier_runs(const struct pool *p);

/* Unmap, restore the default signal handlers. */
void pool_free(struct pool *p);

/* How many processes train side by side for `jobs` requested and n_todo
 * runs to train: 0 with nothing to train, 1 in this process. */
int pool_workers(int jobs, size_t n_todo);

/* Bytes one worker allocates: the trainer (trainer_bytes), the epoch
 * records, the timing samples; 0 on overflow. */
size_t pool_worker_bytes(const struct config *c);

/* Of those, the epoch records: room for the longest run's
 * (train_max_epochs), twice; 0 on overflow. */
size_t pool_record_bytes(const struct config *c);

#endif
