/* update.c: the optimizers' element-wise updates, once per instruction set
 * (update.h).  The Makefile compiles this file with the flags of each
 * variant of kernels.c (KERN_VARIANT names it); isa.c calls the chosen
 * one.  The loops are optim.c's, unchanged: the compiler vectorises them
 * at the variant's width, and since every operation is lane-wise and
 * rounded once (-ffp-contract=off, no reassociation), each element gets
 * the same bits in every variant and in a scalar remainder. */
#include "update.h"

#include <math.h>

#define UPD_PASTE(name, v) name##_##v
#define UPD_NAME(name, v) UPD_PASTE(name, v)
#define UPD_FN(name) UPD_NAME(name, KERN_VARIANT)
#define UPD_DECLARE_VARIANT(v) UPD_DECLARE(v)
UPD_DECLARE_VARIANT(KERN_VARIANT)

void UPD_FN(upd_adam)(size_t n, float *restrict w, const float *restrict g,
		      float *restrict m, float *restrict v, float alpha, float b1,
		      float b2, float c1, float c2, float eps)
{
	for (size_t i = 0; i < n; i++) {
		m[i] = b1 * m[i] + c1 * g[i];
		v[i] = b2 * v[i] + c2 * (g[i] * g[i]);
		w[i] -= alpha * m[i] / (sqrtf(v[i]) + eps);
	}
}

void UPD_FN(upd_adam3)(size_t n, float *restrict w, const float *restrict g,
		       float *restrict m, float *restrict v, float alpha, float c1,
		       float c2, float eps)
{
	for (size_t i = 0; i < n; i++) {
		m[i] += (g[i] - m[i]) * c1;
		v[i] += (g[i] * g[i] - v[i]) * c2;
		w[i] -= m[i] * alpha / (sqrtf(v[i]) + eps);
	}
}

void UPD_FN(upd_rmsprop)(size_t n, float *restrict w, const float *restrict g,
			 float *restrict v, float *restrict mom, float lr, float rho,
			 float c, float eps, float mu)
{
	if (!mom) {
		for (size_t i = 0; i < n; i++) {
			v[i] = rho * v[i] + c * (g[i] * g[i]);
			w[i] -= lr * g[i] / sqrtf(v[i] + eps);
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = rho * v[i] + c * (g[i] * g[i]);
		mom[i] = mu * mom[i] + lr * g[i] / sqrtf(v[i] + eps);
		w[i] -= mom[i];
	}
}

void UPD_FN(upd_sgd)(size_t n, float *restrict w, const float *restrict g,
		     float *restrict vel, float lr, float mu, int nesterov)
{
	if (!vel) {
		for (size_t i = 0; i < n; i++)
			w[i] -= lr * g[i];
	} else if (!nesterov) {
		for (size_t i = 0; i < n; i++) {
			vel[i] = mu * vel[i] - lr * g[i];
			w[i] += vel[i];
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			vel[i] = mu * vel[i] - lr * g[i];
			w[i] += mu * vel[i] - lr * g[i];
		}
	}
}

void UPD_FN(upd_decay)(size_t n, float *restrict w, float wd, float lr)
{
	for (size_t i = 0; i < n; i++)
		w[i] = w[i] - w[i] * wd * lr;
}
