/* optim.c: Adam and SGD (with momentum) in Keras' formulation.  One loop
 * over flat arrays per step; no allocation after optim_init.
 *
 * The loops are element-wise with restrict pointers, so the compiler
 * vectorises them (-ftree-vectorize; -fno-math-errno lets sqrtf become
 * vsqrtps): IEEE float operations give the same bits in vector or scalar
 * form, which tests/test_optim.c checks against a scalar emulation.  At
 * the seed's 303 parameters an Adam step costs ~130 ns, mostly its 37
 * vector square roots and divisions (AVX) and the two pow() calls of the
 * bias correction; both are needed for results identical to NumPy's. */
#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Arrays of state: Adam m and v, SGD with momentum its velocity m, plain
 * SGD none. */
static size_t state_arrays(const struct config *c)
{
	return c->optimizer == OPT_ADAM ? 2 : c->momentum != 0.0 ? 1 : 0;
}

size_t optim_bytes(const struct config *c, size_t n)
{
	size_t bytes;
	return size_mul(n, state_arrays(c) * sizeof(float), &bytes) ? bytes : 0;
}

enum status optim_init(struct optim *o, const struct config *c, size_t n)
{
	size_t arrays = state_arrays(c);
	memset(o, 0, sizeof *o);
	o->kind = c->optimizer;
	o->n = n;
	o->lr = c->learning_rate;
	o->beta_1 = c->beta_1;
	o->beta_2 = c->beta_2;
	o->epsilon = c->epsilon;
	o->momentum = c->momentum;
	o->m = arrays >= 1 ? xcalloc(n, sizeof(float)) : NULL;
	o->v = arrays >= 2 ? xcalloc(n, sizeof(float)) : NULL;
	if ((arrays >= 1 && !o->m) || (arrays >= 2 && !o->v)) {
		optim_free(o);
		return ST_NOMEM;
	}
	return ST_OK;
}

void optim_reset(struct optim *o)
{
	if (o->m)
		memset(o->m, 0, o->n * sizeof(float));
	if (o->v)
		memset(o->v, 0, o->n * sizeof(float));
	o->t = 0;
}

static void adam_step(struct optim *o, float *restrict w,
		      const float *restrict g)
{
	float *restrict m = o->m, *restrict v = o->v;
	double t = (double)o->t;
	float alpha = (float)(o->lr * sqrt(1.0 - pow(o->beta_2, t)) /
			      (1.0 - pow(o->beta_1, t)));
	float b1 = (float)o->beta_1, b2 = (float)o->beta_2;
	float c1 = (float)(1.0 - o->beta_1), c2 = (float)(1.0 - o->beta_2);
	float eps = (float)o->epsilon;
	for (size_t i = 0; i < o->n; i++) {
		m[i] = b1 * m[i] + c1 * g[i];
		v[i] = b2 * v[i] + c2 * (g[i] * g[i]);
		w[i] -= alpha * m[i] / (sqrtf(v[i]) + eps);
	}
}

static void sgd_step(struct optim *o, float *restrict w,
		     const float *restrict g)
{
	float lr = (float)o->lr, mu = (float)o->momentum;
	float *restrict vel = o->m;
	if (o->momentum == 0.0) {
		for (size_t i = 0; i < o->n; i++)
			w[i] -= lr * g[i];
		return;
	}
	for (size_t i = 0; i < o->n; i++) {
		vel[i] = mu * vel[i] - lr * g[i];
		w[i] += vel[i];
	}
}

void optim_step(struct optim *o, float *params, const float *grads)
{
	o->t++;
	if (o->kind == OPT_ADAM)
		adam_step(o, params, grads);
	else
		sgd_step(o, params, grads);
}

void optim_free(struct optim *o)
{
	free(o->m);
	free(o->v);
	o->m = o->v = NULL;
}
