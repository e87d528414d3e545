/* kernels.h: the fused path of mlp.c, for networks with small layers.
 *
 * Rows in vector lanes: a block of KERN_LANES rows is processed at once
 * (in slices of one register's lanes), each activation (features, lanes)
 * holding one feature of the block's rows per vector.  Pair by pair of blocks, one call runs the forward
 * pass, the softmax and loss, and (when training) the backward pass,
 * accumulating the gradient into lane-wise sums that are added across
 * lanes once at the end of the call.  Nothing is allocated: the scratch
 * lives in struct mlp (mlp_set_path).
 *
 * GCC vector extensions (also understood by clang) and nothing else: one
 * source compiled once per instruction set (on x86-64 SSE2, AVX2 and
 * AVX-512, chosen at start-up by isa.c, which defines the functions
 * below and routes them to the variant; the generic target's vectors
 * elsewhere).  Every variant computes the same thing bit for bit: the
 * vectors have 16 lanes whatever the registers' width (one AVX-512
 * register, two AVX2 or four SSE2 ones), so which row goes to which lane
 * and the order of every sum are the same, and there is no FMA
 * contraction: each product is rounded, then added.
 */
#ifndef BSWEEP_KERNELS_H
#define BSWEEP_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "mlp.h"

/* Rows per block, the same for every variant (results depend on it):
 * 16 floats, 64 bytes, one AVX-512 vector. */
#define KERN_LANES 16
/* The alignment of the scratch, in bytes: one whole vector. */
#define KERN_ALIGN (KERN_LANES * sizeof(float))

/* Floats of scratch the fused path needs for a network of L layers with
 * widths (L + 1) and n_params parameters: the lane-wise gradient sums
 * (n_params, KERN_LANES) and two blocks' activations.  0 on overflow. */
size_t kern_scratch_floats(const size_t *width, size_t L, size_t n_params);

enum kern_mode {
	KERN_EVAL,   /* loss and correct predictions only */
	KERN_STORE,  /* also write a[] and probs for the B rows, as mlp_forward */
	KERN_TRAIN   /* also OVERWRITE grads with the gradient of the mean loss */
};

/* One pass over B >= 1 rows: row i is x[r * D] and y[r] with r = rows[i],
 * or r = i when rows is NULL.  Adds the summed cross-entropy to *loss_sum
 * and the number of correct argmax predictions to *correct.  Uses the
 * scratch m->lanes and m->block (kern_scratch_floats, KERN_ALIGN-aligned).
 * Runs with subnormal numbers flushed to zero, as TensorFlow's kernels
 * do (isa.c). */
void kern_pass(struct mlp *m, const float *x, const int32_t *y,
	       const uint32_t *rows, size_t B, enum kern_mode mode,
	       double *loss_sum, size_t *correct);

/* The vector exp and log of the softmax, over arrays (n), for the tests.
 * kern_exp: within 2 ulps of expf for every float, subnormal results
 * included (1 ulp measured); 0 below -104, +inf above 88.73, NaN kept.
 * kern_log: within 2 ulps of logf for positive normal x (1 measured);
 * other inputs go to logf. */
void kern_exp(float *out, const float *in, size_t n);
void kern_log(float *out, const float *in, size_t n);

/* The three above as variant v defines them (kern_pass_avx2, ...), for
 * kernels.c and isa.c only: everything else calls the names above. */
#define KERN_DECLARE(v)                                                          \
	void kern_pass_##v(struct mlp *m, const float *x, const int32_t *y,     \
			   const uint32_t *rows, size_t B, enum kern_mode mode, \
			   double *loss_sum, size_t *correct);                  \
	void kern_exp_##v(float *out, const float *in, size_t n);               \
	void kern_log_##v(float *out, const float *in, size_t n);

#endif
