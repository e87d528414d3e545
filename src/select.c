/* select.c: points.csv and best.csv, the best grid point per batch size
 * (see select.h for the rule and its ties). */
#include "select.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "train.h"

/* The selection metric of a run, higher is better; -inf when diverged
 * (and, for steps_to_target, when censored: the worst). */
static double metric(const struct config *c, const struct summary_row *r)
{
	if (r->status == RUN_DIVERGED)
		return -INFINITY;
	switch (c->select) {
	case SEL_FINAL_VAL_ACC: return r->final_val_acc;
	case SEL_BEST_VAL_ACC: return r->best_val_acc;
	case SEL_FINAL_VAL_LOSS: return -r->final_val_loss;
	case SEL_STEPS_TO_TARGET:
		return isnan(r->steps_to_target) ? -INFINITY : -r->steps_to_target;
	}
	return -INFINITY;
}

size_t select_bytes(const struct config *c)
{
	/* n_batch_sizes x points rows and n_batch_sizes best ones, 5 medians'
	 * scratch per seed: all bounded by CONFIG_MAX_RUNS, no overflow */
	if (!c->n_grid)
		return 0;
	return (c->n_batch_sizes * config_points(c) + c->n_batch_sizes) * sizeof(struct point_row) +
	       5 * c->n_seeds * sizeof(double);
}

enum status select_points(const struct config *c, const struct summary_row *rows,
			  struct point_row *points)
{
	size_t P = config_points(c), S = c->n_seeds;
	double *v = xmalloc(5 * S * sizeof *v);
	if (!v)
		return ST_NOMEM;
	for (size_t b = 0; b < c->n_batch_sizes; b++) {
		struct point_row *best = NULL;
		for (size_t p = 0; p < P; p++) {
			const struct summary_row *r = &rows[(b * P + p) * S];
			struct point_row *o = &points[b * P + p];
			memset(o, 0, sizeof *o);
			o->batch_size = r->batch_size;
			memcpy(o->grid, r->grid, sizeof o->grid);
			o->seeds = S;
			for (size_t s = 0; s < S; s++) {
				o->diverged += r[s].status == RUN_DIVERGED;
				v[s] = r[s].final_val_acc;
				v[S + s] = r[s].best_val_acc;
				v[2 * S + s] = r[s].final_val_loss;
				v[3 * S + s] = r[s].total_seconds;
				v[4 * S + s] = metric(c, &r[s]);
			}
			o->final_val_acc = stats_median(v, S);
			o->best_val_acc = stats_median(v + S, S);
			o->final_val_loss = stats_median(v + 2 * S, S);
			o->total_seconds = stats_median(v + 3 * S, S);
			o->score = stats_median(v + 4 * S, S);
			/* strictly better: the first of equals wins */
			if (o->score > -INFINITY && (!best || o->score > best->score))
				best = o;
		}
		if (best)
			best->selected = 1;
	}
	free(v);
	return ST_OK;
}

enum status select_write(const char *dir, const struct config *c,
			 const struct runfile_tables *rt, const struct summary_row *rows,
			 size_t *unselected, char *which, size_t size, char *err, size_t errsize)
{
	size_t n = c->n_batch_sizes * config_points(c), n_best = 0;
	struct point_row *points = xcalloc(n, sizeof *points);
	struct point_row *best = xcalloc(c->n_batch_sizes, sizeof *best);
	char name[64];
	enum status st = ST_NOMEM;
	*unselected = 0;
	which[0] = '\0';
	if (points && best && (st = select_points(c, rows, points)) == ST_OK) {
		size_t P = config_points(c);
		for (size_t i = 0; i < n; i++)
			if (points[i].selected)
				best[n_best++] = points[i];
		for (size_t b = 0; b < c->n_batch_sizes; b++) {
			size_t i = 0, len = strlen(which);
			while (i < P && !points[b * P + i].selected)
				i++;
			if (i < P)
				continue;
			if (++*unselected <= 5)
				msgf(which + len, size - len, "%s%zu", *unselected > 1 ? ", " : "",
				     c->batch_sizes[b]);
		}
		if (*unselected > 5) {
			size_t len = strlen(which);
			msgf(which + len, size - len, " and %zu more", *unselected - 5);
		}
		msgf(name, sizeof name, "%s.csv", rt->points.name);
		if ((st = runfile_write_table(dir, name, &rt->points, points, sizeof *points, n,
					      err, errsize)) == ST_OK)
			st = runfile_write_table(dir, RUNFILE_BEST, &rt->points, best,
						 sizeof *best, n_best, err, errsize);
	}
	free(points);
	free(best);
	return st;
}
