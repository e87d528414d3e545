/* sharp.c: Hessian-vector products by the R-operator and the power
 * iteration on them (sharp.h).  One row at a time in plain loops, in
 * double; reads struct mlp's shapes and parameters and nothing else of
 * it.  Does not train, time or write anything. */
#include "sharp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* Doubles of one row's buffers: h, Rz and Rh per width 0..L, and four
 * vectors of the widest layer (delta, R delta and the previous layer's
 * two).  0 on overflow. */
static size_t row_doubles(const size_t *width, size_t L)
{
	size_t sum, wmax, t;
	mlp_width_sum(width, L, &sum, &wmax);
	if (!size_mul(sum, 3, &t) || !size_add(t, 4 * wmax, &t))
		return 0;
	return t;
}

size_t sharp_bytes(const struct config *c, size_t D, size_t K)
{
	size_t width[MLP_MAX_LAYERS + 1], P = mlp_param_count(c, D, K), t;
	size_t L = mlp_widths(c, D, K, width);
	/* w, v, hv; the row */
	if (!size_mul(P, 3, &t) || !size_add(t, row_doubles(width, L), &t) ||
	    !size_mul(t, sizeof(double), &t))
		return 0;
	return t;
}

enum status sharp_init(struct sharp *s, const struct mlp *m)
{
	memset(s, 0, sizeof *s);
	s->n_params = m->n_params;
	s->w = xcalloc(m->n_params, sizeof(double));
	s->v = xcalloc(m->n_params, sizeof(double));
	s->hv = xcalloc(m->n_params, sizeof(double));
	s->rowbuf = xcalloc(row_doubles(m->width, m->L), sizeof(double));
	if (!s->w || !s->v || !s->hv || !s->rowbuf) {
		sharp_free(s);
		return ST_NOMEM;
	}
	return ST_OK;
}

void sharp_free(struct sharp *s)
{
	free(s->w);
	free(s->v);
	free(s->hv);
	free(s->rowbuf);
	s->w = s->v = s->hv = s->rowbuf = NULL;
}

/* The activation's first and second derivatives, from its output y. */
static double act_d1(double y, enum activation act)
{
	switch (act) {
	case ACT_RELU:
		return y > 0.0 ? 1.0 : 0.0;
	case ACT_TANH:
		return 1.0 - y * y;
	case ACT_SIGMOID:
		return y * (1.0 - y);
	case ACT_LINEAR:
		break;
	}
	return 1.0;
}

static double act_d2(double y, enum activation act)
{
	switch (act) {
	case ACT_TANH:
		return -2.0 * y * (1.0 - y * y);
	case ACT_SIGMOID:
		return y * (1.0 - y) * (1.0 - 2.0 * y);
	case ACT_RELU:   /* 0 but at the kink, where it is taken as 0 */
	case ACT_LINEAR:
		break;
	}
	return 0.0;
}

static double act_f(double z, enum activation act)
{
	switch (act) {
	case ACT_RELU:
		return z > 0.0 ? z : 0.0;
	case ACT_TANH:
		return tanh(z);
	case ACT_SIGMOID:
		return 1.0 / (1.0 + exp(-z));
	case ACT_LINEAR:
		break;
	}
	return z;
}

/* One row x (D), label y: ADDS the gradient of its cross-entropy to g
 * (when not NULL) and its R-derivative (the row's H v) to hv. */
static void row_hvp(struct sharp *s, const struct mlp *m, const double *w,
		    const double *v, const float *x, int32_t y, double *hv, double *g)
{
	size_t L = m->L, K = m->width[L], wmax = 0;
	double *h[MLP_MAX_LAYERS + 1], *rz[MLP_MAX_LAYERS + 1], *rh[MLP_MAX_LAYERS + 1];
	double *d, *rd, *dp, *rdp, *p = s->rowbuf, mx, sum = 0.0, prz = 0.0;

	for (size_t l = 0; l <= L; l++) {
		h[l] = p;
		rz[l] = p + m->width[l];
		rh[l] = p + 2 * m->width[l];
		p += 3 * m->width[l];
		if (m->width[l] > wmax)
			wmax = m->width[l];
	}
	d = p;
	rd = p + wmax;
	dp = p + 2 * wmax;
	rdp = p + 3 * wmax;
	for (size_t i = 0; i < m->width[0]; i++) {
		h[0][i] = x[i];
		rh[0][i] = 0.0;
	}
	/* z = W h + b; Rz = V_W h + W Rh + V_b; h' = act(z), Rh' = act'(z) Rz */
	for (size_t l = 0; l < L; l++) {
		size_t in = m->width[l], out = m->width[l + 1];
		size_t ow = (size_t)(m->W[l] - m->params), ob = (size_t)(m->b[l] - m->params);
		for (size_t o = 0; o < out; o++) {
			const double *wr = w + ow + o * in, *vr = v + ow + o * in;
			double z = w[ob + o], r = v[ob + o];
			for (size_t i = 0; i < in; i++) {
				z += wr[i] * h[l][i];
				r += vr[i] * h[l][i] + wr[i] * rh[l][i];
			}
			rz[l + 1][o] = r;
			if (l + 1 < L) {
				h[l + 1][o] = act_f(z, m->act);
				rh[l + 1][o] = act_d1(h[l + 1][o], m->act) * r;
			} else {
				h[l + 1][o] = z; /* the logits */
			}
		}
	}
	/* delta = softmax(z) - onehot(y); R delta = (diag(p) - p p^T) Rz */
	mx = h[L][0];
	for (size_t k = 1; k < K; k++)
		if (h[L][k] > mx)
			mx = h[L][k];
	for (size_t k = 0; k < K; k++)
		sum += (d[k] = exp(h[L][k] - mx));
	for (size_t k = 0; k < K; k++) {
		d[k] /= sum;
		prz += d[k] * rz[L][k];
	}
	for (size_t k = 0; k < K; k++)
		rd[k] = d[k] * (rz[L][k] - prz);
	d[y] -= 1.0;
	for (size_t l = L; l-- > 0;) {
		size_t in = m->width[l], out = m->width[l + 1];
		size_t ow = (size_t)(m->W[l] - m->params), ob = (size_t)(m->b[l] - m->params);
		double *tmp;
		/* g_W += delta h^T, g_b += delta;
		 * R g_W += R delta h^T + delta Rh^T, R g_b += R delta */
		for (size_t o = 0; o < out; o++) {
			double *hw = hv + ow + o * in;
			for (size_t i = 0; i < in; i++)
				hw[i] += rd[o] * h[l][i] + d[o] * rh[l][i];
			hv[ob + o] += rd[o];
			if (g) {
				for (size_t i = 0; i < in; i++)
					g[ow + o * in + i] += d[o] * h[l][i];
				g[ob + o] += d[o];
			}
		}
		if (l == 0)
			break;
		/* gh = W^T delta, R gh = V^T delta + W^T R delta; then
		 * delta' = gh act'(z), R delta' = R gh act'(z) + gh act''(z) Rz */
		for (size_t i = 0; i < in; i++)
			dp[i] = rdp[i] = 0.0;
		for (size_t o = 0; o < out; o++) {
			const double *wr = w + ow + o * in, *vr = v + ow + o * in;
			for (size_t i = 0; i < in; i++) {
				dp[i] += wr[i] * d[o];
				rdp[i] += vr[i] * d[o] + wr[i] * rd[o];
			}
		}
		for (size_t i = 0; i < in; i++) {
			double a1 = act_d1(h[l][i], m->act), a2 = act_d2(h[l][i], m->act);
			rdp[i] = rdp[i] * a1 + dp[i] * a2 * rz[l][i];
			dp[i] *= a1;
		}
		tmp = d;
		d = dp;
		dp = tmp;
		tmp = rd;
		rd = rdp;
		rdp = tmp;
	}
}

void sharp_hvp(struct sharp *s, const struct mlp *m, const double *w,
	       const float *x, const int32_t *y, size_t N, const double *v,
	       double *hv, double *g)
{
	size_t D = m->width[0], P = m->n_params;
	memset(hv, 0, P * sizeof(double));
	if (g)
		memset(g, 0, P * sizeof(double));
	for (size_t r = 0; r < N; r++)
		row_hvp(s, m, w, v, x + r * D, y[r], hv, g);
	for (size_t j = 0; j < P; j++) {
		hv[j] /= (double)N;
		if (g)
			g[j] /= (double)N;
	}
}

static double norm(const double *v, size_t n)
{
	double s = 0.0;
	for (size_t j = 0; j < n; j++)
		s += v[j] * v[j];
	return sqrt(s);
}

/* Power iteration on H - shift I from the fixed start vector: returns
 * its Rayleigh quotient at convergence (sharp.h); *k gets the products. */
static double power(struct sharp *s, const struct mlp *m, const float *x, const int32_t *y,
		    size_t N, double shift, double tol, size_t max_iter, size_t *k)
{
	size_t P = m->n_params;
	double lambda = 0.0, prev = 0.0, nv;
	struct rng rng;

	rng_init(&rng, SHARP_SEED);
	for (size_t j = 0; j < P; j++)
		s->v[j] = rng_uniform(&rng, -1.0, 1.0);
	nv = norm(s->v, P);
	for (size_t j = 0; j < P; j++)
		s->v[j] /= nv;
	for (*k = 1; *k <= max_iter; ++*k) {
		double nh;
		sharp_hvp(s, m, s->w, x, y, N, s->v, s->hv, NULL);
		lambda = 0.0;
		for (size_t j = 0; j < P; j++) {
			s->hv[j] -= shift * s->v[j];
			lambda += s->v[j] * s->hv[j];
		}
		nh = norm(s->hv, P);
		if (nh == 0.0) /* v in the null space: H - shift I is 0 along it */
			break;
		for (size_t j = 0; j < P; j++)
			s->v[j] = s->hv[j] / nh;
		if (*k > 1 && fabs(lambda - prev) <= tol * fabs(lambda))
			break;
		prev = lambda;
	}
	if (*k > max_iter)
		*k = max_iter;
	return lambda;
}

double sharp_measure(struct sharp *s, const struct mlp *m, const float *x,
		     const int32_t *y, size_t N, double tol, size_t max_iter,
		     size_t *iters)
{
	size_t k1 = 0, k2 = 0;
	double lambda;
	for (size_t j = 0; j < m->n_params; j++)
		s->w[j] = m->params[j];
	lambda = power(s, m, x, y, N, 0.0, tol, max_iter, &k1);
	/* the dominant eigenvalue is negative (a saddle): every eigenvalue of
	 * H - lambda I is >= 0, and its largest is lambda_max - lambda */
	if (lambda < 0.0)
		lambda += power(s, m, x, y, N, lambda, tol, max_iter, &k2);
	if (iters)
		*iters = k1 + k2;
	return lambda;
}
