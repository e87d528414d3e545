/* optim.h: optimizer steps over flat parameter and gradient arrays.
 *
 * Each rule is a Keras optimizer's update_step, in float32, operation for
 * operation (optim.c quotes the Keras source), with the step's learning
 * rate lr passed to optim_step:
 *   adam     Keras 2's Adam (step t from 1; epsilon added to sqrt(v), the
 *            bias correction folded into the step size, in double):
 *              m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 *              alpha = lr sqrt(1 - b2^t) / (1 - b1^t);   w -= alpha m / (sqrt(v) + eps)
 *   adamw    Keras 3's AdamW, i.e. Keras 3's Adam (all in float32, b^t by
 *            powf, the moments updated as m += (g - m)(1 - b1)) with
 *            decoupled weight decay; see optim.c for the exact form
 *   sgd      Keras' SGD: with momentum mu, vel = mu vel - lr g, then
 *            w += vel, or with Nesterov w += mu vel - lr g (the new vel);
 *            mu = 0: w -= lr g (Nesterov or not)
 *   rmsprop  Keras 3's RMSprop, centered=False:
 *              v = rho v + (1 - rho) g^2;   inc = lr g / sqrt(v + eps)
 *              momentum mu > 0: mom = mu mom + inc, w -= mom;  else w -= inc
 * Weight decay (any optimizer; 0 = off), Keras 3's base optimizer, before
 * the update and on every parameter: w = w - w wd lr.  The coupled L2
 * penalty (config l2) is the model's: mlp_l2_backward adds it to the
 * kernels' gradients before optim_step.
 */
#ifndef BSWEEP_OPTIM_H
#define BSWEEP_OPTIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "util.h"

struct optim {
	size_t n;            /* number of parameters */
	size_t arrays;       /* state arrays allocated, (n) floats each */
	float *state;        /* (arrays, n): one allocation, or NULL */
	/* the run's rule and hyperparameters (optim_reset) */
	enum optimizer kind;
	double beta_1, beta_2, epsilon, momentum, rho, weight_decay;
	bool nesterov;
	float *m, *v;        /* the run's views into state, NULL when unused:
				adam, adamw: first and second moments; sgd:
				m = velocity; rmsprop: v = mean square,
				m = momentum */
	uint64_t t;          /* steps taken in this run */
};

/* State arrays of n floats the config's optimizer keeps: adam and adamw
 * 2; rmsprop 1, 2 with momentum; sgd 0, 1 with momentum. */
size_t optim_arrays(const struct config *c);

/* Bytes optim_init allocates for n parameters and `arrays` state arrays;
 * 0 on overflow (or when there is no state). */
size_t optim_bytes(size_t n, size_t arrays);

/* Allocate `arrays` state arrays of n floats, for every run the optimizer
 * will serve (the largest optim_arrays over them, at least optim_arrays(c)),
 * then optim_reset(o, c).  ST_OK, or ST_NOMEM (nothing to free). */
enum status optim_init(struct optim *o, const struct config *c, size_t n,
		       size_t arrays);

/* A fresh optimizer for a new run: the rule and hyperparameters of `run`
 * (optimizer, beta_1, beta_2, epsilon, momentum, nesterov, rho,
 * weight_decay; not learning_rate, which optim_step takes), step 0, zero
 * state.  optim_arrays(run) must not exceed the arrays allocated. */
void optim_reset(struct optim *o, const struct config *run);

/* One update of params (n) from grads (n), at learning rate lr (this
 * step's: a schedule may change it from step to step). */
void optim_step(struct optim *o, float *params, const float *grads, double lr);

void optim_free(struct optim *o);

#endif
