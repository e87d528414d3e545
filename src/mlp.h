/* mlp.h: a multilayer perceptron, Dense layers then a softmax output.
 *
 * Dimension letters used project-wide: N rows in a dataset, B rows in a
 * batch, D inputs, H hidden width, K outputs (classes), L layers.
 *
 * One struct owns everything a run needs: the parameters and their
 * gradients (one flat buffer each, same layout, so optim.c loops over flat
 * arrays), and the activations and their gradients for up to `capacity`
 * rows.  Everything is allocated by mlp_init before training; nothing is
 * allocated during a step.
 *
 * Layer l (0-based, L = n_hidden + 1 layers) has weights W_l of shape
 * (out_l, in_l), as in PyTorch, and bias b_l of shape (out_l): Y = X W^T + b.
 *
 * Two implementations of the same passes (mlp.c explains the choice): the
 * BLAS path, one cblas_sgemm per product over the batch, and the fused
 * path (kernels.c), blocks of rows in vector lanes.  mlp_init picks one by
 * shape; mlp_set_path forces one.
 */
#ifndef BSWEEP_MLP_H
#define BSWEEP_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "rng.h"
#include "util.h"

#define MLP_MAX_LAYERS (CONFIG_MAX_HIDDEN + 1)

enum mlp_path {
	MLP_PATH_AUTO,   /* by shape: mlp_auto_path */
	MLP_PATH_BLAS,   /* one cblas_sgemm per product over the batch */
	MLP_PATH_FUSED   /* kernels.c: blocks of rows in vector lanes */
};

struct mlp {
	size_t L;                          /* number of Dense layers */
	size_t width[MLP_MAX_LAYERS + 1];  /* width[0] = D, width[L] = K */
	enum activation act;               /* hidden layers; output is softmax */
	size_t capacity;                   /* rows the activation buffers hold */

	size_t n_params;
	float *params, *grads;             /* (n_params) each, same layout */
	float *W[MLP_MAX_LAYERS], *b[MLP_MAX_LAYERS];   /* views into params */
	float *dW[MLP_MAX_LAYERS], *db[MLP_MAX_LAYERS]; /* views into grads */

	float *acts;                       /* one allocation, views below */
	float *a[MLP_MAX_LAYERS];          /* (capacity, width[l+1]) layer outputs; a[L-1] = logits */
	float *da[MLP_MAX_LAYERS];         /* their gradients */
	float *probs;                      /* (capacity, K) softmax of the logits */

	enum mlp_path path;                /* BLAS or FUSED, never AUTO */
	void *fused_mem;                   /* the fused path's scratch, or NULL */
	float *lanes, *block;              /* views into it (kernels.h) */
	float *xb;                         /* the BLAS path's gathered batch
					      (capacity, D), or NULL */
	int32_t *yb;                       /* its labels (capacity), in xb's block */
};

/* Size of the network from the config; capacity = most rows passed to one
 * call; the path mlp_auto_path chooses.  ST_OK, or ST_NOMEM when out of
 * memory or when a size overflows; m then holds nothing to free. */
enum status mlp_init(struct mlp *m, const struct config *c, size_t D, size_t K,
		     size_t capacity);
void mlp_free(struct mlp *m);

/* The path mlp_init chooses for this shape (never MLP_PATH_AUTO): see
 * the dispatch rule at the top of mlp.c. */
enum mlp_path mlp_auto_path(const struct config *c, size_t D, size_t K);

/* Use this path from now on (MLP_PATH_AUTO: mlp_auto_path's); for tests
 * and benchmarks.  The first switch to a path allocates its scratch:
 * ST_OK, or ST_NOMEM (path unchanged). */
enum status mlp_set_path(struct mlp *m, enum mlp_path path);

/* Bytes mlp_init allocates: parameters, gradients, activations and their
 * gradients for capacity rows, and the scratch of the path mlp_auto_path
 * picks (the fused path's lanes, or the BLAS path's gathered batch).
 * The model's layer of the memory model (trainer_bytes sums the layers);
 * 0 on overflow. */
size_t mlp_bytes(const struct config *c, size_t D, size_t K, size_t capacity);

/* Number of parameters of the network the config describes. */
size_t mlp_param_count(const struct config *c, size_t D, size_t K);

/* The layer widths of c with D inputs and K classes into width
 * (MLP_MAX_LAYERS + 1): width[0] = D, the hidden widths, width[L] = K;
 * returns L, the number of Dense layers. */
size_t mlp_widths(const struct config *c, size_t D, size_t K, size_t *width);

/* The sum of widths 0..L into *sum and the largest into *widest: what a
 * per-row scratch buffer of every layer's activations needs. */
void mlp_width_sum(const size_t *width, size_t L, size_t *sum, size_t *widest);

/* Fresh weights: for each layer in order, W = uniform(-lim, lim) drawn
 * row-major from rng (then rounded to float32), lim from the initialiser
 * (he: sqrt(6/in), glorot: sqrt(6/(in+out)), lecun: sqrt(3/in)); biases
 * zero.  Equals NumPy's rs.uniform(-lim, lim, size=(out, in)). */
void mlp_init_weights(struct mlp *m, const struct config *c, struct rng *rng);

/* Forward pass on x (B, D) -> logits a[L-1] (B, K) and probs (B, K).
 * Adds the batch's summed cross-entropy to *loss_sum and its number of
 * correct argmax predictions to *correct.  B <= capacity. */
void mlp_forward(struct mlp *m, const float *x, const int32_t *y, size_t B,
		 double *loss_sum, size_t *correct);

/* Backward pass after mlp_forward on the same x, y, B: OVERWRITES grads
 * with the gradient of the MEAN cross-entropy over the B rows (the 1/B
 * scale is applied once, in the softmax gradient).  The fused path does
 * not read a[]: it runs its forward again, block by block. */
void mlp_backward(struct mlp *m, const float *x, const int32_t *y, size_t B);

/* One training batch: mlp_forward then mlp_backward in one call (on the
 * fused path, one pass, without storing a[] or probs).  rows: NULL for the
 * first B rows of x and y, or the B row indices to read (a shuffled
 * batch): the fused path reads through them, the BLAS path gathers them
 * into xb first, since cblas_sgemm needs the batch contiguous. */
void mlp_forward_backward(struct mlp *m, const float *x, const int32_t *y,
			  const uint32_t *rows, size_t B, double *loss_sum,
			  size_t *correct);

/* The gradient of the coupled L2 penalty l2 sum_l sum(W_l^2) (Keras'
 * kernel_regularizer=L2(l2) on every Dense layer; biases are not
 * penalised), ADDED to each dW_l: call it after mlp_backward or
 * mlp_forward_backward, before the optimizer step.  In float32 as
 * TensorFlow's autodiff computes it: dW += l2 (2 W), one rounding each
 * (mlp.c).  The penalty itself is never computed: the losses mlp_forward
 * and mlp_evaluate report are the cross-entropy alone. */
void mlp_l2_backward(struct mlp *m, double l2);

/* Loss and accuracy over N rows, forward only (BLAS path: in chunks of
 * capacity; fused path: a[] and probs untouched).  Returns the mean loss;
 * *acc gets the fraction correct. */
double mlp_evaluate(struct mlp *m, const float *x, const int32_t *y, size_t N,
		    double *acc);

#endif
