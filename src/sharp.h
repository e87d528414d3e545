/* sharp.h: sharpness, the largest eigenvalue of the Hessian of the mean
 * training loss at the final weights (Keskar et al. 2017,
 * arXiv:1609.04836), by power iteration on exact Hessian-vector products.
 *
 * The loss is the MEAN cross-entropy over the N training rows, as
 * train_loss and noise.h's measurement: the L2 penalty (train.l2) is NOT
 * included (it would add 2 l2 to the Hessian's kernel diagonal, l2 sum W^2
 * being a quadratic; the biases are unpenalised).
 *
 * Hv is exact, not a finite difference: Pearlmutter's R-operator
 * (forward-over-reverse; Pearlmutter 1994, "Fast exact multiplication by
 * the Hessian") in double, from the float32 weights converted to double:
 * one forward pass carrying the directional derivatives R{.} = d/dt (.)
 * (w + t v) at t = 0, then one backward pass carrying the gradient and its
 * R-derivative; Hv = R{gradient}.  Cost: about three forward-backward
 * passes over the training set per product.
 *
 * Power iteration (sharp_measure): start vector v0 uniform(-1, 1) from
 * rng seed SHARP_SEED (fixed: deterministic), normalised; v <- Hv / |Hv|;
 * the estimate is the Rayleigh quotient lambda_k = v_k . H v_k; stops when
 * |lambda_k - lambda_{k-1}| <= tol |lambda_k| or after max_iter products
 * (sweep: SHARP_TOL, SHARP_MAX_ITER).  Power iteration finds the
 * eigenvalue of largest MAGNITUDE: at a minimum the Hessian of the
 * cross-entropy is nearly positive semi-definite and that is the largest
 * eigenvalue.  When it comes out negative (a run that ended near a saddle,
 * with a negative curvature larger than any positive one), a second power
 * iteration on the shifted H - lambda_1 I, whose eigenvalues are all >= 0,
 * finds lambda_max - lambda_1: so the result is always the largest
 * (algebraic) eigenvalue, which may itself be negative.
 *
 * Nothing here touches the model's parameters, gradients, activations or
 * RNG: the measurement cannot change training (tests/sharp.sh).
 */
#ifndef BSWEEP_SHARP_H
#define BSWEEP_SHARP_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "mlp.h"
#include "util.h"

#define SHARP_SEED 0u        /* the start vector's RandomState seed */
#define SHARP_TOL 1e-8       /* relative change of the Rayleigh quotient */
#define SHARP_MAX_ITER 1000  /* Hessian-vector products at most */

struct sharp {
	size_t n_params;
	double *w;       /* (n_params) the weights in double */
	double *v, *hv;  /* (n_params) the iterate and H v */
	double *rowbuf;  /* one row's activations, their R-derivatives, deltas */
};

/* Bytes sharp_init allocates for the network of c: the model's share of
 * the memory model when analysis.sharpness is on.  0 on overflow. */
size_t sharp_bytes(const struct config *c, size_t D, size_t K);

/* Scratch for model m's shape.  ST_OK or ST_NOMEM (nothing to free). */
enum status sharp_init(struct sharp *s, const struct mlp *m);
void sharp_free(struct sharp *s);

/* hv (n_params) = H v, H the Hessian of the mean cross-entropy over the
 * N rows x (N, D), y (N), at weights w (n_params, m's parameter layout, in
 * double); m gives only the shapes and activation.  g: NULL, or
 * (n_params) gets the gradient at w (for the tests). */
void sharp_hvp(struct sharp *s, const struct mlp *m, const double *w,
	       const float *x, const int32_t *y, size_t N, const double *v,
	       double *hv, double *g);

/* The largest eigenvalue of that Hessian at m's current weights, by power
 * iteration (above) with this tolerance and at most max_iter products;
 * *iters (may be NULL) gets the products used.  Reads m's parameters
 * only. */
double sharp_measure(struct sharp *s, const struct mlp *m, const float *x,
		     const int32_t *y, size_t N, double tol, size_t max_iter,
		     size_t *iters);

#endif
