/* kernels.c: the fused path of mlp.c: forward, softmax, loss and backward
 * of a block of KERN_LANES rows in one go, rows in vector lanes.
 *
 * Layout.  A block's activation with F features is F vectors, vector f
 * holding feature f of the block's rows (lane = row).  Weights keep mlp's
 * layout W (out, in): a Dense layer is then out[j] = b[j] + sum_i W[j][i]
 * in[i], each weight broadcast to all lanes, so a small layer wastes no
 * lane whatever its width, and the softmax over K outputs works on K whole
 * vectors (exp, log and argmax vectorised over rows).  The gradient is
 * accumulated per lane, dW[j][i] += dout[j] in[i] as whole vectors, in
 * m->lanes (SLICES arrays (n_params, LANES)) in the order of m->params
 * (the pass's first blocks store, later ones add); the lanes are added
 * once per pass.  Blocks go in pairs, sharing each weight broadcast and
 * each load and store of a lane sum; a lone block runs two slices
 * together (kern_pass), sharing the broadcasts.  A training pass that
 * fills every slice interleaves the slices' rows (leaves), so that the
 * first levels of the sum across lanes add whole slices.  A last partial block runs with its
 * missing rows set to zero and their loss gradient masked to zero.  A
 * training pass of a few rows (DIRECT_MAX) skips the lane sums: its
 * gradient is added row by row in the same tree (direct_grad).
 *
 * Variants.  This file is compiled once per instruction set (Makefile,
 * isa.c), with LANES the register's floats.  A block has KERN_LANES = 16
 * rows in every variant, run as SLICES = 16 / LANES slices one after the
 * other (one with AVX-512, two with AVX2, four with SSE2); every operation
 * is lane-wise and each lane sees the same sequence of operations in every
 * variant (same row, same pairing of blocks, same order of its additions,
 * no FMA contraction), and the two sums across lanes (lanes_reduce, the
 * loss) have one order for 16 lanes, so all variants give the same bits.
 * Vectors are never wider than the registers: GCC splits wider generic
 * vectors badly (comparisons lane by lane through memory).
 *
 * Summation orders differ from the BLAS path's (a Dense sum is split into
 * even and odd inputs, lanes are added as a tree), so results agree to
 * rounding, not bit for bit; tests/test_mlp.c checks both paths against
 * each other, against float64 NumPy and against finite differences.
 *
 * Cost at the seed's 2 -> 50 -> 3 (AVX2, 8-lane blocks, before the
 * variants): ~25 ns a row for forward and backward, ~14 ns a row for
 * evaluation, ~150 ns a pass for adding the 303 parameters' lanes (shuffle
 * bound), so a batch of 4 or 8 rows costs ~400 ns; vectorising over rows
 * rather than over hidden units keeps the 3-way softmax and the 2-input
 * first layer from wasting lanes.  With 16-row blocks a pass of fewer
 * than 16 rows skips its empty slices (kern_pass), and isa.c gives passes
 * of up to 8 rows to AVX2 rather than AVX-512.
 *
 * Not here: the parameter layout and the BLAS path (mlp.c), the choice of
 * path (mlp_auto_path).
 */
#include "kernels.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "util.h"

/* GCC and clang warn that vector arguments wider than the target's
 * registers change the calling convention.  Every function passing or
 * returning a vector is static and always inlined (VEC_FN), so no call
 * and no interface depends on it. */
#pragma GCC diagnostic ignored "-Wpsabi"
#define VEC_FN static inline __attribute__((always_inline))

/* Lanes of one vector: the variant's register width (16 floats with
 * AVX-512, 8 with AVX2, 4 with SSE2 and elsewhere).  A block has
 * KERN_LANES (16) rows whatever the variant, processed as SLICES slices of
 * LANES rows; every operation is lane-wise, so a row's computation does
 * not depend on the slicing, and the only sums across lanes (lanes_reduce,
 * the loss tally) are written for 16 lanes in one order. */
#if defined(__AVX512F__)
#define LANES 16
#elif defined(__AVX__)
#define LANES 8
#else
#define LANES 4
#endif
#define SLICES (KERN_LANES / LANES)

/* Training passes of at most DIRECT_MAX rows compute their gradient
 * without lane sums (direct_grad), which needs DIRECT_ROWS rows of the
 * widest layer in scratch.  The bits are the same either way, so
 * DIRECT_MAX is what is fastest for the variant: on one Intel Xeon,
 * direct_grad took 0.99x / 0.76x the lane sums' training time at batches
 * of 4 / 8 with SSE2, 0.86x / 0.94x with AVX2; with AVX-512 (where isa.c
 * sends such passes to AVX2 anyway) it lost, 1.03x / 1.37x, with a
 * transpose written element by element, so it is left out there. */
#define DIRECT_ROWS 8
#if LANES == 16
#define DIRECT_MAX 0
#else
#define DIRECT_MAX 8
#endif

/* Each exported function carries the variant's name (kern_pass_avx2):
 * the Makefile compiles this file once per variant, with that variant's
 * instruction set, and isa.c calls the one chosen at start-up. */
#define KERN_PASTE(name, v) name##_##v
#define KERN_NAME(name, v) KERN_PASTE(name, v)
#define KERN_FN(name) KERN_NAME(name, KERN_VARIANT)
#define KERN_DECLARE_VARIANT(v) KERN_DECLARE(v)
KERN_DECLARE_VARIANT(KERN_VARIANT)

typedef float vf __attribute__((vector_size(LANES * sizeof(float))));
typedef int32_t vi __attribute__((vector_size(LANES * sizeof(int32_t))));
typedef uint32_t vu __attribute__((vector_size(LANES * sizeof(uint32_t))));
typedef float vfh __attribute__((vector_size(LANES / 2 * sizeof(float))));
typedef double vd __attribute__((vector_size(LANES / 2 * sizeof(double))));

/* Initialisers with one element per lane: all c, the lane numbers, and
 * F(k) for each lane k. */
#if LANES == 16
#define SPLAT(c) {c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c}
#define LANE_NUMBERS {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
#define EACH_LANE(F)                                                          \
	{F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), F(8), F(9), F(10), \
	 F(11), F(12), F(13), F(14), F(15)}
#elif LANES == 8
#define SPLAT(c) {c, c, c, c, c, c, c, c}
#define LANE_NUMBERS {0, 1, 2, 3, 4, 5, 6, 7}
#define EACH_LANE(F) {F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7)}
#else
#define SPLAT(c) {c, c, c, c}
#define LANE_NUMBERS {0, 1, 2, 3}
#define EACH_LANE(F) {F(0), F(1), F(2), F(3)}
#endif
#define VF(c) ((vf)SPLAT(c))
#define VI(c) ((vi)SPLAT(c))

/* x86 instructions for what plain operators would compile to several:
 * blend, max and min (returning the second operand when the comparison
 * fails, NaN included), truncating conversion, sign mask.  AVX on 8
 * lanes, SSE2 on 4; AVX-512 (whose builtins take masks) and other targets
 * use the generic forms below, which give the same result in every lane
 * (the variants agree bit for bit: tests/isa.sh). */
#if LANES == 16
#elif defined(__AVX__)
#define X86_MAX __builtin_ia32_maxps256
#define X86_MIN __builtin_ia32_minps256
#define X86_CVTT __builtin_ia32_cvttps2dq256
#define X86_MOVMSK __builtin_ia32_movmskps256
#elif defined(__SSE2__)
#define X86_MAX __builtin_ia32_maxps
#define X86_MIN __builtin_ia32_minps
#define X86_CVTT __builtin_ia32_cvttps2dq
#define X86_MOVMSK __builtin_ia32_movmskps
#endif

/* Lane-wise m ? a : b, for masks from vector comparisons (all ones or 0). */
VEC_FN vf sel(vi m, vf a, vf b)
{
#if LANES == 8
	return __builtin_ia32_blendvps256(b, a, (vf)m);
#else
	return (vf)(((vi)a & m) | ((vi)b & ~m));
#endif
}

/* Lane-wise c < x ? x : c and x < c ? x : c, with NaN x kept. */
VEC_FN vf max_keep_nan(vf c, vf x)
{
#if defined(X86_MAX)
	return X86_MAX(c, x);
#else
	return sel(x < c, c, x);
#endif
}

VEC_FN vf min_keep_nan(vf c, vf x)
{
#if defined(X86_MIN)
	return X86_MIN(c, x);
#else
	return sel(x > c, c, x);
#endif
}

VEC_FN int any_lane(vi m)
{
#if defined(X86_MOVMSK)
	return X86_MOVMSK((vf)m) != 0;
#else
	int32_t r = 0;
	for (int k = 0; k < LANES; k++)
		r |= m[k];
	return r != 0;
#endif
}

/* exp(x) lane-wise: Cephes' expf.  x = n ln2 + r with |r| <= ln2/2 (ln2 in
 * two parts, so n ln2 is exact), exp(r) by a degree-7 polynomial, times
 * 2^n applied as two factors so that results down to the subnormal range
 * round once.  x is clamped to [-104, 89]: below, exp underflows to 0;
 * above, 2^64 2^64 overflows to +inf.  NaN stays NaN. */
VEC_FN vf vexp(vf x)
{
	const vf magic = VF(12582912.0f); /* 1.5 2^23: t + magic - magic rounds t */
	vf t, n, r, z, p;
	vi ni, n1, n2;

	x = min_keep_nan(VF(89.0f), max_keep_nan(VF(-104.0f), x));
	t = x * 1.44269504088896341f + magic;
	n = t - magic;
	r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
	z = r * r;
	p = 1.9875691500e-4f * r + 1.3981999507e-3f;
	p = p * r + 8.3334519073e-3f;
	p = p * r + 4.1665795894e-2f;
	p = p * r + 1.6666665459e-1f;
	p = p * r + 5.0000001201e-1f;
	p = (p * z + r) + 1.0f;
#if defined(X86_CVTT)
	ni = X86_CVTT(n); /* NaN gives INT_MIN: p is NaN anyway */
#else
	ni = __builtin_convertvector(sel(n != n, VF(0.0f), n), vi);
#endif
	n1 = ni >> 1;
	n2 = ni - n1;
	return (p * (vf)((vu)(n1 + 127) << 23)) * (vf)((vu)(n2 + 127) << 23);
}

/* log(x) lane-wise: Cephes' logf.  x = m 2^e with m in [sqrt(1/2),
 * sqrt(2)), log(m) by a degree-9 polynomial in m - 1, e ln2 added in two
 * parts.  For positive normal x; other lanes (0, subnormal, negative,
 * inf, NaN: never in the softmax, whose sum is >= 1 or not finite) take
 * logf. */
VEC_FN vf vlog(vf x)
{
	vi ix = (vi)x, e, small, bad;
	vf m, z, y, fe, res;

	e = ((ix >> 23) & 0xff) - 126;
	m = (vf)((ix & 0x007fffff) | 0x3f000000); /* in [0.5, 1) */
	small = m < VF(0.707106781186547524f);
	e = e + small; /* -1 where small */
	m = sel(small, m + m, m) - 1.0f;
	fe = __builtin_convertvector(e, vf);
	z = m * m;
	y = 7.0376836292e-2f * m - 1.1514610310e-1f;
	y = y * m + 1.1676998740e-1f;
	y = y * m - 1.2420140846e-1f;
	y = y * m + 1.4249322787e-1f;
	y = y * m - 1.6668057665e-1f;
	y = y * m + 2.0000714765e-1f;
	y = y * m - 2.4999993993e-1f;
	y = y * m + 3.3333331174e-1f;
	y = (y * m) * z;
	y = y + fe * -2.12194440e-4f;
	y = y - 0.5f * z;
	res = (m + y) + fe * 0.693359375f;
	bad = ~((x >= VF(FLT_MIN)) & (x <= VF(FLT_MAX)));
	if (any_lane(bad))
		for (int k = 0; k < LANES; k++)
			if (bad[k])
				res[k] = logf(x[k]);
	return res;
}

void KERN_FN(kern_exp)(float *out, const float *in, size_t n)
{
	for (size_t i = 0; i < n; i += LANES) {
		vf v = VF(0.0f);
		size_t k = n - i < LANES ? n - i : LANES;
		memcpy(&v, in + i, k * sizeof(float));
		v = vexp(v);
		memcpy(out + i, &v, k * sizeof(float));
	}
}

void KERN_FN(kern_log)(float *out, const float *in, size_t n)
{
	for (size_t i = 0; i < n; i += LANES) {
		vf v = VF(1.0f);
		size_t k = n - i < LANES ? n - i : LANES;
		memcpy(&v, in + i, k * sizeof(float));
		v = vlog(v);
		memcpy(out + i, &v, k * sizeof(float));
	}
}

/* max(z, 0) lane-wise, 0 for NaN as mlp.c's `v > 0 ? v : 0`: one
 * instruction where the target has it (maxps returns its second operand
 * when the first is NaN). */
VEC_FN vf relu(vf z)
{
#if defined(X86_MAX)
	return X86_MAX(z, VF(0.0f));
#else
	return (vf)((vi)z & (z > VF(0.0f)));
#endif
}

/* The hidden activation of one vector z, as mlp.c's scalar loop.  act is
 * a constant wherever this is inlined, so the switch folds away. */
VEC_FN vf
act_forward(vf z, enum activation act)
{
	switch (act) {
	case ACT_RELU:
		return relu(z);
	case ACT_TANH:
		for (int k = 0; k < LANES; k++)
			z[k] = tanhf(z[k]);
		return z;
	case ACT_SIGMOID:
		return 1.0f / (1.0f + vexp(-z));
	case ACT_LINEAR:
	default:
		return z;
	}
}

/* d act'(.) through the activation's output y. */
VEC_FN vf
act_backward(vf d, vf y, enum activation act)
{
	switch (act) {
	case ACT_RELU:
		return (vf)((vi)d & (y > VF(0.0f)));
	case ACT_TANH:
		return d * (1.0f - y * y);
	case ACT_SIGMOID:
		return d * (y * (1.0f - y));
	case ACT_LINEAR:
	default:
		return d;
	}
}

/* nj outputs of a Dense layer for nb blocks (nj <= 4 / nb; nj, nb and
 * act constants once inlined): out[k] (nj) = act(b (nj) + W (nj, n_in) .
 * in[k] (n_in)), W rows n_in apart, each weight broadcast to all lanes and
 * shared by the blocks.  Two partial sums per output, b + even inputs and
 * odd inputs, halve the chain of dependent additions; the same order
 * whether a block is paired or not. */
VEC_FN void
dense_forward_tile(vf *const *out, const vf *const *in,
		   const float *restrict W, const float *restrict b,
		   size_t n_in, size_t nj, size_t nb, enum activation act)
{
	vf s0[2][4], s1[2][4];
	size_t i = 2;
	if (n_in < 2) {
#pragma GCC unroll 4
		for (size_t j = 0; j < nj; j++)
#pragma GCC unroll 2
			for (size_t k = 0; k < nb; k++)
				out[k][j] = act_forward(b[j] + W[j * n_in] * in[k][0], act);
		return;
	}
#pragma GCC unroll 4
	for (size_t j = 0; j < nj; j++)
#pragma GCC unroll 2
		for (size_t k = 0; k < nb; k++) {
			s0[k][j] = b[j] + W[j * n_in] * in[k][0];
			s1[k][j] = W[j * n_in + 1] * in[k][1];
		}
	for (; i + 2 <= n_in; i += 2) {
		vf u[2], v[2];
#pragma GCC unroll 2
		for (size_t k = 0; k < nb; k++) {
			u[k] = in[k][i];
			v[k] = in[k][i + 1];
		}
#pragma GCC unroll 4
		for (size_t j = 0; j < nj; j++)
#pragma GCC unroll 2
			for (size_t k = 0; k < nb; k++) {
				s0[k][j] += W[j * n_in + i] * u[k];
				s1[k][j] += W[j * n_in + i + 1] * v[k];
			}
	}
	if (i < n_in) {
#pragma GCC unroll 4
		for (size_t j = 0; j < nj; j++)
#pragma GCC unroll 2
			for (size_t k = 0; k < nb; k++)
				s0[k][j] += W[j * n_in + i] * in[k][i];
	}
#pragma GCC unroll 4
	for (size_t j = 0; j < nj; j++)
#pragma GCC unroll 2
		for (size_t k = 0; k < nb; k++)
			out[k][j] = act_forward(s0[k][j] + s1[k][j], act);
}

VEC_FN void
dense_forward_act(vf *const *out, const vf *const *in,
		  const float *restrict W, const float *restrict b,
		  size_t n_in, size_t n_out, size_t nb, enum activation act)
{
	const size_t T = 4 / nb; /* outputs per tile: 8 accumulators */
	vf *o[2] = {out[0], nb == 2 ? out[1] : NULL};
	size_t j = 0;
	/* full tiles, then the last 1 to 3 outputs in one tile (12
	 * accumulators for 3 outputs of a pair: fewer reloads of the input) */
	for (; n_out - j > 3; j += T) {
		dense_forward_tile(o, in, W + j * n_in, b + j, n_in, T, nb, act);
		o[0] += T;
		if (nb == 2)
			o[1] += T;
	}
	W += j * n_in;
	switch (n_out - j) {
	case 3: dense_forward_tile(o, in, W, b + j, n_in, 3, nb, act); break;
	case 2: dense_forward_tile(o, in, W, b + j, n_in, 2, nb, act); break;
	case 1: dense_forward_tile(o, in, W, b + j, n_in, 1, nb, act); break;
	default: break;
	}
}

/* A Dense layer with fan-in ni <= 4 (as the first layer of 2-D data),
 * ni, nb and act constants once inlined: the inputs stay in registers and
 * each output is one unrolled sum, in dense_forward_tile's order
 * ((b + W0 x0) + W2 x2) + (W1 x1 + W3 x3). */
VEC_FN void
dense_forward_narrow(vf *const *out, const vf *const *in,
		     const float *restrict W, const float *restrict b,
		     size_t ni, size_t n_out, size_t nb, enum activation act)
{
	vf x[2][4];
#pragma GCC unroll 2
	for (size_t k = 0; k < nb; k++)
#pragma GCC unroll 4
		for (size_t i = 0; i < ni; i++)
			x[k][i] = in[k][i];
#pragma GCC unroll 2
	for (size_t j = 0; j < n_out; j++) {
		const float *w = W + j * ni;
#pragma GCC unroll 2
		for (size_t k = 0; k < nb; k++) {
			vf s0 = b[j] + w[0] * x[k][0], s1;
			if (ni < 2) {
				out[k][j] = act_forward(s0, act);
				continue;
			}
			s1 = w[1] * x[k][1];
			if (ni > 2)
				s0 += w[2] * x[k][2];
			if (ni > 3)
				s1 += w[3] * x[k][3];
			out[k][j] = act_forward(s0 + s1, act);
		}
	}
}

VEC_FN void
dense_forward_fanin(vf *const *out, const vf *const *in, const float *restrict W,
		    const float *restrict b, size_t n_in, size_t n_out, size_t nb,
		    enum activation act)
{
	switch (n_in) {
	case 1: dense_forward_narrow(out, in, W, b, 1, n_out, nb, act); break;
	case 2: dense_forward_narrow(out, in, W, b, 2, n_out, nb, act); break;
	case 3: dense_forward_narrow(out, in, W, b, 3, n_out, nb, act); break;
	case 4: dense_forward_narrow(out, in, W, b, 4, n_out, nb, act); break;
	default: dense_forward_act(out, in, W, b, n_in, n_out, nb, act); break;
	}
}

VEC_FN void
dense_forward_nb(vf *const *out, const vf *const *in, const float *restrict W,
		 const float *restrict b, size_t n_in, size_t n_out, size_t nb,
		 enum activation act)
{
	/* ReLU and linear (every output layer) specialised; tanh and
	 * sigmoid, slow anyway, share one copy that switches per vector */
	switch (act) {
	case ACT_RELU: dense_forward_fanin(out, in, W, b, n_in, n_out, nb, ACT_RELU); break;
	case ACT_LINEAR: dense_forward_fanin(out, in, W, b, n_in, n_out, nb, ACT_LINEAR); break;
	default: dense_forward_fanin(out, in, W, b, n_in, n_out, nb, act); break;
	}
}

/* One Dense layer for nb (1 or 2) blocks: out[k] (n_out) = act(W (n_out,
 * n_in) . in[k] (n_in) + b (n_out)). */
static void dense_forward(vf *const *out, const vf *const *in,
			  const float *restrict W, const float *restrict b,
			  size_t n_in, size_t n_out, size_t nb, enum activation act)
{
	if (nb == 2)
		dense_forward_nb(out, in, W, b, n_in, n_out, 2, act);
	else
		dense_forward_nb(out, in, W, b, n_in, n_out, 1, act);
}

/* nj (1..4) outputs of a Dense layer's backward for nb (1 or 2) blocks;
 * nj, nb, store and act constants once inlined.  With d[k] (nj) block
 * k's gradient at the layer's pre-activation output and in[k] (n_in) its
 * input:
 *   GW (nj, n_in) += sum_k d[k] in[k]^T (lane-wise), Gb (nj) += sum_k d[k]
 *   ("=" when store: the pass's first blocks, so the sums need no zeroing);
 *   din[k] (n_in) = W^T d[k] (first tile), += W^T d[k] (later tiles), and
 *   in the last tile times act'(.) of the input, in[k] being the previous
 *   layer's output.  din[0] NULL for the first layer: x needs no gradient.
 * Two blocks at once load and store each lane sum once for 2 LANES rows.
 * store NO_SUMS: din only, the lane sums untouched (direct_grad computes
 * the gradient). */
#define NO_SUMS 2
VEC_FN void
dense_backward_tile(vf *restrict GW, vf *restrict Gb, vf *const *din,
		    const vf *const *d, const vf *const *in,
		    const float *restrict W, size_t n_in, size_t nj, size_t nb,
		    int split, size_t gs, int first, int last, int store,
		    enum activation act)
{
	vf dj[2][4];
#pragma GCC unroll 4
	for (size_t j = 0; j < nj; j++) {
		vf g = dj[0][j] = d[0][j];
		if (store == NO_SUMS) {
			if (nb == 2)
				dj[1][j] = d[1][j];
			continue;
		}
		if (nb == 2 && split) {
			vf g1 = dj[1][j] = d[1][j];
			Gb[gs + j] = store ? g1 : Gb[gs + j] + g1;
		} else if (nb == 2) {
			g += dj[1][j] = d[1][j];
		}
		Gb[j] = store ? g : Gb[j] + g;
	}
	for (size_t i = 0; i < n_in; i++) {
		vf u[2], s[2];
		u[0] = in[0][i];
		if (nb == 2)
			u[1] = in[1][i];
#pragma GCC unroll 4
		for (size_t j = 0; j < nj && store != NO_SUMS; j++) {
			vf g = dj[0][j] * u[0];
			if (nb == 2 && split) {
				vf g1 = dj[1][j] * u[1];
				size_t o = gs + j * n_in + i;
				GW[o] = store ? g1 : GW[o] + g1;
			} else if (nb == 2) {
				g += dj[1][j] * u[1];
			}
			GW[j * n_in + i] = store ? g : GW[j * n_in + i] + g;
		}
		if (!din[0])
			continue;
#pragma GCC unroll 2
		for (size_t k = 0; k < nb; k++) {
			s[k] = W[i] * dj[k][0];
#pragma GCC unroll 4
			for (size_t j = 1; j < nj; j++)
				s[k] += W[j * n_in + i] * dj[k][j];
			if (!first)
				s[k] = din[k][i] + s[k];
			din[k][i] = last ? act_backward(s[k], u[k], act) : s[k];
		}
	}
}

VEC_FN void
dense_backward_act(vf *restrict GW, vf *restrict Gb, vf *const *din,
		   const vf *const *d, const vf *const *in,
		   const float *restrict W, size_t n_in, size_t n_out, size_t nb,
		   int split, size_t gs, int store, enum activation act)
{
	for (size_t j = 0; j < n_out; j += 4) {
		const vf *dj[2] = {d[0] + j, nb == 2 ? d[1] + j : NULL};
		int first = j == 0, last = j + 4 >= n_out;
		vf *gw = GW + j * n_in;
		const float *w = W + j * n_in;
		switch (n_out - j) {
		case 3: dense_backward_tile(gw, Gb + j, din, dj, in, w, n_in, 3, nb, split, gs, first, last, store, act); break;
		case 2: dense_backward_tile(gw, Gb + j, din, dj, in, w, n_in, 2, nb, split, gs, first, last, store, act); break;
		case 1: dense_backward_tile(gw, Gb + j, din, dj, in, w, n_in, 1, nb, split, gs, first, last, store, act); break;
		default: dense_backward_tile(gw, Gb + j, din, dj, in, w, n_in, 4, nb, split, gs, first, last, store, act); break;
		}
	}
}

/* v, unchanged, but opaque to the optimiser: keeps GCC from turning a
 * loop that only copies vectors (a single block's bias gradient) into a
 * memmove call, whose string stores stall the lane sums' reloads. */
VEC_FN vf opaque(vf v)
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
	__asm__("" : "+v"(v));
#endif
	return v;
}

/* The first layer's backward (no din) with fan-in ni <= 4, ni, nb and
 * store constants once inlined: the inputs stay in registers; the same
 * arithmetic as dense_backward_tile. */
VEC_FN void
dense_backward_narrow(vf *restrict GW, vf *restrict Gb, const vf *const *d,
		      const vf *const *in, size_t ni, size_t n_out, size_t nb,
		      int split, size_t gs, int store)
{
	vf x[2][4];
#pragma GCC unroll 2
	for (size_t k = 0; k < nb; k++)
#pragma GCC unroll 4
		for (size_t i = 0; i < ni; i++)
			x[k][i] = in[k][i];
#pragma GCC unroll 2
	for (size_t j = 0; j < n_out; j++) {
		vf d0 = d[0][j], d1 = nb == 2 ? d[1][j] : VF(0.0f), g = d0;
		if (nb == 2 && split)
			Gb[gs + j] = store ? opaque(d1) : Gb[gs + j] + d1;
		else if (nb == 2)
			g += d1;
		Gb[j] = store ? opaque(g) : Gb[j] + g;
#pragma GCC unroll 4
		for (size_t i = 0; i < ni; i++) {
			g = d0 * x[0][i];
			if (nb == 2 && split) {
				vf g1 = d1 * x[1][i];
				size_t o = gs + j * ni + i;
				GW[o] = store ? g1 : GW[o] + g1;
			} else if (nb == 2) {
				g += d1 * x[1][i];
			}
			GW[j * ni + i] = store ? g : GW[j * ni + i] + g;
		}
	}
}

VEC_FN void
dense_backward_nb(vf *restrict GW, vf *restrict Gb, vf *const *din,
		  const vf *const *d, const vf *const *in,
		  const float *restrict W, size_t n_in, size_t n_out, size_t nb,
		  int split, size_t gs, int store, enum activation act)
{
	if (!din[0] && store == NO_SUMS)
		return;
	if (!din[0]) {
		switch (n_in) {
		case 1: dense_backward_narrow(GW, Gb, d, in, 1, n_out, nb, split, gs, store); break;
		case 2: dense_backward_narrow(GW, Gb, d, in, 2, n_out, nb, split, gs, store); break;
		case 3: dense_backward_narrow(GW, Gb, d, in, 3, n_out, nb, split, gs, store); break;
		case 4: dense_backward_narrow(GW, Gb, d, in, 4, n_out, nb, split, gs, store); break;
		default: dense_backward_act(GW, Gb, din, d, in, W, n_in, n_out, nb, split, gs, store, ACT_LINEAR); break;
		}
		return;
	}
	switch (act) {
	case ACT_RELU: dense_backward_act(GW, Gb, din, d, in, W, n_in, n_out, nb, split, gs, store, ACT_RELU); break;
	case ACT_LINEAR: dense_backward_act(GW, Gb, din, d, in, W, n_in, n_out, nb, split, gs, store, ACT_LINEAR); break;
	default: dense_backward_act(GW, Gb, din, d, in, W, n_in, n_out, nb, split, gs, store, act); break;
	}
}

/* One layer's backward for nb (1 or 2) streams: d[k] (n_out), in[k]
 * (n_in), W (n_out, n_in); GW, Gb the layer's lane sums (overwritten when
 * store is 1, untouched when it is NO_SUMS), the two streams' added together, or when split stream 1's in
 * their own, gs vectors on (GW + gs, Gb + gs: the next slice's); din[k]
 * (n_in) overwritten with the gradient at the previous layer's
 * pre-activation (act its activation), unless din[0] is NULL. */
static void dense_backward(vf *restrict GW, vf *restrict Gb, vf *const *din,
			   const vf *const *d, const vf *const *in,
			   const float *restrict W, size_t n_in, size_t n_out,
			   size_t nb, int split, size_t gs, enum activation act,
			   int store)
{
	if (DIRECT_MAX > 0 && store == NO_SUMS) {
		if (nb == 2)
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 2, 0, 0, NO_SUMS, act);
		else
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 1, 0, 0, NO_SUMS, act);
	} else if (nb == 2 && split) {
		if (store)
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 2, 1, gs, 1, act);
		else
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 2, 1, gs, 0, act);
	} else if (nb == 2) {
		if (store)
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 2, 0, 0, 1, act);
		else
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 2, 0, 0, 0, act);
	} else {
		if (store)
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 1, 0, 0, 1, act);
		else
			dense_backward_nb(GW, Gb, din, d, in, W, n_in, n_out, 1, 0, 0, 0, act);
	}
}

/* Softmax and cross-entropy of a block, from the logits z (K) and labels
 * y, as mlp.c's softmax_xent row by row: p (K) = softmax(z) (when
 * want_p; else p holds exp(z - max)); *loss = log(sum exp(z - max)) -
 * (z[y] - max); *hit all ones where the first largest logit is the
 * label's. */
static void softmax_xent(vf *restrict p, vf *loss, vi *hit, const vf *restrict z,
			 vi y, size_t K, int want_p)
{
	vf mx = z[0], s, inv, zy = z[0];
	vi arg = VI(0);
	for (size_t k = 1; k < K; k++) {
		vi gt = z[k] > mx, is = y == VI((int32_t)k);
		mx = sel(gt, z[k], mx);
		arg = (arg & ~gt) | (VI((int32_t)k) & gt);
		zy = sel(is, z[k], zy);
	}
	s = VF(0.0f);
	for (size_t k = 0; k < K; k++) {
		p[k] = vexp(z[k] - mx);
		s += p[k];
	}
	if (want_p) {
		inv = 1.0f / s;
		for (size_t k = 0; k < K; k++)
			p[k] *= inv;
	}
	*hit = arg == y;
	*loss = vlog(s) - (zy - mx);
}

/* The leaf of the 16-lane tree (lanes_reduce), that is the row of its
 * block, that lane k of slice s holds: s LANES + k, or when il
 * (interleaved) the slices' lanes interleaved so that the tree's first
 * levels add whole slices lane by lane: with AVX2 slice 0 holds rows 0, 1,
 * 4, 5, ..., slice 1 rows 2, 3, 6, 7, ...; with SSE2 slice s holds rows 4c
 * + (0, 2, 1, 3)[s].  Each row's operations are the same wherever it is,
 * so only the reduction sees the difference, and it adds the same leaves
 * in the same tree. */
#if LANES == 8
#define LEAF_IL(s, k) (4 * ((k) / 2) + 2 * (s) + (k) % 2)
#elif LANES == 4
#define LEAF_IL(s, k) (4 * (k) + (((s) & 1) << 1 | (s) >> 1))
#else
#define LEAF_IL(s, k) (k)
#endif

VEC_FN vi leaves(size_t s, int il)
{
	const vi lane = LANE_NUMBERS;
	if (il) {
#define LEAF_K(k) (int32_t)LEAF_IL(s, (k))
		return (vi)EACH_LANE(LEAF_K);
#undef LEAF_K
	}
	return lane + VI((int32_t)(s * LANES));
}

/* Lanes of a and b (0 .. LANES - 1, LANES .. 2 LANES - 1) picked by
 * constant indices:
 * __builtin_shufflevector in clang and GCC >= 12, __builtin_shuffle in
 * older GCC. */
#if defined(__clang__) || __GNUC__ >= 12
#define SHUF(a, b, ...) __builtin_shufflevector(a, b, __VA_ARGS__)
#else
#define SHUF(a, b, ...) __builtin_shuffle(a, b, (vi){__VA_ARGS__})
#endif

/* The even and the odd lanes of a and b, in order: a row-major (LANES,
 * 2) array's two columns. */
#if LANES == 16
#define EVENS(a, b) SHUF(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
#define ODDS(a, b) SHUF(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31)
#elif LANES == 8
#define EVENS(a, b) SHUF(a, b, 0, 2, 4, 6, 8, 10, 12, 14)
#define ODDS(a, b) SHUF(a, b, 1, 3, 5, 7, 9, 11, 13, 15)
#else
#define EVENS(a, b) SHUF(a, b, 0, 2, 4, 6)
#define ODDS(a, b) SHUF(a, b, 1, 3, 5, 7)
#endif

/* Slice s of the block from row rk of the pass into a block's slice, its
 * lanes holding the leaves of leaves(s, il): xin (D) transposed, labels
 * into *yv, the mask of the rows before B into *valid; the other lanes
 * zero.  Each vector is built in registers and stored whole: eight scalar
 * stores read back as one vector would stall (no store-to-load
 * forwarding). */
static void gather(vf *restrict xin, vi *yv, vi *valid_out,
		   const float *restrict x, const int32_t *restrict y,
		   const uint32_t *restrict rows, size_t rk, size_t s, int il,
		   size_t B, size_t D)
{
	size_t left = B - rk < KERN_LANES ? B - rk : KERN_LANES;
	vi leaf = leaves(s, il), valid = leaf < VI((int32_t)left);
	size_t o[LANES];
	if (!rows && !il && D <= 2 && (s + 1) * LANES <= left) {
		/* the slice's rows contiguous and all there (evaluation): whole
		 * vectors, the two columns of 2-D data split by shuffles */
		const float *xs = x + (rk + s * LANES) * D;
		vf a, b;
		memcpy(yv, y + rk + s * LANES, sizeof *yv);
		*valid_out = VI(-1);
		memcpy(&a, xs, sizeof a);
		if (D == 1) {
			xin[0] = a;
			return;
		}
		memcpy(&b, xs + LANES, sizeof b);
		xin[0] = EVENS(a, b);
		xin[1] = ODDS(a, b);
		return;
	}
	/* the missing lanes of a partial block read a row of the pass, its
	 * first, then are masked to zero */
#pragma GCC unroll 16
	for (size_t k = 0; k < LANES; k++) {
		size_t r = valid[k] ? rk + (size_t)leaf[k] : rk;
		o[k] = rows ? rows[r] : r;
	}
	*valid_out = valid;
#define LABEL(k) y[o[k]]
	*yv = (vi)EACH_LANE(LABEL) & valid;
#undef LABEL
#pragma GCC unroll 16
	for (size_t k = 0; k < LANES; k++)
		o[k] *= D;
	for (size_t i = 0; i < D; i++) {
#define INPUT(k) x[o[k] + i]
		xin[i] = (vf)((vi)(vf)EACH_LANE(INPUT) & valid);
#undef INPUT
	}
}

/* Rows r0 .. r0 + nv - 1 of a row-major (B, F) array from a block (F). */
static void scatter(float *restrict dst, const vf *restrict src, size_t r0,
		    size_t nv, size_t F)
{
	for (size_t k = 0; k < nv; k++)
		for (size_t f = 0; f < F; f++)
			dst[(r0 + k) * F + f] = src[f][k];
}

/* The sums of the lanes of v[0 .. LANES - 1], as one vector: a
 * transposing tree of unpack and in-lane shuffles (vhaddps is slower on
 * AMD).  The order is that of 16 lanes in groups of 4: with S_c = (l[4c]
 * + l[4c+2]) + (l[4c+1] + l[4c+3]), the sum of group c, the sum of all 16
 * is (S_0 + S_1) + (S_2 + S_3).  A vector holds 1, 2 or all 4 groups;
 * lanes_reduce adds the slices' results (S_c, S_0 + S_1 or the whole). */
VEC_FN vf hsum_groups(const vf *v, int groups);

VEC_FN vf hsum(const vf *v)
{
	return hsum_groups(v, LANES / 4);
}

/* hsum when only the first `groups` groups of 4 lanes hold values (1, 2 or
 * LANES / 4; a constant where inlined): the others count as -0, so the
 * tree stops early with the same result as hsum of the vectors with
 * those lanes set to -0, and no masking. */
VEC_FN vf hsum_groups(const vf *v, int groups)
{
#if LANES == 16
	vf a[8], b[4], c[2];
	#pragma GCC unroll 8
	for (int k = 0; k < 8; k++)
		a[k] = SHUF(v[2 * k], v[2 * k + 1], 0, 16, 1, 17, 4, 20, 5, 21,
			    8, 24, 9, 25, 12, 28, 13, 29) +
		       SHUF(v[2 * k], v[2 * k + 1], 2, 18, 3, 19, 6, 22, 7, 23,
			    10, 26, 11, 27, 14, 30, 15, 31);
	/* group c of b[k]: S_c of v[4k], ..., v[4k + 3] */
	#pragma GCC unroll 8
	for (int k = 0; k < 4; k++)
		b[k] = SHUF(a[2 * k], a[2 * k + 1], 0, 1, 16, 17, 4, 5, 20, 21,
			    8, 9, 24, 25, 12, 13, 28, 29) +
		       SHUF(a[2 * k], a[2 * k + 1], 2, 3, 18, 19, 6, 7, 22, 23,
			    10, 11, 26, 27, 14, 15, 30, 31);
	if (groups == 1)
		return SHUF(SHUF(b[0], b[1], 0, 1, 2, 3, 16, 17, 18, 19, 0, 1, 2, 3,
				 16, 17, 18, 19),
			    SHUF(b[2], b[3], 0, 1, 2, 3, 16, 17, 18, 19, 0, 1, 2, 3,
				 16, 17, 18, 19),
			    0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
	/* the groups of c[k]: S_0 + S_1 of v[8k ..], of v[8k + 4 ..], then
	 * S_2 + S_3 of the same */
	#pragma GCC unroll 8
	for (int k = 0; k < 2; k++)
		c[k] = SHUF(b[2 * k], b[2 * k + 1], 0, 1, 2, 3, 16, 17, 18, 19,
			    8, 9, 10, 11, 24, 25, 26, 27) +
		       SHUF(b[2 * k], b[2 * k + 1], 4, 5, 6, 7, 20, 21, 22, 23,
			    12, 13, 14, 15, 28, 29, 30, 31);
	if (groups == 2)
		return SHUF(c[0], c[1], 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21,
			    22, 23);
	return SHUF(c[0], c[1], 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) +
	       SHUF(c[0], c[1], 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29,
		    30, 31);
#elif LANES == 8
	vf a[4], b0, b1;
	#pragma GCC unroll 8
	for (int k = 0; k < 4; k++)
		a[k] = SHUF(v[2 * k], v[2 * k + 1], 0, 8, 1, 9, 4, 12, 5, 13) +
		       SHUF(v[2 * k], v[2 * k + 1], 2, 10, 3, 11, 6, 14, 7, 15);
	b0 = SHUF(a[0], a[1], 0, 1, 8, 9, 4, 5, 12, 13) +
	     SHUF(a[0], a[1], 2, 3, 10, 11, 6, 7, 14, 15);
	b1 = SHUF(a[2], a[3], 0, 1, 8, 9, 4, 5, 12, 13) +
	     SHUF(a[2], a[3], 2, 3, 10, 11, 6, 7, 14, 15);
	if (groups == 1)
		return SHUF(b0, b1, 0, 1, 2, 3, 8, 9, 10, 11);
	return SHUF(b0, b1, 0, 1, 2, 3, 8, 9, 10, 11) +
	       SHUF(b0, b1, 4, 5, 6, 7, 12, 13, 14, 15);
#else
	vf a0 = SHUF(v[0], v[1], 0, 4, 1, 5) + SHUF(v[0], v[1], 2, 6, 3, 7);
	vf a1 = SHUF(v[2], v[3], 0, 4, 1, 5) + SHUF(v[2], v[3], 2, 6, 3, 7);
	(void)groups;
	return SHUF(a0, a1, 0, 1, 4, 5) + SHUF(a0, a1, 2, 3, 6, 7);
#endif
}

/* The sum of the lanes of one vector, in hsum's order. */
VEC_FN float hsum1(vf v)
{
	float s[LANES / 4];
	for (int c = 0; c < LANES / 4; c++)
		s[c] = (v[4 * c] + v[4 * c + 2]) + (v[4 * c + 1] + v[4 * c + 3]);
#if LANES == 16
	return (s[0] + s[1]) + (s[2] + s[3]);
#elif LANES == 8
	return s[0] + s[1];
#else
	return s[0];
#endif
}

/* The slices' partial sums of one parameter (or LANES of them, lane by
 * lane), added in hsum's order: (S_0 + S_1) + (S_2 + S_3). */
#if SLICES == 4
#define SLICE_SUM(h) (((h)[0] + (h)[1]) + ((h)[2] + (h)[3]))
#elif SLICES == 2
#define SLICE_SUM(h) ((h)[0] + (h)[1])
#else
#define SLICE_SUM(h) ((h)[0])
#endif

#if SLICES > 1
/* The first levels of the tree for interleaved slices (leaves(s, 1)):
 * the slices' vectors of parameter q added lane by lane, which adds the
 * leaves as the tree does (AVX2: l[4c + i] + l[4c + 2 + i] in lane 2c + i;
 * SSE2: S_c in lane c); the lanes not kept count as -0 (how 0; 1: all
 * kept).  how 2: G folded, each pair of slices 2i, 2i + 1 already added
 * into slice 2i's lane sums, all kept (kern_pass). */
VEC_FN vf slices_add(const vf *restrict G, size_t n, size_t q, const vi *keep,
		     int how)
{
	vf x[SLICES];
	int all = how != 0;
	if (how == 2)
#if SLICES == 2
		return G[q];
#else
		return G[q] + G[2 * n + q];
#endif
#pragma GCC unroll 4
	for (size_t s = 0; s < SLICES; s++)
		x[s] = all ? G[s * n + q] : sel(keep[s], G[s * n + q], VF(-0.0f));
#if SLICES == 2
	return x[0] + x[1]; /* l[4c + i] + l[4c + 2 + i] in lane 2c + i */
#else
	return (x[0] + x[1]) + (x[2] + x[3]); /* S_c in lane c */
#endif
}

/* The rest of the tree over the lanes of v[0 .. LANES - 1] after
 * slices_add: adjacent lanes, then adjacent pairs (and with 8 lanes
 * adjacent fours), as one vector of LANES sums. */
VEC_FN vf hsum_adjacent(const vf *v)
{
#if LANES == 8
	vf a[4], b0, b1;
#pragma GCC unroll 4
	for (int k = 0; k < 4; k++) /* S_0, S_1 of v[2k], then v[2k+1]; S_2, S_3 */
		a[k] = SHUF(v[2 * k], v[2 * k + 1], 0, 2, 8, 10, 4, 6, 12, 14) +
		       SHUF(v[2 * k], v[2 * k + 1], 1, 3, 9, 11, 5, 7, 13, 15);
	b0 = SHUF(a[0], a[1], 0, 2, 8, 10, 4, 6, 12, 14) +
	     SHUF(a[0], a[1], 1, 3, 9, 11, 5, 7, 13, 15);
	b1 = SHUF(a[2], a[3], 0, 2, 8, 10, 4, 6, 12, 14) +
	     SHUF(a[2], a[3], 1, 3, 9, 11, 5, 7, 13, 15);
	return SHUF(b0, b1, 0, 1, 2, 3, 8, 9, 10, 11) +
	       SHUF(b0, b1, 4, 5, 6, 7, 12, 13, 14, 15);
#else
	vf a0 = SHUF(v[0], v[1], 0, 2, 4, 6) + SHUF(v[0], v[1], 1, 3, 5, 7);
	vf a1 = SHUF(v[2], v[3], 0, 2, 4, 6) + SHUF(v[2], v[3], 1, 3, 5, 7);
	return SHUF(a0, a1, 0, 2, 4, 6) + SHUF(a0, a1, 1, 3, 5, 7);
#endif
}

/* lanes_reduce for interleaved slices: a whole slice added at each of
 * the tree's first levels, then half as many shuffles as hsum's; when
 * fold, G folded as slices_add's how 2 says. */
static void lanes_reduce_il(float *restrict g, const vf *restrict G, size_t n,
			    size_t live, int fold)
{
	vi keep[SLICES];
	int all = live >= KERN_LANES, how = fold ? 2 : all;
	size_t p = 0;
	for (size_t s = 0; s < SLICES; s++)
		keep[s] = leaves(s, 1) < VI((int32_t)live);
	/* three copies of the loop: folded, unmasked, masked */
	for (; fold && p + LANES <= n; p += LANES) {
		vf v[LANES], sum;
#pragma GCC unroll 8
		for (size_t k = 0; k < LANES; k++)
			v[k] = slices_add(G, n, p + k, keep, 2);
		sum = hsum_adjacent(v);
		memcpy(g + p, &sum, sizeof sum);
	}
	for (; all && p + LANES <= n; p += LANES) {
		vf v[LANES], sum;
#pragma GCC unroll 8
		for (size_t k = 0; k < LANES; k++)
			v[k] = slices_add(G, n, p + k, keep, 1);
		sum = hsum_adjacent(v);
		memcpy(g + p, &sum, sizeof sum);
	}
	for (; p + LANES <= n; p += LANES) {
		vf v[LANES], sum;
#pragma GCC unroll 8
		for (size_t k = 0; k < LANES; k++)
			v[k] = slices_add(G, n, p + k, keep, 0);
		sum = hsum_adjacent(v);
		memcpy(g + p, &sum, sizeof sum);
	}
	for (; p < n; p++) {
		vf v = slices_add(G, n, p, keep, how);
#if LANES == 8
		g[p] = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
#else
		g[p] = (v[0] + v[1]) + (v[2] + v[3]);
#endif
	}
}
#endif

/* g (n) = the sums over the first `live` of the 16 lanes of G (SLICES
 * arrays of n vectors, slice s holding lanes s LANES .. (s + 1) LANES -
 * 1), LANES at a time; with il the lanes interleaved as leaves(s, 1)
 * says, and il 2 folded as slices_add's how 2.  The other lanes count as
 * -0, which IEEE addition leaves every value unchanged by (x + -0 = x, -0
 * and NaN included): the sums are the tree's with those leaves pruned, so
 * a slice without rows (kern_pass skips it) need not be read at all, and
 * every variant gets the same sums. */
static void lanes_reduce(float *restrict g, const vf *restrict G, size_t n,
			 size_t live, int il)
{
	const vi lane = LANE_NUMBERS;
	vi keep[SLICES];
	size_t p = 0;
#if SLICES > 1
	if (il) {
		lanes_reduce_il(g, G, n, live, il == 2);
		return;
	}
#else
	(void)il;
#endif
	for (size_t s = 0; s < SLICES; s++)
		keep[s] = lane + VI((int32_t)(s * LANES)) < VI((int32_t)live);
	/* rows in the first slice only (a batch of at most LANES rows): the
	 * other slices' -0 leave its sums as they are, and whole groups of 4
	 * take a shorter tree; loops of their own, without branches */
	if (live == LANES) {
		for (; p + LANES <= n; p += LANES) {
			vf sum = hsum(G + p);
			memcpy(g + p, &sum, sizeof sum);
		}
	} else if (live == 4 && LANES > 4) {
		for (; p + LANES <= n; p += LANES) {
			vf sum = hsum_groups(G + p, 1);
			memcpy(g + p, &sum, sizeof sum);
		}
	} else if (live == 8 && LANES > 8) {
		for (; p + LANES <= n; p += LANES) {
			vf sum = hsum_groups(G + p, 2);
			memcpy(g + p, &sum, sizeof sum);
		}
	}
	for (; p + LANES <= n; p += LANES) {
		vf h[SLICES], sum;
		for (size_t s = 0; s < SLICES; s++) {
			const vf *gs = G + s * n + p;
			size_t in = live <= s * LANES ? 0 : live - s * LANES;
			vf v[LANES];
			if (in == 0) {
				h[s] = VF(-0.0f);
				continue;
			}
			if (in >= LANES) {
				h[s] = hsum(gs);
				continue;
			}
			/* whole groups of 4 (a batch of 4 or 8): a shorter tree */
			if (in == 4 && LANES > 4) {
				h[s] = hsum_groups(gs, 1);
				continue;
			}
			if (in == 8 && LANES > 8) {
				h[s] = hsum_groups(gs, 2);
				continue;
			}
			for (size_t k = 0; k < LANES; k++)
				v[k] = sel(keep[s], gs[k], VF(-0.0f));
			h[s] = hsum(v);
		}
		sum = SLICE_SUM(h);
		memcpy(g + p, &sum, sizeof sum);
	}
	for (; p < n; p++) {
		float h[SLICES];
		for (size_t s = 0; s < SLICES; s++)
			h[s] = s * LANES >= live ? -0.0f
					       : hsum1(sel(keep[s], G[s * n + p], VF(-0.0f)));
		g[p] = SLICE_SUM(h);
	}
}

/* One block's scratch: the rows r0 .. r0 + nv - 1 of the pass, their
 * input xin (D), each layer's output a[l] (width[l+1]), two gradient
 * buffers d[0], d[1] (widest layer) used in turn by the backward pass, the
 * first to hold the probabilities and then the loss gradient; labels y
 * and the mask of the block's valid lanes. */
struct block {
	size_t r0, nv;
	vf *xin, *a[MLP_MAX_LAYERS], *d[2];
	vi y, valid;
};

/* Per-lane sums of a pass: the loss in double for each lane of each
 * slice, as two vectors (the lanes' halves), and correct predictions.  A
 * lane of a slice holds the same leaf (row of its block) all pass long,
 * so each leaf's sum gets the same additions whatever the slicing;
 * kern_pass adds the 16 leaves' sums in leaf order. */
struct tally {
	vd loss[SLICES][2];
	vi hits;
};

/* The loss of a slice's lanes added to its sums in *t, lane by lane. */
VEC_FN void tally_loss(struct tally *t, size_t slice, vf lossv)
{
	vfh half[2];
	memcpy(half, &lossv, sizeof half);
	t->loss[slice][0] += __builtin_convertvector(half[0], vd);
	t->loss[slice][1] += __builtin_convertvector(half[1], vd);
}

static size_t widest(const size_t *width, size_t L)
{
	size_t w = 0;
	for (size_t l = 1; l <= L; l++)
		w = width[l] > w ? width[l] : w;
	return w;
}

#if KERN_BASE
/* Vectors of one block's scratch (the layout is block_init's). */
static size_t block_vecs(const size_t *width, size_t L)
{
	size_t vecs = width[0] + 2 * widest(width, L);
	for (size_t l = 1; l <= L; l++)
		vecs += width[l];
	return vecs;
}

/* Compiled into the base variant only: the same for every variant. */
size_t kern_scratch_floats(const size_t *width, size_t L, size_t n_params)
{
	size_t t;
	/* the lane sums (n_params vectors of 16 lanes) and two blocks (of a
	 * slice, at most 16 lanes) */
	/* direct_grad's rows of the widest layer, inputs included */
	size_t w = widest(width, L) > width[0] ? widest(width, L) : width[0];
	size_t direct = DIRECT_ROWS * (w + KERN_LANES);
	if (!size_add(n_params, 2 * block_vecs(width, L), &t) ||
	    !size_mul(t, KERN_LANES, &t))
		return 0;
	return t > direct ? t : direct;
}
#endif

/* Carves block bk from mem (block_vecs vectors); w is the widest layer. */
static void block_init(struct block *bk, const struct mlp *m, vf *mem, size_t w)
{
	size_t L = m->L;
	bk->xin = mem;
	bk->a[0] = mem + m->width[0];
	for (size_t l = 1; l < L; l++)
		bk->a[l] = bk->a[l - 1] + m->width[l];
	bk->d[0] = bk->a[L - 1] + m->width[L];
	bk->d[1] = bk->d[0] + w;
}

#if DIRECT_MAX > 0
/* ---- Passes of at most DIRECT_MAX rows: the gradient without lane sums
 *
 * A pass of 4 rows fills a quarter of a block, yet its lane sums cost a
 * whole block's: the backward stores one vector per parameter, and
 * lanes_reduce adds each across its lanes.  At the tutorial's batches of
 * 4 and 8 that was a fifth of the training time.  For such passes the
 * backward leaves the lane sums alone (store NO_SUMS), and direct_grad
 * computes each layer's gradient from the rows' values, moved so that
 * one vector holds one row's values of LANES units (transpose_rows):
 * g = the sum over rows r of d_r[j] in_r[i], in lanes_reduce's tree over
 * the 16 leaves, a missing row's leaf being -0 there and here.  So the
 * bits are those of the lane sums: ((l0 + l2) + (l1 + l3)) for up to 4
 * rows, plus ((l4 + l6) + (l5 + l7)) for 5 to 8. */

/* A layer with at most this many inputs (the first, on low-dimensional
 * data) has its gradient computed by outputs (vectors of its units),
 * others by inputs (vectors of the weights' rows). */
#define DIRECT_NARROW 4

static size_t round_lanes(size_t n)
{
	return (n + LANES - 1) / LANES * LANES;
}

/* The value of unit u of row r (< 2 LANES), a stream's LANES rows in
 * lanes: stream r / LANES, lane r % LANES. */
VEC_FN float row_value(const vf *const *src, size_t u, size_t r)
{
	return ((const float *)&src[r / LANES][u])[r % LANES];
}

/* T (B rows, stride floats apart) = the values of units 0 .. n - 1 of
 * rows 0 .. B - 1 held in src (a stream's vectors, units in order, rows
 * in lanes), zero from n to stride (a multiple of LANES). */
static void transpose_rows(float *restrict T, size_t stride, const vf *const *src,
			   size_t n, size_t B)
{
#if LANES == 8
	for (size_t u = 0; u < n; u += 8) {
		vf v[8], t[8], w[8], r[8];
#pragma GCC unroll 8
		for (size_t q = 0; q < 8; q++)
			v[q] = u + q < n ? src[0][u + q] : VF(0.0f);
#pragma GCC unroll 4
		for (size_t k = 0; k < 4; k++) {
			t[2 * k] = SHUF(v[2 * k], v[2 * k + 1], 0, 8, 1, 9, 4, 12, 5, 13);
			t[2 * k + 1] = SHUF(v[2 * k], v[2 * k + 1], 2, 10, 3, 11, 6, 14, 7, 15);
		}
		/* w[q] (q < 4): rows q and q + 4 of units 0-3; w[4 + q]: of 4-7 */
#pragma GCC unroll 2
		for (size_t h = 0; h < 2; h++) {
			w[4 * h] = SHUF(t[4 * h], t[4 * h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
			w[4 * h + 1] = SHUF(t[4 * h], t[4 * h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
			w[4 * h + 2] = SHUF(t[4 * h + 1], t[4 * h + 3], 0, 1, 8, 9, 4, 5, 12, 13);
			w[4 * h + 3] = SHUF(t[4 * h + 1], t[4 * h + 3], 2, 3, 10, 11, 6, 7, 14, 15);
		}
#pragma GCC unroll 4
		for (size_t q = 0; q < 4; q++) {
			r[q] = SHUF(w[q], w[4 + q], 0, 1, 2, 3, 8, 9, 10, 11);
			r[4 + q] = SHUF(w[q], w[4 + q], 4, 5, 6, 7, 12, 13, 14, 15);
		}
#pragma GCC unroll 8
		for (size_t q = 0; q < 8; q++)
			if (q < B)
				memcpy(T + q * stride + u, &r[q], sizeof r[q]);
	}
#elif LANES == 4
	for (size_t k = 0; k * 4 < B; k++)
		for (size_t u = 0; u < n; u += 4) {
			vf v[4], t[4], r[4];
#pragma GCC unroll 4
			for (size_t q = 0; q < 4; q++)
				v[q] = u + q < n ? src[k][u + q] : VF(0.0f);
			t[0] = SHUF(v[0], v[1], 0, 4, 1, 5);
			t[1] = SHUF(v[0], v[1], 2, 6, 3, 7);
			t[2] = SHUF(v[2], v[3], 0, 4, 1, 5);
			t[3] = SHUF(v[2], v[3], 2, 6, 3, 7);
			r[0] = SHUF(t[0], t[2], 0, 1, 4, 5);
			r[1] = SHUF(t[0], t[2], 2, 3, 6, 7);
			r[2] = SHUF(t[1], t[3], 0, 1, 4, 5);
			r[3] = SHUF(t[1], t[3], 2, 3, 6, 7);
#pragma GCC unroll 4
			for (size_t q = 0; q < 4; q++)
				if (4 * k + q < B)
					memcpy(T + (4 * k + q) * stride + u, &r[q], sizeof r[q]);
		}
#else
#error "transpose_rows: 4 or 8 lanes"
#endif
}

/* The lanes of a and b interleaved: a0 b0 a1 b1 ..., first half and
 * second half. */
#if LANES == 16
#define ZIP_LO(a, b) SHUF(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23)
#define ZIP_HI(a, b) SHUF(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31)
#elif LANES == 8
#define ZIP_LO(a, b) SHUF(a, b, 0, 8, 1, 9, 2, 10, 3, 11)
#define ZIP_HI(a, b) SHUF(a, b, 4, 12, 5, 13, 6, 14, 7, 15)
#else
#define ZIP_LO(a, b) SHUF(a, b, 0, 4, 1, 5)
#define ZIP_HI(a, b) SHUF(a, b, 2, 6, 3, 7)
#endif

/* lanes_reduce's tree over nl (4 or 8) leaves, those of the missing rows
 * -0: for up to 4 rows the first group's sum alone, which is what adding
 * the other groups' -0 would leave. */
VEC_FN vf rows_tree(const vf *l, size_t nl)
{
	vf s0 = (l[0] + l[2]) + (l[1] + l[3]);
	return nl <= 4 ? s0 : s0 + ((l[4] + l[6]) + (l[5] + l[7]));
}

VEC_FN float rows_tree1(const float *l, size_t nl)
{
	float s0 = (l[0] + l[2]) + (l[1] + l[3]);
	return nl <= 4 ? s0 : s0 + ((l[4] + l[6]) + (l[5] + l[7]));
}

/* direct_grad for B rows, by inputs (ni > DIRECT_NARROW): row j of the
 * weights' gradient LANES at a time from the inputs' rows T (stride
 * apart); the bias from d's lanes.  nl (4 or 8, B <= nl) a constant where
 * inlined. */
VEC_FN void direct_by_inputs(float *restrict gW, float *restrict gb, const float *T,
			     size_t stride, const vf *const *d, size_t ni, size_t no,
			     size_t B, size_t nl)
{
	for (size_t j = 0; j < no; j++) {
		float dj[DIRECT_ROWS];
		size_t i = 0;
#pragma GCC unroll 8
		for (size_t r = 0; r < nl; r++)
			dj[r] = r < B ? row_value(d, j, r) : -0.0f;
		gb[j] = rows_tree1(dj, nl);
		for (; i < ni; i += LANES) {
			vf leaf[DIRECT_ROWS], g;
#pragma GCC unroll 8
			for (size_t r = 0; r < nl; r++) {
				vf t;
				memcpy(&t, T + r * stride + i, sizeof t);
				leaf[r] = r < B ? dj[r] * t : VF(-0.0f);
			}
			g = rows_tree(leaf, nl);
			if (ni - i >= LANES)
				memcpy(gW + j * ni + i, &g, sizeof g);
			else
				for (size_t q = 0; q < ni - i; q++)
					gW[j * ni + i + q] = g[q];
		}
	}
}

/* direct_grad for B rows, by outputs (ni <= DIRECT_NARROW): LANES units
 * at a time from d's rows T (stride apart), each input's column and the
 * bias.  nl (4 or 8, B <= nl) a constant where inlined, ni too for 2-D
 * data. */
VEC_FN void direct_by_outputs(float *restrict gW, float *restrict gb, const float *T,
			      size_t stride, const vf *const *in, size_t ni, size_t no,
			      size_t B, size_t nl)
{
	float x[DIRECT_NARROW][DIRECT_ROWS] = {{0.0f}};
#pragma GCC unroll 4
	for (size_t i = 0; i < ni; i++)
#pragma GCC unroll 8
		for (size_t r = 0; r < nl; r++)
			x[i][r] = r < B ? row_value(in, i, r) : -0.0f;
	for (size_t j = 0; j < no; j += LANES) {
		size_t nj = no - j < LANES ? no - j : LANES;
		vf dr[DIRECT_ROWS], leaf[DIRECT_ROWS], col[DIRECT_NARROW], g;
#pragma GCC unroll 8
		for (size_t r = 0; r < nl; r++) {
			if (r < B)
				memcpy(&dr[r], T + r * stride + j, sizeof dr[r]);
			else
				dr[r] = VF(-0.0f);
		}
		g = rows_tree(dr, nl);
		if (nj == LANES)
			memcpy(gb + j, &g, sizeof g);
		else
			for (size_t q = 0; q < nj; q++)
				gb[j + q] = g[q];
#pragma GCC unroll 4
		for (size_t i = 0; i < ni; i++) {
#pragma GCC unroll 8
			for (size_t r = 0; r < nl; r++)
				leaf[r] = r < B ? x[i][r] * dr[r] : VF(-0.0f);
			col[i] = rows_tree(leaf, nl);
		}
		if (ni == 2 && nj == LANES) {
			/* the two columns interleaved, as the weights are laid out */
			vf lo = ZIP_LO(col[0], col[1]), hi = ZIP_HI(col[0], col[1]);
			memcpy(gW + 2 * j, &lo, sizeof lo);
			memcpy(gW + 2 * j + LANES, &hi, sizeof hi);
			continue;
		}
		for (size_t q = 0; q < nj; q++)
#pragma GCC unroll 4
			for (size_t i = 0; i < ni; i++)
				gW[(j + q) * ni + i] = col[i][q];
	}
}

/* The gradient of layer l's weights and biases into m->grads, for a pass
 * of B <= DIRECT_ROWS rows whose blocks bk hold, in their streams, the
 * layer's input and the gradient at its output (blocks_backward). */
static void direct_grad(struct mlp *m, const struct block *bk, size_t l, size_t B)
{
	size_t ni = m->width[l], no = m->width[l + 1];
	const vf *d[2] = {bk[0].d[l & 1], bk[1].d[l & 1]};
	const vf *in[2] = {l ? bk[0].a[l - 1] : bk[0].xin, l ? bk[1].a[l - 1] : bk[1].xin};
	float *gW = m->grads + (m->W[l] - m->params);
	float *gb = m->grads + (m->b[l] - m->params);
	float *T = m->lanes; /* the lane sums are not used */
	size_t stride;

	/* the loops unrolled over 4 or 8 leaves; batches of 4 and 8 rows, the
	 * usual ones, with no missing leaf to test for */
	if (ni > DIRECT_NARROW) {
		stride = round_lanes(ni);
		transpose_rows(T, stride, in, ni, B);
		if (B == 4)
			direct_by_inputs(gW, gb, T, stride, d, ni, no, 4, 4);
		else if (B == 8)
			direct_by_inputs(gW, gb, T, stride, d, ni, no, 8, 8);
		else if (B < 4)
			direct_by_inputs(gW, gb, T, stride, d, ni, no, B, 4);
		else
			direct_by_inputs(gW, gb, T, stride, d, ni, no, B, 8);
		return;
	}
	stride = round_lanes(no);
	transpose_rows(T, stride, d, no, B);
	if (ni == 2 && B == 4)
		direct_by_outputs(gW, gb, T, stride, in, 2, no, 4, 4);
	else if (ni == 2 && B == 8)
		direct_by_outputs(gW, gb, T, stride, in, 2, no, 8, 8);
	else if (B <= 4)
		direct_by_outputs(gW, gb, T, stride, in, ni, no, B, 4);
	else
		direct_by_outputs(gW, gb, T, stride, in, ni, no, B, 8);
}
#endif /* DIRECT_MAX > 0 */

/* Forward pass of nb (1 or 2) streams of LANES rows: slice s of block k
 * (from row r0 + k KERN_LANES on, slice s its rows s LANES .. (s + 1)
 * LANES - 1), or when split slices s and s + 1 of the block from r0:
 * gather, layers, softmax and loss into *t; in KERN_STORE mode the rows'
 * outputs to a[] and probs; in KERN_TRAIN mode the loss gradient (softmax
 * - onehot) * scale into d[(L - 1) & 1], zero in the missing rows.  The
 * lanes hold their slice's leaves(s, il).  Every
 * operation is lane-wise, so the grouping of slices into streams changes
 * no bit. */
static void blocks_forward(struct mlp *m, struct block *bk, size_t nb,
			   const float *x, const int32_t *y, const uint32_t *rows,
			   size_t r0, size_t s, int split, int il, size_t B,
			   enum kern_mode mode, float scale, struct tally *t)
{
	size_t L = m->L, K = m->width[L];

	for (size_t k = 0; k < nb; k++) {
		size_t rk = r0 + (split ? 0 : k) * KERN_LANES;
		size_t at = rk + (s + (split ? k : 0)) * LANES;
		bk[k].r0 = at;
		bk[k].nv = B <= at ? 0 : B - at < LANES ? B - at : LANES;
		gather(bk[k].xin, &bk[k].y, &bk[k].valid, x, y, rows, rk,
		       s + (split ? k : 0), il, B, m->width[0]);
	}
	for (size_t l = 0; l < L; l++) {
		vf *out[2] = {bk[0].a[l], bk[1].a[l]};
		const vf *in[2] = {l ? bk[0].a[l - 1] : bk[0].xin,
				   l ? bk[1].a[l - 1] : bk[1].xin};
		dense_forward(out, in, m->W[l], m->b[l], m->width[l], m->width[l + 1],
			      nb, l + 1 < L ? m->act : ACT_LINEAR);
	}
	for (size_t k = 0; k < nb; k++) {
		struct block *b = &bk[k];
		vf *p = b->d[(L - 1) & 1], lossv;
		vi hit;
		softmax_xent(p, &lossv, &hit, b->a[L - 1], b->y, K, mode != KERN_EVAL);
		tally_loss(t, s + (split ? k : 0), (vf)((vi)lossv & b->valid));
		t->hits -= hit & b->valid; /* comparisons give -1 for true */
		if (mode == KERN_STORE) {
			for (size_t l = 0; l < L; l++)
				scatter(m->a[l], b->a[l], b->r0, b->nv, m->width[l + 1]);
			scatter(m->probs, p, b->r0, b->nv, K);
		}
		if (mode != KERN_TRAIN)
			continue;
		for (size_t j = 0; j < K; j++) {
			vf ps = p[j] * scale;
			p[j] = (vf)((vi)sel(b->y == VI((int32_t)j), ps - scale, ps) & b->valid);
		}
	}
}

/* Backward pass of nb (1 or 2) streams after their blocks_forward in
 * KERN_TRAIN mode: the gradient into the lane sums G (the streams'
 * added), or when split stream k's into G + k n_params (its slice's);
 * overwriting them when store. */
static void blocks_backward(struct mlp *m, struct block *bk, size_t nb,
			    vf *G, int split, int store, size_t direct)
{
	/* layer l's output gradient is in d[l & 1]; its input's goes to the
	 * other buffer */
	for (size_t l = m->L; l-- > 0;) {
		vf *din[2] = {NULL, NULL};
		const vf *d[2], *in[2];
		for (size_t k = 0; k < nb; k++) {
			d[k] = bk[k].d[l & 1];
			in[k] = l ? bk[k].a[l - 1] : bk[k].xin;
			if (l)
				din[k] = bk[k].d[!(l & 1)];
		}
#if DIRECT_MAX > 0
		if (direct)
			direct_grad(m, bk, l, direct);
#endif
		dense_backward(G + (m->W[l] - m->params), G + (m->b[l] - m->params),
			       din, d, in, m->W[l], m->width[l], m->width[l + 1],
			       nb, split, m->n_params, m->act, direct ? NO_SUMS : store);
	}
}

void KERN_FN(kern_pass)(struct mlp *m, const float *x, const int32_t *y,
	       const uint32_t *rows, size_t B, enum kern_mode mode,
	       double *loss_sum, size_t *correct)
{
	vf *G = (vf *)m->lanes;
	struct block bk[2];
	struct tally t;
	double leaf_loss[KERN_LANES];
	float scale = 1.0f / (float)B; /* the loss is the MEAN over the B rows */
	size_t hits = 0, w = widest(m->width, m->L);
	/* training with every slice in use: interleaved lanes (leaves) */
	int il = SLICES > 1 && mode == KERN_TRAIN && B > KERN_LANES - LANES;
	/* one whole block (B = 16): each lane sum gets one row, and a pair
	 * of slices 2i, 2i + 1 holds the leaves the tree adds first, so their
	 * backward adds them as it stores (a pair's shared lane sums, those
	 * of slice 2i): half the stores, and lanes_reduce reads half (il 2) */
	int fold = il && B == KERN_LANES;
	/* a pass of few rows: the gradient without lane sums (direct_grad) */
	size_t direct = mode == KERN_TRAIN && B <= DIRECT_MAX ? B : 0;

	memset(&t, 0, sizeof t);
	block_init(&bk[0], m, (vf *)m->block, w);
	/* the second block right after the first (block_vecs, without its loops) */
	block_init(&bk[1], m, bk[0].d[1] + w, w);
	/* blocks of 16 rows in pairs: 32 rows share each weight broadcast
	 * and each update of the lane sums; slice by slice, each with its
	 * own lane sums G + s n_params.  With B < 16, the lanes from B on are
	 * left out of every sum (lanes_reduce; the loss and hits of a row
	 * that is not there are 0 anyway), so the slices past B are skipped:
	 * a batch of 4 costs one SSE2 slice, not four.  A lone block runs
	 * two slices at once, as two streams with their own lane sums, so
	 * that they still share each weight broadcast. */
	for (size_t r0 = 0; r0 < B; r0 += 2 * KERN_LANES) {
		size_t nb = B - r0 > KERN_LANES ? 2 : 1;
		for (size_t s = 0; s < SLICES && s * LANES < B;) {
			int split = nb == 1 && s + 1 < SLICES && (s + 1) * LANES < B;
			size_t ns = split ? 2 : nb;
			blocks_forward(m, bk, ns, x, y, rows, r0, s, split, il, B,
				       mode, scale, &t);
			if (mode == KERN_TRAIN)
				blocks_backward(m, bk, ns, G + s * m->n_params,
						split && !fold, r0 == 0, direct);
			s += split ? 2 : 1;
		}
	}
	if (mode == KERN_TRAIN && !direct)
		lanes_reduce(m->grads, G, m->n_params, B < KERN_LANES ? B : KERN_LANES,
			     fold ? 2 : il);
	for (size_t s = 0; s < SLICES; s++) {
		vi leaf = leaves(s, il);
		for (size_t q = 0; q < LANES; q++)
			leaf_loss[leaf[q]] = t.loss[s][q / (LANES / 2)][q % (LANES / 2)];
	}
	for (int k = 0; k < KERN_LANES; k++)
		*loss_sum += leaf_loss[k];
	for (int k = 0; k < LANES; k++)
		hits += (size_t)t.hits[k];
	*correct += hits;
}
