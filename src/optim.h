/* optim.h: optimizer steps over flat parameter and gradient arrays.
 *
 * Adam exactly as Keras 2 does it (step t from 1; epsilon added to
 * sqrt(v) with no bias correction of v inside the root):
 *   m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 *   alpha = lr sqrt(1 - b2^t) / (1 - b1^t);   w -= alpha m / (sqrt(v) + eps)
 * SGD as Keras' SGD: with momentum mu, vel = mu vel - lr g; w += vel
 * (mu = 0: w -= lr g).
 * float32 state; the bias-correction powers in double.
 */
#ifndef BSWEEP_OPTIM_H
#define BSWEEP_OPTIM_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "util.h"

struct optim {
	enum optimizer kind;
	size_t n;            /* number of parameters */
	float *m, *v;        /* Adam moments, or m = SGD velocity; (n) each,
				NULL when the optimizer has no such state */
	double lr, beta_1, beta_2, epsilon, momentum;
	uint64_t t;          /* steps taken */
};

/* Allocate state for n parameters (zeroed): two arrays for Adam, one for
 * SGD with momentum, none for plain SGD.  ST_OK, or ST_NOMEM (nothing to
 * free). */
enum status optim_init(struct optim *o, const struct config *c, size_t n);

/* Bytes optim_init allocates for n parameters; 0 on overflow (or when
 * there is no state). */
size_t optim_bytes(const struct config *c, size_t n);

/* Back to step 0 with zero moments: a fresh optimizer for a new run. */
void optim_reset(struct optim *o);

/* One update of params (n) from grads (n). */
void optim_step(struct optim *o, float *params, const float *grads);

void optim_free(struct optim *o);

#endif
