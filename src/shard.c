/* shard.c: the shares of a sweep's runs, and --shard auto (see shard.h). */
#define _POSIX_C_SOURCE 200809L
#include "shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule.h"

uint64_t shard_cost(const struct config *c, struct run_point p)
{
	struct config pc;
	struct lr_schedule sc;
	uint64_t rows, steps;
	config_point(c, p.point, &pc);
	schedule_init(&sc, &pc, p.batch_size, c->n_train);
	rows = (uint64_t)(p.batch_size < c->n_train ? p.batch_size : c->n_train) + SHARD_STEP_ROWS;
	steps = (uint64_t)sc.total_steps;
	return steps > UINT64_MAX / rows ? UINT64_MAX : steps * rows;
}

struct costed {
	uint64_t cost;
	size_t run;
};

/* most expensive first, then the lower run index */
static int by_cost(const void *a, const void *b)
{
	const struct costed *x = a, *y = b;
	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	return x->run < y->run ? -1 : x->run > y->run;
}

/* A binary min-heap of shards by (load, index). */
struct load {
	uint64_t load;
	size_t shard;
};

static int lighter(const struct load *a, const struct load *b)
{
	return a->load != b->load ? a->load < b->load : a->shard < b->shard;
}

static void sift_down(struct load *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct load t;
		if (l < n && lighter(&h[l], &h[m]))
			m = l;
		if (r < n && lighter(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		t = h[i], h[i] = h[m], h[m] = t;
		i = m;
	}
}

enum status shard_assign(const struct config *c, size_t n, size_t *owner)
{
	size_t runs = config_runs(c), heap_n = n < runs ? n : runs;
	struct costed *order = xmalloc(runs * sizeof *order + 1);
	struct load *heap = xmalloc((heap_n ? heap_n : 1) * sizeof *heap);
	if (!order || !heap) {
		free(order);
		free(heap);
		return ST_NOMEM;
	}
	for (size_t k = 0; k < runs; k++)
		order[k] = (struct costed){shard_cost(c, config_run(c, k)), k};
	qsort(order, runs, sizeof *order, by_cost);
	/* with more shards than runs, shards runs..n-1 stay empty: only the
	 * first heap_n can be the least loaded (ties go to the lower index) */
	for (size_t i = 0; i < heap_n; i++)
		heap[i] = (struct load){0, i}; /* already a heap: sorted by index */
	for (size_t i = 0; i < runs; i++) {
		owner[order[i].run] = heap[0].shard;
		heap[0].load = order[i].cost > UINT64_MAX - heap[0].load ? UINT64_MAX :
			       heap[0].load + order[i].cost;
		sift_down(heap, heap_n, 0);
	}
	free(order);
	free(heap);
	return ST_OK;
}

/* A decimal integer from lo to hi, the whole text; 0 or -1. */
static int number(const char *s, long lo, long hi, long *out)
{
	return s && *s && parse_long(s, lo, hi, out) == 0 ? 0 : -1;
}

enum status shard_parse(const char *text, struct shard *s, char *err, size_t errsize)
{
	const char *slash = strchr(text, '/');
	char k_text[32];
	long k, n;
	size_t len = slash ? (size_t)(slash - text) : 0;
	if (slash && len > 0 && len < sizeof k_text) {
		memcpy(k_text, text, len);
		k_text[len] = '\0';
		if (number(k_text, 0, SHARD_MAX - 1, &k) == 0 &&
		    number(slash + 1, 1, SHARD_MAX, &n) == 0) {
			if (k < n) {
				s->k = (size_t)k;
				s->n = (size_t)n;
				return ST_OK;
			}
			msgf(err, errsize, "option --shard: shard K of K/N must be below N "
			     "(shards are numbered 0 to N-1), found '%s'", text);
			return ST_INPUT;
		}
	}
	msgf(err, errsize, "option --shard: expected K/N with 0 <= K < N <= %d, or auto, "
	     "found '%s'", SHARD_MAX, text);
	return ST_INPUT;
}

/* Variable name as a number from lo to hi into *v: 1 when set, 0 when
 * unset, -1 (message in err) when set but not such a number. */
static int env_number(const char *name, long lo, long hi, long *v, char *err, size_t errsize)
{
	const char *s = getenv(name);
	char shown[80];
	if (!s)
		return 0;
	if (number(s, lo, hi, v) == 0)
		return 1;
	fmt_text(shown, sizeof shown, s, strlen(s), 40, 0);
	msgf(err, errsize, "option --shard auto: %s: expected an integer from %ld to %ld, found '%s'",
	     name, lo, hi, shown);
	return -1;
}

/* The Slurm array's task: 1 (set), 0 (not an array task), -1 (refused). */
static int from_slurm(struct shard *s, char *source, size_t sourcesize, char *err,
		      size_t errsize)
{
	static const char *const names[] = {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN",
		"SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT"};
	long v[5], id, lo, hi, step, count;
	int r;
	if ((r = env_number(names[0], 0, 0x7fffffffL, &v[0], err, errsize)) <= 0)
		return r;
	for (int i = 1; i < 5; i++)
		if ((r = env_number(names[i], i >= 3, 0x7fffffffL, &v[i], err, errsize)) < 0)
			return -1;
		else if (r == 0) {
			msgf(err, errsize, "option --shard auto: SLURM_ARRAY_TASK_ID is set but %s is "
			     "not: cannot tell this task's place in the array", names[i]);
			return -1;
		}
	id = v[0], lo = v[1], hi = v[2], step = v[3], count = v[4];
	/* the indices must be lo, lo + step, ..., hi: count of them */
	if (hi < lo || id < lo || id > hi || (hi - lo) % step != 0 || (id - lo) % step != 0 ||
	    (hi - lo) / step + 1 != count) {
		msgf(err, errsize, "option --shard auto: the Slurm array's indices are not a range with "
		     "a constant step (SLURM_ARRAY_TASK_ID=%ld, _MIN=%ld, _MAX=%ld, _STEP=%ld, "
		     "_COUNT=%ld: %ld to %ld by %ld would be %ld tasks), so this task's shard cannot "
		     "be told from them\nhint: submit a range such as --array=0-%ld (or 1-N, or "
		     "with a step, 1-7:2), or give --shard K/N yourself",
		     id, lo, hi, step, count, lo, hi, step, hi >= lo ? (hi - lo) / step + 1 : 0,
		     count - 1);
		return -1;
	}
	if (count > SHARD_MAX) {
		msgf(err, errsize, "option --shard auto: SLURM_ARRAY_TASK_COUNT=%ld: at most %d shards",
		     count, SHARD_MAX);
		return -1;
	}
	s->k = (size_t)((id - lo) / step);
	s->n = (size_t)count;
	if (step == 1)
		msgf(source, sourcesize, "Slurm array task %ld of %ld-%ld", id, lo, hi);
	else
		msgf(source, sourcesize, "Slurm array task %ld of %ld-%ld:%ld", id, lo, hi, step);
	return 1;
}

/* A rank/size pair: 1 (set), 0 (neither set), -1 (refused). */
static int from_pair(const char *rank_name, const char *size_name, const char *what,
		     struct shard *s, char *source, size_t sourcesize, char *err, size_t errsize)
{
	long rank, size;
	int r1 = env_number(rank_name, 0, SHARD_MAX - 1, &rank, err, errsize), r2;
	if (r1 < 0)
		return -1;
	if ((r2 = env_number(size_name, 1, SHARD_MAX, &size, err, errsize)) < 0)
		return -1;
	if (!r1 && !r2)
		return 0;
	if (!r1 || !r2) {
		msgf(err, errsize, "option --shard auto: %s is set but %s is not",
		     r1 ? rank_name : size_name, r1 ? size_name : rank_name);
		return -1;
	}
	if (rank >= size) {
		msgf(err, errsize, "option --shard auto: %s=%ld is not below %s=%ld",
		     rank_name, rank, size_name, size);
		return -1;
	}
	s->k = (size_t)rank;
	s->n = (size_t)size;
	msgf(source, sourcesize, "%s rank %ld of %ld (%s, %s)", what, rank, size, rank_name,
	     size_name);
	return 1;
}

enum status shard_from_env(struct shard *s, char *source, size_t sourcesize,
			   char *err, size_t errsize)
{
	int r;
	if ((r = from_slurm(s, source, sourcesize, err, errsize)) != 0 ||
	    (r = from_pair("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "Open MPI", s,
			   source, sourcesize, err, errsize)) != 0 ||
	    (r = from_pair("PMI_RANK", "PMI_SIZE", "PMI", s, source, sourcesize, err,
			   errsize)) != 0)
		return r > 0 ? ST_OK : ST_INPUT;
	msgf(err, errsize, "option --shard auto: no shard in the environment (none of "
	     "SLURM_ARRAY_TASK_ID, OMPI_COMM_WORLD_RANK, PMI_RANK is set)\n"
	     "hint: run it as a Slurm array task (sbatch --array=0-N) or under mpirun, "
	     "or give --shard K/N");
	return ST_INPUT;
}
