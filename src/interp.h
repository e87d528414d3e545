/* interp.h: Keskar et al.'s 1-D picture (arXiv:1609.04836, their figure
 * 3): the training and validation loss along the line through the final
 * weights of the smallest and the largest batch size of the same seed,
 *   w(alpha) = (1 - alpha) w_small + alpha w_large,
 * alpha from INTERP_FROM to INTERP_TO in INTERP_POINTS evenly spaced
 * values (alpha_k = (k - 10) / 10: -1, -0.9, ..., 2; exactly 0 and 1 at
 * the runs' own weights, which the line then reproduces bit for bit).
 *
 * With analysis.sharpness and analysis.weights, a config without a grid
 * and at least two batch sizes: after the sweep, from the runs' saved
 * weights (weights.h), to DIR/interpolation.csv (runfile_interp's
 * columns), one row per seed and alpha, config order of the seeds.  The
 * losses are the mean cross-entropy (no L2 penalty) and the accuracy of
 * each whole set, forward only in float32 by mlp_evaluate with the
 * sweep's own path and evaluation chunks: at alpha 0 and 1 they equal the
 * runs' final val_loss and (with analysis.eval_train) train_eval_loss. */
#ifndef BSWEEP_INTERP_H
#define BSWEEP_INTERP_H

#include <stddef.h>

#include "config.h"
#include "data.h"
#include "runfile.h"
#include "util.h"

#define INTERP_POINTS 31
#define INTERP_FILE "interpolation.csv"

/* Does sweep c write DIR/interpolation.csv? */
int interp_wanted(const struct config *c);

/* Write DIR/interpolation.csv for sweep c over dataset ds when
 * interp_wanted; else remove a stale one of an earlier sweep.  ST_OK; ST_NOMEM; ST_IO or ST_INPUT with
 * a message naming the path. */
enum status interp_write(const char *dir, const struct config *c, const struct dataset *ds,
			 const struct runfile_tables *rt, char *err, size_t errsize);

#endif
