/* noise.h: the gradient noise scale of McCandlish et al. 2018
 * (arXiv:1812.06162), measured exactly, and their two-batch estimator.
 *
 * Exact (noise_measure): at the current weights, one extra pass over the N
 * training rows, one row at a time in double.  For row i, g_i is the
 * gradient of row i's cross-entropy; for a Dense layer with input x_i and
 * output gradient delta_i the weight part of g_i is delta_i x_i^T, whose
 * squared norm is |x_i|^2 |delta_i|^2, plus |delta_i|^2 for the bias
 * (Goodfellow 2015, arXiv:1510.01799): no per-example gradient is stored.
 *   G           = (1/N) sum_i g_i              (the full-batch gradient)
 *   grad_norm2  = |G|^2
 *   trace_sigma = (1/N) sum_i |g_i|^2 - |G|^2  = tr(Sigma), Sigma the
 *                 covariance of the g_i over the training rows with the
 *                 1/N normalisation (the training set as the population;
 *                 times N/(N-1) for the unbiased sample covariance)
 *   b_simple    = trace_sigma / grad_norm2
 * The loss is the cross-entropy alone: an L2 penalty (train.l2) adds the
 * same 2 l2 W to every g_i, so it would leave Sigma unchanged but add to G;
 * it is left out of both, as of train_loss.
 *
 * Estimator (noise_batch, noise_estimate): the two-batch estimator of
 * their appendix A from the training minibatches themselves, at no extra
 * pass.  The full batches of an epoch (B rows; a last, smaller batch is
 * left out) are taken in consecutive pairs (steps 1-2, 3-4, ...; an odd
 * one out is left out): each pair's two gradients g_a, g_b are two small
 * batches, B_small = B, and their mean (g_a + g_b)/2 is the gradient of
 * the big batch of B_big = 2B rows, one optimizer step apart.  Over the
 * epoch's pairs, |G_small|^2 = mean of |g_a|^2 and |g_b|^2, |G_big|^2 =
 * mean of |(g_a + g_b)/2|^2, and
 *   grad_norm2_est  = (B_big |G_big|^2 - B_small |G_small|^2) / (B_big - B_small)
 *   trace_sigma_est = (|G_small|^2 - |G_big|^2) / (1/B_small - 1/B_big)
 *   b_simple_est    = trace_sigma_est / grad_norm2_est
 * NaN when the epoch has fewer than two full batches.  Departures from
 * their setting, which the exact columns expose: a pair's rows are drawn
 * without replacement from one permutation (at fixed weights E
 * trace_sigma_est = tr(Sigma) N/(N-1) exactly and E grad_norm2_est =
 * |G|^2 - tr(Sigma)/(N-1)), and the weights move by one step inside a
 * pair (theirs are at one point).  (The epoch as the big batch, B_big = N,
 * fails here: the weights move over an epoch, and near a minimum the
 * epoch's mean gradient nearly cancels, driving b_simple_est towards -N.)
 *
 * Nothing here touches the model's parameters, gradients, activations or
 * RNG: the measurement cannot change training (tests/noise.sh).
 */
#ifndef BSWEEP_NOISE_H
#define BSWEEP_NOISE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "mlp.h"
#include "util.h"

struct noise_values {
	double grad_norm2, trace_sigma, b_simple;             /* exact */
	double grad_norm2_est, trace_sigma_est, b_simple_est; /* two-batch */
};

struct noise {
	size_t n_params;
	double *g;          /* (n_params) the full gradient being summed */
	double *prev;       /* (n_params) the first gradient of a pair */
	double *wd;         /* (n_params) the weights in double */
	double *rowbuf;     /* a chunk's activations and deltas, double */
	size_t batch_size;  /* B_small of the epoch */
	int have_prev;      /* prev holds a pair's first gradient */
	size_t n_pairs;     /* pairs of full batches so far */
	double small_sum;   /* sum of their |g_a|^2 + |g_b|^2 */
	double big_sum;     /* sum of their |(g_a + g_b) / 2|^2 */
};

/* Bytes noise_init allocates for the network of c: the model's share of
 * the memory model when analysis.noise_scale is on.  0 on overflow. */
size_t noise_bytes(const struct config *c, size_t D, size_t K);

/* Scratch for model m's shape.  ST_OK or ST_NOMEM (nothing to free). */
enum status noise_init(struct noise *n, const struct mlp *m);
void noise_free(struct noise *n);

/* Start an epoch's estimator with batches of batch_size rows. */
void noise_epoch_begin(struct noise *n, size_t batch_size);

/* After mlp_forward_backward of a batch of nb rows, before any L2
 * gradient or optimizer step: reads grads (n_params), the gradient of the
 * batch's mean cross-entropy. */
void noise_batch(struct noise *n, const float *grads, size_t nb);

/* The two-batch estimates of the epoch so far into v's _est fields. */
void noise_estimate(const struct noise *n, struct noise_values *v);

/* The exact values at m's current weights over the N rows x (N, D), y (N)
 * into v's first three fields.  Reads m's parameters only. */
void noise_measure(struct noise *n, const struct mlp *m, const float *x,
		   const int32_t *y, size_t N, struct noise_values *v);

/* One row's per-example gradient squared norm |g_i|^2 at m's weights, by
 * the identity above, and (when g is not NULL) the explicit gradient g
 * (n_params, params' layout), for the tests of the identity. */
double noise_row(struct noise *n, const struct mlp *m, const float *x,
		 int32_t y, double *g);

#endif
