/* schedule.h: the learning rate of each optimizer step of a run.
 *
 * From the run's config and batch size (the legend: B the effective batch
 * size, min(batch_size, n_train); S = ceil(n_train / B) steps per epoch):
 *
 *   peak     eta = learning_rate x 1 (rule none) | B/B0 (linear) |
 *            sqrt(B/B0) (sqrt), B0 = lr_base_batch; in double
 *            (config_peak_lr: the config's keys, config.c's).
 *   length   T optimizer steps: epochs budget, epochs x S; steps budget,
 *            the amount; examples budget, the fewest steps whose examples
 *            reach the amount: e = amount / n_train whole epochs and
 *            r = amount % n_train rows, T = e S + ceil(r / B).
 *   warm-up  W = warmup_steps, or warmup_epochs x S, capped at T.
 *   step i   (0-based: the (i+1)-th update)
 *            lr(i) = eta x warm(i) x decay(i),
 *            warm(i) = start + (1 - start) i / W for i < W, else 1;
 *            decay, with p = max(0, i - W) / (T - W) (decay = 1 when T <= W):
 *              constant  1
 *              cosine    floor + (1 - floor) 0.5 (1 + cos(pi p))
 *              linear    floor + (1 - floor) (1 - p)
 *              step      gamma^(number of milestones m <= floor(i / S)),
 *                        PyTorch MultiStepLR's convention: milestone 30
 *                        lowers the rate from the 31st epoch on; the step
 *                        schedule ignores W (warm-up multiplies it).
 *
 * The cosine and linear decays start after the warm-up and never quite
 * reach the floor: the last step has p = (T - 1 - W) / (T - W), as
 * PyTorch's LinearLR then CosineAnnealingLR(T_max = T - W) stepped once
 * per update.  With no scaling, no warm-up and the constant schedule
 * every step's rate is learning_rate itself, bit for bit.
 *
 * Knows nothing of the model or the optimizer: it only computes rates.
 */
#ifndef BSWEEP_SCHEDULE_H
#define BSWEEP_SCHEDULE_H

#include <stddef.h>

#include "config.h"

struct lr_schedule {
	double peak;            /* eta, after scaling */
	size_t steps_per_epoch; /* S */
	size_t total_steps;     /* T */
	size_t warmup_steps;    /* W, at most T */
	double start;           /* warm(0) */
	enum schedule kind;
	double floor, gamma;
	size_t n_milestones, milestones[CONFIG_MAX_MILESTONES];
	int constant;           /* every step's rate is peak (no warm-up,
				   constant schedule) */
};

/* The schedule of a run of config c at this batch size on n_train
 * training rows (batch_size may exceed n_train: B is capped).  Nothing
 * to free.  c must be valid as config_load leaves it: n_train, B0 and
 * the budget at least 1, at most one warm-up length non-zero. */
void schedule_init(struct lr_schedule *s, const struct config *c, size_t batch_size,
		   size_t n_train);

/* The learning rate of step i (0-based), any i (past T the rate the
 * formulas give: decays hold at p = 1, the floor). */
double schedule_lr(const struct lr_schedule *s, size_t step);

/* T, the optimizer steps of a run at effective batch size B and S steps
 * per epoch. */
size_t schedule_total_steps(const struct config *c, size_t n_train, size_t B, size_t S);

#endif
