/* regions.c: the decision regions of the runs' final models (regions.h).
 * Reads the saved weights folders, evaluates on a grid of the plane,
 * writes two CSVs; trains nothing. */
#define _POSIX_C_SOURCE 200809L
#include "regions.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "mlp.h"
#include "weights.h"

int regions_wanted(const struct config *c)
{
	/* config.c refuses boundaries without 2 features or the weights */
	return c->boundaries && c->save_weights && c->n_features == 2;
}

size_t regions_bytes(const struct config *c)
{
	size_t m, rows;
	if (!regions_wanted(c))
		return 0;
	m = mlp_bytes(c, 2, c->centers, REGIONS_CELLS);
	/* the row's inputs (CELLS, 2) and labels; the BLAS path's gathered
	 * batch (CELLS, 2 + 1) when mlp_init picked the fused one */
	rows = REGIONS_CELLS * (2 * sizeof(float) + sizeof(int32_t)) +
	       REGIONS_CELLS * 3 * sizeof(float);
	return m ? m + rows : 0;
}

/* Remove DIR/name, an earlier sweep's, now stale (the analysis keys do
 * not make another experiment: outdir.c). */
static enum status remove_stale(const char *dir, const char *name, char *err, size_t errsize)
{
	char path[4200];
	msgf(path, sizeof path, "%s/%s", dir, name);
	if (unlink(path) != 0 && errno != ENOENT) {
		msgf(err, errsize, "%s: cannot remove: %s", path, strerror(errno));
		return ST_IO;
	}
	return ST_OK;
}

/* The grid's cell centres on one axis: lo[j] + i step[j], i < CELLS,
 * over the validation rows' range of input j widened by the margin. */
static void axes_of(const struct dataset *ds, size_t n_train, double lo[2], double step[2])
{
	for (size_t j = 0; j < 2; j++) {
		double a = ds->x[n_train * 2 + j], b = a, pad;
		for (size_t r = n_train; r < ds->n; r++) {
			double v = ds->x[r * 2 + j];
			a = v < a ? v : a;
			b = v > b ? v : b;
		}
		pad = b > a ? REGIONS_MARGIN * (b - a) : 1.0;
		lo[j] = a - pad;
		step[j] = (b - a + 2.0 * pad) / (REGIONS_CELLS - 1);
	}
}

static enum status write_points(const char *dir, const struct config *c,
				const struct dataset *ds, char *err, size_t errsize)
{
	struct atomic_file af;
	char path[4300];
	size_t n = ds->n - c->n_train;
	enum status st;
	if (n > REGIONS_MAX_POINTS)
		n = REGIONS_MAX_POINTS;
	msgf(path, sizeof path, "%s/%s", dir, REGIONS_POINTS_FILE);
	if ((st = afile_open(&af, path, err, errsize)) != ST_OK)
		return st;
	csv_write_header(af.f, &runfile_validation);
	for (size_t i = 0, r = c->n_train; i < n; i++, r++) {
		struct validation_row v = {ds->x[r * 2], ds->x[r * 2 + 1], (size_t)ds->y[r]};
		csv_write_row(af.f, &runfile_validation, &v);
	}
	return afile_commit(&af, err, errsize);
}

/* The map of model m (loaded with run p's weights) into f: CELLS rows of
 * CELLS cells, one mlp_forward each.  x (CELLS, 2) and y (CELLS) are the
 * caller's scratch. */
static void write_map(FILE *f, const struct csv_table *t, const struct config *c,
		      struct run_point p, struct mlp *m, const double lo[2],
		      const double step[2], float *x, int32_t *y)
{
	size_t K = m->width[m->L];
	struct region_row row;
	memset(&row, 0, sizeof row);
	row.batch_size = p.batch_size;
	row.seed = p.seed;
	for (size_t a = 0; a < c->n_grid; a++)
		row.grid[a] = (int)config_grid_index(c, p.point, a);
	memset(y, 0, REGIONS_CELLS * sizeof *y);
	for (size_t i1 = 0; i1 < REGIONS_CELLS; i1++) {
		double loss = 0.0;
		size_t hits = 0;
		for (size_t i0 = 0; i0 < REGIONS_CELLS; i0++) {
			x[2 * i0] = (float)(lo[0] + (double)i0 * step[0]);
			x[2 * i0 + 1] = (float)(lo[1] + (double)i1 * step[1]);
		}
		/* probs (CELLS, K): the softmax of the row's logits; the labels
		 * are dummies, the loss and hits unused */
		mlp_forward(m, x, y, REGIONS_CELLS, &loss, &hits);
		for (size_t i0 = 0; i0 < REGIONS_CELLS; i0++) {
			const float *pr = m->probs + i0 * K;
			size_t best = 0;
			for (size_t k = 1; k < K; k++)
				if (pr[k] > pr[best])
					best = k;
			row.x0 = x[2 * i0];
			row.x1 = x[2 * i0 + 1];
			row.predicted = best;
			/* a diverged run's weights give NaN: no class then */
			row.probability = isnan(pr[best]) ? NAN : (double)pr[best];
			csv_write_row(f, t, &row);
		}
	}
}

enum status regions_write(const char *dir, const struct config *c, const struct dataset *ds,
			  const struct runfile_tables *rt, char *err, size_t errsize)
{
	struct atomic_file af;
	struct mlp m;
	float *x;
	int32_t *y;
	double lo[2], step[2];
	char path[4300];
	enum status st;

	if (!regions_wanted(c)) {
		if ((st = remove_stale(dir, REGIONS_FILE, err, errsize)) != ST_OK)
			return st;
		return remove_stale(dir, REGIONS_POINTS_FILE, err, errsize);
	}
	if ((st = write_points(dir, c, ds, err, errsize)) != ST_OK)
		return st;
	axes_of(ds, c->n_train, lo, step);
	x = xmalloc(REGIONS_CELLS * 2 * sizeof *x);
	y = xmalloc(REGIONS_CELLS * sizeof *y);
	if (!x || !y) {
		free(x);
		free(y);
		return ST_NOMEM;
	}
	msgf(path, sizeof path, "%s/%s", dir, REGIONS_FILE);
	if ((st = afile_open(&af, path, err, errsize)) != ST_OK)
		goto out;
	csv_write_header(af.f, &rt->regions);
	for (size_t b = 0; b < c->n_batch_sizes && st == ST_OK; b++)
		for (size_t g = 0; g < config_points(c) && st == ST_OK; g++) {
			struct config pc;
			struct run_point p = {0};
			p.batch_index = b, p.batch_size = c->batch_sizes[b], p.point = g;
			p.seed = c->seeds[0], p.seed_index = 0;
			/* the point's activation (a grid may vary it) */
			config_point(c, g, &pc);
			memset(&m, 0, sizeof m);
			if (mlp_init(&m, &pc, ds->d, ds->k, REGIONS_CELLS) != ST_OK ||
			    mlp_set_path(&m, MLP_PATH_BLAS) != ST_OK) {
				st = ST_NOMEM;
			} else {
				runfile_weights_path(path, sizeof path, dir, rt, p);
				if ((st = weights_read(path, &m, err, errsize)) == ST_OK)
					write_map(af.f, &rt->regions, c, p, &m, lo, step, x, y);
			}
			mlp_free(&m);
		}
	if (st == ST_OK)
		st = afile_commit(&af, err, errsize);
	else
		afile_abort(&af);
out:
	free(x);
	free(y);
	return st;
}
