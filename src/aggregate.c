/* aggregate.c: each batch size's runs summarised over the seeds
 * (aggregate.h). */
#define _POSIX_C_SOURCE 200809L
#include "aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "stats.h"

/* Metric m of summary row r, as a double (NaN: none). */
static double value_of(const struct summary_row *r, size_t m)
{
	const struct runfile_metric *x = &runfile_agg_metrics[m];
	const char *p = (const char *)r + x->offset;
	return x->is_size ? (double)*(const size_t *)(const void *)p :
			    *(const double *)(const void *)p;
}

/* The statistics of v (n of them) into st (AGG_N_STATS); sorts v. */
static void stats_of(double *v, size_t n, double *st)
{
	double sum = 0.0, ss = 0.0, mean;
	if (n == 0) {
		for (size_t j = 0; j < AGG_N_STATS; j++)
			st[j] = NAN;
		return;
	}
	/* two passes: the sum of squares about the mean, not its difference
	 * from the mean's square (no cancellation) */
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - mean) * (v[i] - mean);
	st[AGG_MEAN] = mean;
	st[AGG_STD] = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
	st[AGG_MEDIAN] = stats_median(v, n); /* sorts: min and max are the ends */
	st[AGG_MIN] = v[0];
	st[AGG_MAX] = v[n - 1];
}

size_t aggregate_bytes(const struct config *c)
{
	return c->n_seeds * sizeof(double);
}

void aggregate_row_of(const struct config *c, const struct summary_row *rows, size_t k,
		      double *scratch, struct aggregate_row *o)
{
	size_t S = c->n_seeds;
	const struct summary_row *r = &rows[k * S];
	memset(o, 0, sizeof *o);
	o->sweep = c->name;
	o->batch_size = r->batch_size;
	memcpy(o->grid, r->grid, sizeof o->grid);
	o->seeds = S;
	for (size_t s = 0; s < S; s++)
		o->diverged += r[s].status != RUN_OK && r[s].status != RUN_TARGET;
	for (size_t m = 0; m < RUNFILE_AGG_METRICS; m++) {
		size_t n = 0;
		for (size_t s = 0; s < S; s++) {
			double x = value_of(&r[s], m);
			if ((r[s].status == RUN_OK || r[s].status == RUN_TARGET) && !isnan(x))
				scratch[n++] = x;
		}
		stats_of(scratch, n, o->stat[m]);
	}
}

enum status aggregate_write(const char *dir, const struct config *c,
			    const struct runfile_tables *rt, const struct summary_row *rows,
			    char *err, size_t errsize)
{
	size_t n = c->n_batch_sizes * config_points(c);
	double *scratch = xmalloc(aggregate_bytes(c));
	struct csv_table t = rt->aggregate;
	struct atomic_file af;
	char path[4300];
	enum status st;
	msgf(path, sizeof path, "%s/%s", dir, RUNFILE_AGGREGATE);
	if (!scratch) {
		msgf(err, errsize, "%s: out of memory", path);
		return ST_NOMEM;
	}
	/* the target's columns with a target (c's: `bsweep analyze
	 * --target` may give one the sweep did not have) */
	if (c->target_metric == TGT_NONE)
		t.n_cols -= RUNFILE_AGG_TARGET * AGG_N_STATS;
	if ((st = afile_open(&af, path, err, errsize)) == ST_OK) {
		/* a row at a time: a grid may have 100 000 points */
		csv_write_header(af.f, &t);
		for (size_t k = 0; k < n; k++) {
			struct aggregate_row o;
			aggregate_row_of(c, rows, k, scratch, &o);
			csv_write_row(af.f, &t, &o);
		}
		st = afile_commit(&af, err, errsize);
	}
	free(scratch);
	return st;
}
