/* noise.c: the exact gradient noise scale and the two-batch estimator
 * (noise.h).  The exact pass is its own forward and backward in double
 * from the float32 weights, the same on either of mlp.c's paths: chunks
 * of NOISE_CHUNK rows through cblas_dgemm (noise_measure), and one row at
 * a time in plain loops (noise_row, the tests' reference for the chunked
 * pass).  It reads struct mlp's parameters and nothing else of it.  Does
 * not train, time or write anything. */
#include "noise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

/* Rows per chunk of the exact pass: each product is one cblas_dgemm. */
#define NOISE_CHUNK 256

/* Doubles of one chunk's buffers, NOISE_CHUNK rows of: each layer's
 * input and output (widths 0..L) and two delta matrices of the widest
 * layer.  (noise_row uses the first row's worth.)  0 on overflow. */
static size_t row_doubles(const size_t *width, size_t L)
{
	size_t sum, wmax, t;
	mlp_width_sum(width, L, &sum, &wmax);
	return size_mul(sum + 2 * wmax, NOISE_CHUNK, &t) ? t : 0;
}

size_t noise_bytes(const struct config *c, size_t D, size_t K)
{
	size_t width[MLP_MAX_LAYERS + 1], P = mlp_param_count(c, D, K), t;
	size_t L = mlp_widths(c, D, K, width);
	/* g, prev, the weights in double; the chunk */
	if (!size_mul(P, 3, &t) || !size_add(t, row_doubles(width, L), &t) ||
	    !size_mul(t, sizeof(double), &t))
		return 0;
	return t;
}

enum status noise_init(struct noise *n, const struct mlp *m)
{
	memset(n, 0, sizeof *n);
	n->n_params = m->n_params;
	n->g = xcalloc(m->n_params, sizeof(double));
	n->prev = xcalloc(m->n_params, sizeof(double));
	n->wd = xcalloc(m->n_params, sizeof(double));
	n->rowbuf = xcalloc(row_doubles(m->width, m->L), sizeof(double));
	if (!n->g || !n->prev || !n->wd || !n->rowbuf) {
		noise_free(n);
		return ST_NOMEM;
	}
	return ST_OK;
}

void noise_free(struct noise *n)
{
	free(n->g);
	free(n->prev);
	free(n->wd);
	free(n->rowbuf);
	n->g = n->prev = n->wd = n->rowbuf = NULL;
}

void noise_epoch_begin(struct noise *n, size_t batch_size)
{
	n->batch_size = batch_size;
	n->have_prev = 0;
	n->n_pairs = 0;
	n->small_sum = n->big_sum = 0.0;
}

void noise_batch(struct noise *n, const float *grads, size_t nb)
{
	double sa = 0.0, sb = 0.0, sab = 0.0;
	if (nb != n->batch_size) /* an epoch's last, smaller batch */
		return;
	if (!n->have_prev) {
		for (size_t j = 0; j < n->n_params; j++)
			n->prev[j] = grads[j];
		n->have_prev = 1;
		return;
	}
	/* |g_a|^2, |g_b|^2 and |(g_a + g_b) / 2|^2: two batches of B and the
	 * batch of 2B they make */
	for (size_t j = 0; j < n->n_params; j++) {
		double ga = n->prev[j], gb = grads[j], gab = 0.5 * (ga + gb);
		sa += ga * ga;
		sb += gb * gb;
		sab += gab * gab;
	}
	n->small_sum += sa + sb;
	n->big_sum += sab;
	n->n_pairs++;
	n->have_prev = 0;
}

void noise_estimate(const struct noise *n, struct noise_values *v)
{
	double bs = (double)n->batch_size, bb = 2.0 * bs, small2, big2;
	v->grad_norm2_est = v->trace_sigma_est = v->b_simple_est = NAN;
	if (n->n_pairs == 0)
		return;
	small2 = n->small_sum / (2.0 * (double)n->n_pairs);
	big2 = n->big_sum / (double)n->n_pairs;
	v->grad_norm2_est = (bb * big2 - bs * small2) / (bb - bs);
	v->trace_sigma_est = (small2 - big2) / (1.0 / bs - 1.0 / bb);
	v->b_simple_est = v->trace_sigma_est / v->grad_norm2_est;
}

/* v (n) = act(v), in double, as mlp.c's activate in float (the switch
 * outside the loops, which then vectorise). */
static void act_forward(double *restrict v, size_t n, enum activation act)
{
	switch (act) {
	case ACT_RELU:
		for (size_t i = 0; i < n; i++)
			v[i] = v[i] > 0.0 ? v[i] : 0.0;
		break;
	case ACT_TANH:
		for (size_t i = 0; i < n; i++)
			v[i] = tanh(v[i]);
		break;
	case ACT_SIGMOID:
		for (size_t i = 0; i < n; i++)
			v[i] = 1.0 / (1.0 + exp(-v[i]));
		break;
	case ACT_LINEAR:
		break;
	}
}

/* dv (n) *= act'(.) through the output y (n). */
static void act_backward(double *restrict dv, const double *restrict y, size_t n,
			 enum activation act)
{
	switch (act) {
	case ACT_RELU:
		for (size_t i = 0; i < n; i++)
			dv[i] = y[i] > 0.0 ? dv[i] : 0.0;
		break;
	case ACT_TANH:
		for (size_t i = 0; i < n; i++)
			dv[i] *= 1.0 - y[i] * y[i];
		break;
	case ACT_SIGMOID:
		for (size_t i = 0; i < n; i++)
			dv[i] *= y[i] * (1.0 - y[i]);
		break;
	case ACT_LINEAR:
		break;
	}
}

/* Row x (D), label y: returns |g|^2 of the row's cross-entropy gradient
 * by the norm identity and, when gacc is not NULL, ADDS g to gacc
 * (n_params, the parameters' layout). */
static double row_pass(struct noise *n, const struct mlp *m, const float *x,
		       int32_t y, double *gacc)
{
	size_t L = m->L, K = m->width[L], wmax = 0;
	double *h[MLP_MAX_LAYERS + 1], *d, *dprev, norm2 = 0.0, mx, s = 0.0;
	double *p = n->rowbuf;

	for (size_t l = 0; l <= L; l++) {
		h[l] = p;
		p += m->width[l];
		if (m->width[l] > wmax)
			wmax = m->width[l];
	}
	d = p;
	dprev = p + wmax;
	for (size_t i = 0; i < m->width[0]; i++)
		h[0][i] = x[i];
	/* h_{l+1} (out) = act(W_l (out, in) h_l (in) + b_l) */
	for (size_t l = 0; l < L; l++) {
		size_t in = m->width[l], out = m->width[l + 1];
		for (size_t o = 0; o < out; o++) {
			const float *w = m->W[l] + o * in;
			double z = m->b[l][o];
			for (size_t i = 0; i < in; i++)
				z += (double)w[i] * h[l][i];
			h[l + 1][o] = z;
		}
		if (l + 1 < L)
			act_forward(h[l + 1], out, m->act);
	}
	/* softmax of the logits h[L]; delta_L = p - onehot(y), the gradient
	 * of this row's cross-entropy (no 1/N: a per-example loss) */
	mx = h[L][0];
	for (size_t k = 1; k < K; k++)
		if (h[L][k] > mx)
			mx = h[L][k];
	for (size_t k = 0; k < K; k++)
		s += (d[k] = exp(h[L][k] - mx));
	for (size_t k = 0; k < K; k++)
		d[k] /= s;
	d[y] -= 1.0;
	for (size_t l = L; l-- > 0;) {
		size_t in = m->width[l], out = m->width[l + 1];
		double x2 = 0.0, d2 = 0.0, *tmp;
		for (size_t i = 0; i < in; i++)
			x2 += h[l][i] * h[l][i];
		for (size_t o = 0; o < out; o++)
			d2 += d[o] * d[o];
		/* |delta x^T|^2 + |delta|^2 (Goodfellow 2015) */
		norm2 += (x2 + 1.0) * d2;
		if (gacc) {
			double *gw = gacc + (m->W[l] - m->params);
			double *gb = gacc + (m->b[l] - m->params);
			for (size_t o = 0; o < out; o++) {
				for (size_t i = 0; i < in; i++)
					gw[o * in + i] += d[o] * h[l][i];
				gb[o] += d[o];
			}
		}
		if (l == 0)
			break;
		/* delta_{l-1} (in) = W_l^T delta_l, times act' */
		for (size_t i = 0; i < in; i++)
			dprev[i] = 0.0;
		for (size_t o = 0; o < out; o++) {
			const float *w = m->W[l] + o * in;
			for (size_t i = 0; i < in; i++)
				dprev[i] += (double)w[i] * d[o];
		}
		act_backward(dprev, h[l], in, m->act);
		tmp = d;
		d = dprev;
		dprev = tmp;
	}
	return norm2;
}

double noise_row(struct noise *n, const struct mlp *m, const float *x,
		 int32_t y, double *g)
{
	if (g)
		memset(g, 0, m->n_params * sizeof(double));
	return row_pass(n, m, x, y, g);
}

/* C = alpha op(A) op(B) + beta C, row-major, C (M, N), op(A) (M, Kd),
 * op(B) (Kd, N), as mlp.c's sgemm; sizes were checked by mlp_init. */
static void dgemm(int transA, int transB, size_t M, size_t N, size_t Kd,
		  const double *A, const double *Bm, double beta, double *C)
{
	cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
		    transB ? CblasTrans : CblasNoTrans, (int)M, (int)N, (int)Kd,
		    1.0, A, (int)(transA ? M : Kd), Bm, (int)(transB ? Kd : N),
		    beta, C, (int)N);
}

/* The chunk of R rows x (R, D), y (R): adds the rows' gradients to n->g
 * and returns the sum of their |g_i|^2.  Weights from n->wd. */
static double chunk_pass(struct noise *n, const struct mlp *m, const float *x,
			 const int32_t *y, size_t R)
{
	size_t L = m->L, K = m->width[L], wmax = 0;
	double *h[MLP_MAX_LAYERS + 1], *d, *dprev, *p = n->rowbuf, sum2 = 0.0;

	for (size_t l = 0; l <= L; l++) {
		h[l] = p;
		p += NOISE_CHUNK * m->width[l];
		if (m->width[l] > wmax)
			wmax = m->width[l];
	}
	d = p;
	dprev = p + NOISE_CHUNK * wmax;
	for (size_t i = 0; i < R * m->width[0]; i++)
		h[0][i] = x[i];
	for (size_t l = 0; l < L; l++) {
		size_t in = m->width[l], out = m->width[l + 1];
		const double *w = n->wd + (m->W[l] - m->params), *b = n->wd + (m->b[l] - m->params);
		for (size_t r = 0; r < R; r++)
			memcpy(h[l + 1] + r * out, b, out * sizeof(double));
		/* h_{l+1} (R, out) = h_l (R, in) W_l^T + b_l */
		dgemm(0, 1, R, out, in, h[l], w, 1.0, h[l + 1]);
		if (l + 1 < L)
			act_forward(h[l + 1], R * out, m->act);
	}
	/* delta_L (R, K) = softmax - onehot: each row's own loss, no 1/N */
	for (size_t r = 0; r < R; r++) {
		const double *z = h[L] + r * K;
		double *dr = d + r * K, mx = z[0], s = 0.0;
		for (size_t k = 1; k < K; k++)
			if (z[k] > mx)
				mx = z[k];
		for (size_t k = 0; k < K; k++)
			s += (dr[k] = exp(z[k] - mx));
		for (size_t k = 0; k < K; k++)
			dr[k] /= s;
		dr[y[r]] -= 1.0;
	}
	for (size_t l = L; l-- > 0;) {
		size_t in = m->width[l], out = m->width[l + 1];
		const double *w = n->wd + (m->W[l] - m->params);
		double *gw = n->g + (m->W[l] - m->params), *gb = n->g + (m->b[l] - m->params), *tmp;
		/* per row |delta x^T|^2 + |delta|^2 (Goodfellow 2015) */
		for (size_t r = 0; r < R; r++) {
			double x2 = 0.0, d2 = 0.0;
			for (size_t i = 0; i < in; i++)
				x2 += h[l][r * in + i] * h[l][r * in + i];
			for (size_t o = 0; o < out; o++)
				d2 += d[r * out + o] * d[r * out + o];
			sum2 += (x2 + 1.0) * d2;
		}
		/* G_W (out, in) += delta^T (out, R) h_l (R, in); G_b += column sums */
		dgemm(1, 0, out, in, R, d, h[l], 1.0, gw);
		for (size_t r = 0; r < R; r++)
			for (size_t o = 0; o < out; o++)
				gb[o] += d[r * out + o];
		if (l == 0)
			break;
		/* delta_{l-1} (R, in) = delta (R, out) W_l (out, in), times act' */
		dgemm(0, 0, R, in, out, d, w, 0.0, dprev);
		act_backward(dprev, h[l], R * in, m->act);
		tmp = d;
		d = dprev;
		dprev = tmp;
	}
	return sum2;
}

void noise_measure(struct noise *n, const struct mlp *m, const float *x,
		   const int32_t *y, size_t N, struct noise_values *v)
{
	size_t D = m->width[0];
	double sum2 = 0.0, g2 = 0.0;
	memset(n->g, 0, n->n_params * sizeof(double));
	for (size_t j = 0; j < n->n_params; j++)
		n->wd[j] = m->params[j];
	for (size_t r = 0; r < N; r += NOISE_CHUNK) {
		size_t R = N - r < NOISE_CHUNK ? N - r : NOISE_CHUNK;
		sum2 += chunk_pass(n, m, x + r * D, y + r, R);
	}
	for (size_t j = 0; j < n->n_params; j++) {
		double gj = n->g[j] / (double)N;
		g2 += gj * gj;
	}
	v->grad_norm2 = g2;
	v->trace_sigma = sum2 / (double)N - g2;
	v->b_simple = v->trace_sigma / g2;
}
