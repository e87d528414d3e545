/* target.h: when a run first meets the config's target (analysis.target:
 * a metric and a value; issue 12, MLPerf's "time to train", Shallue et
 * al. 2019's "steps to result").
 *
 * A target is met by an accuracy that reaches the value (>=) and by a
 * loss that falls to it (<=); NaN never meets it.  It is looked for at
 * every evaluation of a run: each epoch's end and, with
 * analysis.eval_every = k, also after every k-th step of the run (the
 * validation set evaluated then with the current weights; the training
 * metrics then are the running means of the epoch so far, as Keras'
 * progress bar shows them).  The first evaluation that meets it gives
 * the run's steps, epochs (steps / steps_per_epoch, fractional), examples
 * and training seconds (the steps' time, evaluations excluded) to
 * target.  A run that never meets it is censored: all four are NaN (empty
 * fields in summary.csv).  The resolution is the steps between two
 * evaluations: steps_per_epoch, or min(k, steps_per_epoch).
 *
 * Knows nothing of files or of the other runs of the sweep.
 */
#ifndef BSWEEP_TARGET_H
#define BSWEEP_TARGET_H

#include <stddef.h>

#include "config.h"

/* Where a run met its target; every field NaN when it did not. */
struct target_hit {
	double steps, epochs, examples, seconds;
};

/* One evaluation of a run. */
struct target_eval {
	size_t steps, examples;     /* so far in the run */
	size_t steps_per_epoch;
	double seconds;             /* training seconds so far */
	double train_loss, train_acc, val_loss, val_acc;
};

/* A hit that has not happened (all NaN). */
void target_clear(struct target_hit *h);

/* Has h happened? */
int target_reached(const struct target_hit *h);

/* Does the value x of metric m meet the target value (an accuracy:
 * x >= value; a loss: x <= value)?  Never for TGT_NONE or NaN. */
int target_meets(enum target_metric m, double value, double x);

/* Record evaluation ev into h when c has a target, h has not happened
 * and ev meets it.  Returns 1 when ev meets the target (whether or not
 * it was the first), else 0. */
int target_observe(const struct config *c, struct target_hit *h,
		   const struct target_eval *ev);

/* The steps between two evaluations of a run at this many steps per
 * epoch: min(eval_every, steps_per_epoch), steps_per_epoch without
 * eval_every. */
size_t target_resolution(const struct config *c, size_t steps_per_epoch);

#endif
