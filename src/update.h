/* update.h: the optimizers' element-wise updates (optim.c's loops over
 * the parameters), in the instruction-set variants of the fused kernels.
 *
 * update.c is compiled once per variant, as kernels.c (Makefile), and
 * isa.c routes these functions to the chosen one.  Each loop is the
 * plain C loop optim.c had, vectorised by the compiler at the variant's
 * width; every operation in it is lane-wise (each product, sum, square
 * root and quotient rounded once, no FMA contraction), so every variant
 * gives the bits of the scalar loop, with subnormal numbers flushed to
 * zero (isa.c, as TensorFlow's kernels).  n parameters w, their gradient
 * g, the optimizer's state arrays, all of length n and not overlapping.
 */
#ifndef BSWEEP_UPDATE_H
#define BSWEEP_UPDATE_H

#include <stddef.h>

/* Keras 2's Adam: m = b1 m + c1 g; v = b2 v + c2 g^2;
 * w -= alpha m / (sqrt(v) + eps). */
void upd_adam(size_t n, float *w, const float *g, float *m, float *v,
	      float alpha, float b1, float b2, float c1, float c2, float eps);

/* Keras 3's Adam (AdamW without its decay): m += (g - m) c1;
 * v += (g^2 - v) c2; w -= m alpha / (sqrt(v) + eps). */
void upd_adam3(size_t n, float *w, const float *g, float *m, float *v,
	       float alpha, float c1, float c2, float eps);

/* Keras 3's RMSprop: v = rho v + c g^2; without momentum (mom NULL)
 * w -= lr g / sqrt(v + eps), with it mom = mu mom + lr g / sqrt(v + eps);
 * w -= mom. */
void upd_rmsprop(size_t n, float *w, const float *g, float *v, float *mom,
		 float lr, float rho, float c, float eps, float mu);

/* SGD: w -= lr g without momentum (vel NULL); with it vel = mu vel - lr g,
 * then w += vel, or with Nesterov w += mu vel - lr g. */
void upd_sgd(size_t n, float *w, const float *g, float *vel, float lr, float mu,
	     int nesterov);

/* Keras 3's weight decay, before the update: w = w - w wd lr. */
void upd_decay(size_t n, float *w, float wd, float lr);

/* The functions above as variant v defines them (upd_adam_avx2, ...),
 * for update.c and isa.c only. */
#define UPD_DECLARE(v)                                                              \
	void upd_adam_##v(size_t n, float *w, const float *g, float *m, float *v_,    \
			  float alpha, float b1, float b2, float c1, float c2, float eps); \
	void upd_adam3_##v(size_t n, float *w, const float *g, float *m, float *v_,   \
			   float alpha, float c1, float c2, float eps);               \
	void upd_rmsprop_##v(size_t n, float *w, const float *g, float *v_, float *mom, \
			     float lr, float rho, float c, float eps, float mu);      \
	void upd_sgd_##v(size_t n, float *w, const float *g, float *vel, float lr,    \
			 float mu, int nesterov);                                     \
	void upd_decay_##v(size_t n, float *w, float wd, float lr);

#endif
