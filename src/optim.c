/* optim.c: Adam, AdamW, SGD (momentum, Nesterov) and RMSprop in Keras'
 * formulation, and Keras' decoupled weight decay.  One loop over flat
 * arrays per step (two with weight decay); no allocation after optim_init.
 * The L2 penalty is not here: it belongs to the model's loss
 * (mlp_l2_backward), as Keras' kernel_regularizer does.
 *
 * Keras' update rules (Keras 3, keras/src/optimizers/) compute in the
 * variable's dtype, float32: ops.cast(learning_rate, variable.dtype), and
 * a Python float hyperparameter (self.rho, 1 - self.beta_1, computed in
 * double) becomes a float32 constant when it meets a float32 tensor.  So
 * every hyperparameter here is rounded to float once, as (float)x or
 * (float)(1.0 - x), and each Keras op is one float operation, in Keras'
 * order (-ffp-contract=off: no fused multiply-adds).  The exception is
 * `adam`, Keras 2's form, whose step size is computed in double.
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

#include "update.h"
#include "util.h"

size_t optim_arrays(const struct config *c)
{
	switch (c->optimizer) {
	case OPT_ADAM:
	case OPT_ADAMW:
		return 2;
	case OPT_RMSPROP:
		return c->momentum > 0.0 ? 2 : 1;
	case OPT_SGD:
	default:
		return c->momentum != 0.0 ? 1 : 0;
	}
}

size_t optim_bytes(size_t n, size_t arrays)
{
	size_t floats, bytes;
	return size_mul(n, arrays, &floats) &&
	       size_mul(floats, sizeof(float), &bytes) ? bytes : 0;
}

enum status optim_init(struct optim *o, const struct config *c, size_t n,
		       size_t arrays)
{
	memset(o, 0, sizeof *o);
	o->n = n;
	o->arrays = arrays;
	if (arrays) {
		if (!optim_bytes(n, arrays))
			return ST_NOMEM;
		o->state = xcalloc(n * arrays, sizeof(float));
		if (!o->state)
			return ST_NOMEM;
	}
	optim_reset(o, c);
	return ST_OK;
}

void optim_reset(struct optim *o, const struct config *run)
{
	size_t arrays = optim_arrays(run);
	o->kind = run->optimizer;
	o->beta_1 = run->beta_1;
	o->beta_2 = run->beta_2;
	o->epsilon = run->epsilon;
	o->momentum = run->momentum;
	o->nesterov = run->nesterov;
	o->rho = run->rho;
	o->weight_decay = run->weight_decay;
	o->t = 0;
	if (arrays)
		memset(o->state, 0, arrays * o->n * sizeof(float));
	/* rmsprop's mean square is always kept, its momentum only when > 0 */
	o->m = o->v = NULL;
	if (o->kind == OPT_RMSPROP) {
		o->v = o->state;
		o->m = arrays == 2 ? o->state + o->n : NULL;
	} else {
		o->m = arrays >= 1 ? o->state : NULL;
		o->v = arrays >= 2 ? o->state + o->n : NULL;
	}
}

/* Keras 2's Adam, unchanged since bsweep's first version (optim.h). */
static void adam_step(struct optim *o, float *restrict w,
		      const float *restrict g, double lr)
{
	float *restrict m = o->m, *restrict v = o->v;
	double t = (double)o->t;
	float alpha = (float)(lr * sqrt(1.0 - pow(o->beta_2, t)) /
			      (1.0 - pow(o->beta_1, t)));
	float b1 = (float)o->beta_1, b2 = (float)o->beta_2;
	float c1 = (float)(1.0 - o->beta_1), c2 = (float)(1.0 - o->beta_2);
	float eps = (float)o->epsilon;
	upd_adam(o->n, w, g, m, v, alpha, b1, b2, c1, c2, eps);
}

/* Keras 3's Adam (keras/src/optimizers/adam.py, amsgrad=False), which
 * AdamW is with a weight decay:
 *     lr = ops.cast(learning_rate, variable.dtype)
 *     local_step = ops.cast(self.iterations + 1, variable.dtype)
 *     beta_1_power = ops.power(ops.cast(self.beta_1, variable.dtype), local_step)
 *     beta_2_power = ops.power(ops.cast(self.beta_2, variable.dtype), local_step)
 *     alpha = lr * ops.sqrt(1 - beta_2_power) / (1 - beta_1_power)
 *     self.assign_add(m, ops.multiply(ops.subtract(gradient, m), 1 - self.beta_1))
 *     self.assign_add(v, ops.multiply(ops.subtract(ops.square(gradient), v), 1 - self.beta_2))
 *     self.assign_sub(variable, ops.divide(ops.multiply(m, alpha),
 *                                          ops.add(ops.sqrt(v), self.epsilon)))
 * The float powers by powf: correctly rounded but for rare cases in
 * glibc, as NumPy's float32 power (which calls it) and TensorFlow's CPU
 * kernel; another backend's pow may differ in the last bit. */
static void adamw_step(struct optim *o, float *restrict w,
		       const float *restrict g, double lr)
{
	float *restrict m = o->m, *restrict v = o->v;
	float step = (float)o->t;
	float b1p = powf((float)o->beta_1, step), b2p = powf((float)o->beta_2, step);
	float alpha = (float)lr * sqrtf(1.0f - b2p) / (1.0f - b1p);
	float c1 = (float)(1.0 - o->beta_1), c2 = (float)(1.0 - o->beta_2);
	float eps = (float)o->epsilon;
	upd_adam3(o->n, w, g, m, v, alpha, c1, c2, eps);
}

/* Keras' SGD (keras/src/optimizers/sgd.py; Keras 2's has the same form):
 *     m = ops.subtract(ops.multiply(m, momentum), ops.multiply(gradient, learning_rate))
 *     if self.nesterov:
 *         self.assign_add(variable, ops.subtract(ops.multiply(m, momentum),
 *                                                ops.multiply(gradient, learning_rate)))
 *     else:
 *         self.assign_add(variable, m)
 * and with momentum 0 (no m), Nesterov or not:
 *     self.assign_sub(variable, ops.multiply(gradient, learning_rate)) */
static void sgd_step(struct optim *o, float *restrict w,
		     const float *restrict g, double lr)
{
	upd_sgd(o->n, w, g, o->momentum == 0.0 ? NULL : o->m, (float)lr, (float)o->momentum,
		o->nesterov);
}

/* Keras 3's RMSprop (keras/src/optimizers/rmsprop.py), centered=False:
 *     self.assign(velocity, ops.add(ops.multiply(rho, velocity),
 *                                   ops.multiply(1 - rho, ops.square(gradient))))
 *     denominator = ops.add(velocity, self.epsilon)
 *     increment = ops.divide(ops.multiply(lr, gradient), ops.sqrt(denominator))
 *     if self.momentum > 0:
 *         self.assign(momentum, ops.add(ops.multiply(self.momentum, momentum), increment))
 *         self.assign_sub(variable, momentum)
 *     else:
 *         self.assign_sub(variable, increment)
 * Note epsilon inside the root, unlike Adam's. */
static void rmsprop_step(struct optim *o, float *restrict w,
			 const float *restrict g, double lr)
{
	float lrf = (float)lr, rho = (float)o->rho, c = (float)(1.0 - o->rho);
	float eps = (float)o->epsilon, mu = (float)o->momentum;
	upd_rmsprop(o->n, w, g, o->v, o->m, lrf, rho, c, eps, mu);
}

/* The step; first Keras 3's BaseOptimizer._apply_weight_decay (upd_decay),
 * called before the update step with the same learning rate, on every
 * trainable variable (kernels and biases: none is excluded by default):
 *     lr = ops.cast(self.learning_rate, variable.dtype)
 *     wd = ops.cast(self.weight_decay, variable.dtype)
 *     variable.assign(variable - variable * wd * lr)
 * (the TensorFlow backend's override: variable.assign_sub(variable * wd *
 * lr), the same operations). */
void optim_step(struct optim *o, float *params, const float *grads, double lr)
{
	o->t++;
	if (o->weight_decay != 0.0)
		upd_decay(o->n, params, (float)o->weight_decay, (float)lr);
	switch (o->kind) {
	case OPT_ADAM:    adam_step(o, params, grads, lr); break;
	case OPT_ADAMW:   adamw_step(o, params, grads, lr); break;
	case OPT_RMSPROP: rmsprop_step(o, params, grads, lr); break;
	case OPT_SGD:
	default:          sgd_step(o, params, grads, lr); break;
	}
}

void optim_free(struct optim *o)
{
	free(o->state);
	o->state = o->m = o->v = NULL;
}
