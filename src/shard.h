/* shard.h: which share of a sweep's runs one process trains (--shard K/N).
 *
 * The assignment is a pure function of the config and N: every run has an
 * estimated cost (shard_cost: its optimizer steps times the rows of a step
 * plus a fixed per-step overhead, so small batches, which take many cheap
 * steps, weigh what they take); the runs are dealt, most expensive first
 * (ties: lower run index first), each to the shard with the least cost so
 * far (ties: lower shard index), the LPT rule.  Every run is in exactly one
 * shard; a shard's load is at most total / N + the largest run's cost.  The
 * same config and N give the same shards on every machine (integer costs).
 *
 * Also where K and N come from with --shard auto (the environment of a
 * Slurm array task, Open MPI or PMI).  Knows nothing of training or files.
 */
#ifndef BSWEEP_SHARD_H
#define BSWEEP_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "util.h"

/* Most shards (--shard K/N: N <= SHARD_MAX). */
#define SHARD_MAX 100000

/* The per-step overhead of the cost model, in rows of a batch: what an
 * optimizer step costs besides its rows (the update over every parameter,
 * the calls).  A run's cost is steps x (min(B, n_train) + this). */
#define SHARD_STEP_ROWS 32

/* One share: shard k of n (0 <= k < n); n == 0: no sharding. */
struct shard {
	size_t k, n;
};

/* The estimated cost of run p of c, in rows processed (see above);
 * saturates at UINT64_MAX. */
uint64_t shard_cost(const struct config *c, struct run_point p);

/* The shard (0..n-1) of every run k of c into owner[k] (config_runs(c)
 * entries), n >= 1.  ST_OK or ST_NOMEM. */
enum status shard_assign(const struct config *c, size_t n, size_t *owner);

/* Parse "K/N" (0 <= K < N <= SHARD_MAX) into s.  ST_OK, or ST_INPUT with a
 * message naming option --shard and what was found. */
enum status shard_parse(const char *text, struct shard *s, char *err, size_t errsize);

/* K and N from the environment (--shard auto), first of:
 *   Slurm array: SLURM_ARRAY_TASK_ID, _MIN, _MAX, _STEP, _COUNT; the
 *     indices MIN, MIN+STEP, ..., MAX must be exactly COUNT of them (a
 *     list like --array=3,5,9 is not, and is refused), K = (ID-MIN)/STEP,
 *     N = COUNT;
 *   Open MPI: OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE;
 *   PMI (MPICH's Hydra, Intel MPI, srun --mpi=pmi2): PMI_RANK, PMI_SIZE.
 * (PMIx alone exports a rank but no size: Open MPI's own pair covers it.)
 * ST_OK with the source's description ("Slurm array task 5 of 1-7:2") in
 * source; ST_INPUT with a message when none is set, or a set is
 * incomplete, not numbers, or inconsistent. */
enum status shard_from_env(struct shard *s, char *source, size_t sourcesize,
			   char *err, size_t errsize);

#endif
