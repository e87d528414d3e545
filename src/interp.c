/* interp.c: the loss along the line between two runs' final weights
 * (interp.h).  Reads the saved weights folders, evaluates, writes one CSV;
 * trains nothing. */
#define _POSIX_C_SOURCE 200809L
#include "interp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mlp.h"
#include "train.h"
#include "weights.h"

int interp_wanted(const struct config *c)
{
	return c->sharpness && c->save_weights && c->n_grid == 0 && c->n_batch_sizes >= 2;
}

enum status interp_write(const char *dir, const struct config *c, const struct dataset *ds,
			 const struct runfile_tables *rt, char *err, size_t errsize)
{
	size_t bmin = c->batch_sizes[0], bmax = c->batch_sizes[0], n = c->n_train;
	size_t bs_min = 0, bs_max = 0, nrows = c->n_seeds * INTERP_POINTS, D = ds->d;
	struct mlp m[3];
	struct interp_row *rows;
	enum status st = ST_OK;
	char path[4200];

	if (!interp_wanted(c)) {
		/* an earlier sweep's of the same experiment, now stale (the
		 * analysis keys do not make another experiment: outdir.c) */
		msgf(path, sizeof path, "%s/%s", dir, INTERP_FILE);
		if (unlink(path) != 0 && errno != ENOENT) {
			msgf(err, errsize, "%s: cannot remove: %s", path, strerror(errno));
			return ST_IO;
		}
		return ST_OK;
	}
	for (size_t i = 0; i < c->n_batch_sizes; i++) {
		if (c->batch_sizes[i] < bmin)
			bmin = c->batch_sizes[i], bs_min = i;
		if (c->batch_sizes[i] > bmax)
			bmax = c->batch_sizes[i], bs_max = i;
	}
	/* the sweep's capacity: the same evaluation chunks as its runs' */
	memset(m, 0, sizeof m);
	for (int j = 0; j < 3; j++)
		if (mlp_init(&m[j], c, ds->d, ds->k, trainer_capacity(c, bmax)) != ST_OK) {
			for (int i = 0; i < j; i++)
				mlp_free(&m[i]);
			return ST_NOMEM;
		}
	if (!(rows = xcalloc(nrows, sizeof *rows))) {
		st = ST_NOMEM;
		goto out;
	}
	for (size_t s = 0; s < c->n_seeds && st == ST_OK; s++) {
		struct run_point a = {0}, b = {0};
		a.batch_size = bmin, a.batch_index = bs_min, a.seed = c->seeds[s], a.seed_index = s;
		b.batch_size = bmax, b.batch_index = bs_max, b.seed = c->seeds[s], b.seed_index = s;
		runfile_weights_path(path, sizeof path, dir, rt, a);
		if ((st = weights_read(path, &m[0], err, errsize)) != ST_OK)
			break;
		runfile_weights_path(path, sizeof path, dir, rt, b);
		if ((st = weights_read(path, &m[1], err, errsize)) != ST_OK)
			break;
		for (size_t k = 0; k < INTERP_POINTS; k++) {
			struct interp_row *r = &rows[s * INTERP_POINTS + k];
			double alpha = ((double)k - 10.0) / 10.0;
			/* exact at alpha 0 and 1: 1 w + 0 w' rounds to w */
			for (size_t j = 0; j < m[2].n_params; j++)
				m[2].params[j] = (float)((1.0 - alpha) * (double)m[0].params[j] +
							 alpha * (double)m[1].params[j]);
			r->seed = c->seeds[s];
			r->batch_small = bmin;
			r->batch_large = bmax;
			r->alpha = alpha;
			r->train_loss = mlp_evaluate(&m[2], ds->x, ds->y, n, &r->train_acc);
			r->val_loss = mlp_evaluate(&m[2], ds->x + n * D, ds->y + n, ds->n - n,
						   &r->val_acc);
		}
	}
	if (st == ST_OK)
		st = runfile_write_table(dir, INTERP_FILE, &runfile_interp, rows, sizeof *rows,
					 nrows, err, errsize);
out:
	free(rows);
	for (int j = 0; j < 3; j++)
		mlp_free(&m[j]);
	return st;
}
