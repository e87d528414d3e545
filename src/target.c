/* target.c: the first evaluation that meets a run's target (target.h). */
#include "target.h"

#include <math.h>

void target_clear(struct target_hit *h)
{
	h->steps = h->epochs = h->examples = h->seconds = NAN;
}

int target_reached(const struct target_hit *h)
{
	return !isnan(h->steps);
}

int target_meets(enum target_metric m, double value, double x)
{
	switch (m) {
	case TGT_NONE: return 0;
	case TGT_VAL_ACC:
	case TGT_TRAIN_ACC: return x >= value;
	case TGT_VAL_LOSS:
	case TGT_TRAIN_LOSS: return x <= value;
	}
	return 0;
}

static double metric_of(enum target_metric m, const struct target_eval *ev)
{
	switch (m) {
	case TGT_NONE: break;
	case TGT_VAL_ACC: return ev->val_acc;
	case TGT_VAL_LOSS: return ev->val_loss;
	case TGT_TRAIN_ACC: return ev->train_acc;
	case TGT_TRAIN_LOSS: return ev->train_loss;
	}
	return NAN;
}

int target_observe(const struct config *c, struct target_hit *h,
		   const struct target_eval *ev)
{
	if (!target_meets(c->target_metric, c->target_value, metric_of(c->target_metric, ev)))
		return 0;
	if (!target_reached(h)) {
		h->steps = (double)ev->steps;
		h->epochs = (double)ev->steps / (double)ev->steps_per_epoch;
		h->examples = (double)ev->examples;
		h->seconds = ev->seconds;
	}
	return 1;
}

size_t target_resolution(const struct config *c, size_t steps_per_epoch)
{
	return c->eval_every && c->eval_every < steps_per_epoch ? c->eval_every : steps_per_epoch;
}
