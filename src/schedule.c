/* schedule.c: learning-rate scaling, warm-up, decay and the budget's
 * length in steps (formulas in schedule.h).  Everything in double; the
 * optimizer rounds the rate as it needs. */
#include "schedule.h"

#include <math.h>
#include <string.h>

#include "train.h"

/* pi to double precision (M_PI is not C11) */
#define SCHEDULE_PI 3.14159265358979323846

size_t schedule_total_steps(const struct config *c, size_t n_train, size_t B, size_t S)
{
	size_t r;
	switch (c->budget) {
	case BUDGET_STEPS:
		return c->budget_amount;
	case BUDGET_EXAMPLES:
		/* whole epochs, then the fewest batches (all full: only an
		 * epoch's last batch is partial) that cover the rest */
		r = c->budget_amount % n_train;
		return c->budget_amount / n_train * S + r / B + (r % B != 0);
	case BUDGET_EPOCHS:
		break;
	}
	return c->epochs * S;
}

void schedule_init(struct lr_schedule *s, const struct config *c, size_t batch_size,
		   size_t n_train)
{
	size_t B = batch_size < n_train ? batch_size : n_train;
	size_t S = train_steps_per_epoch(n_train, B), W;
	memset(s, 0, sizeof *s);
	s->peak = config_peak_lr(c, B);
	s->steps_per_epoch = S;
	s->total_steps = schedule_total_steps(c, n_train, B, S);
	W = c->warmup_steps ? c->warmup_steps : c->warmup_epochs * S;
	s->warmup_steps = W < s->total_steps ? W : s->total_steps;
	s->start = c->warmup_start;
	s->kind = c->schedule;
	s->floor = c->schedule_floor;
	s->gamma = c->schedule_gamma;
	s->n_milestones = c->n_milestones;
	memcpy(s->milestones, c->milestones, c->n_milestones * sizeof *c->milestones);
	s->constant = s->warmup_steps == 0 &&
		      (s->kind == SCHED_CONSTANT || (s->kind == SCHED_STEP && s->n_milestones == 0));
}

/* decay(i) of schedule.h */
static double decay(const struct lr_schedule *s, size_t i)
{
	size_t T = s->total_steps, W = s->warmup_steps, passed = 0;
	double p;
	if (s->kind == SCHED_STEP) {
		for (size_t k = 0; k < s->n_milestones; k++)
			passed += s->milestones[k] <= i / s->steps_per_epoch;
		return passed ? pow(s->gamma, (double)passed) : 1.0;
	}
	if (s->kind == SCHED_CONSTANT || T <= W)
		return 1.0;
	p = i <= W ? 0.0 : (double)(i - W) / (double)(T - W);
	if (p > 1.0)
		p = 1.0;
	if (s->kind == SCHED_COSINE)
		return s->floor + (1.0 - s->floor) * 0.5 * (1.0 + cos(SCHEDULE_PI * p));
	return s->floor + (1.0 - s->floor) * (1.0 - p);
}

double schedule_lr(const struct lr_schedule *s, size_t step)
{
	double warm = 1.0;
	if (s->constant)
		return s->peak;
	if (step < s->warmup_steps)
		warm = s->start + (1.0 - s->start) * (double)step / (double)s->warmup_steps;
	return s->peak * warm * decay(s, step);
}
