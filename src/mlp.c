/* mlp.c: parameter layout, forward and backward passes, the loss, and
 * the choice between the two implementations of the passes.
 *
 * Dimension legend (project-wide):
 *   N  rows in a dataset          B  rows in a batch
 *   D  inputs                     H  hidden width
 *   K  outputs (classes)          L  Dense layers (hidden + output)
 *
 * Two paths compute the same passes:
 *   - BLAS (this file): every product is one cblas_sgemm over the batch,
 *     then element-wise loops (bias, activation, softmax).  Right for
 *     large layers, where OpenBLAS's kernels are fastest.
 *   - fused (kernels.c): blocks of 16 rows in vector
 *     lanes, forward + softmax + loss + backward in one pass per pair of
 *     blocks, gradient sums kept per lane; the batch read through its row
 *     indices.  For small layers, where each cblas_sgemm call costs more
 *     in fixed overhead than in arithmetic (five calls a step).
 * Dispatch rule (mlp_auto_path), by shape alone so that a run keeps one
 * path: fused when the network has at most FUSED_MAX_PARAMS parameters
 * and no layer (inputs included) is wider than FUSED_MAX_WIDTH; BLAS
 * otherwise.  Measured here (1 thread, forward + backward per row): at
 * 2 -> 50 -> 3 (303 parameters) fused takes 0.3-0.7x the BLAS time for
 * batches of 4 to 2048; up to ~1000 parameters it wins from batch 32 on
 * (0.4-0.6x) and is within 1.2x at batch 4; from ~1300 parameters
 * (4 -> 32 -> 32 -> 3, 16 -> 64 -> 4) it loses 1.8-2x at batch 4 for
 * at best 0.8-0.9x at large batches, and at 32 -> 512 -> 10 BLAS wins
 * below batch 256.  Both paths handle every shape, activation and batch
 * size, so tests force each (mlp_set_path) and check them against each
 * other, against float64 NumPy, a naive double loop and finite
 * differences.
 *
 * Gradients are overwritten, not accumulated: every backward writes dW, db
 * (BLAS: beta = 0; fused: a pass's first blocks store their lane sums,
 * later ones add, and the sums over lanes are stored), so there is
 * nothing to zero between steps.
 */
#include "mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "kernels.h"
#include "util.h"

/* The dispatch rule, measured on this machine (see the header). */
#define FUSED_MAX_WIDTH 256
#define FUSED_MAX_PARAMS 1024

size_t mlp_param_count(const struct config *c, size_t D, size_t K)
{
	size_t n = 0, in = D;
	for (size_t l = 0; l <= c->n_hidden; l++) {
		size_t out = l < c->n_hidden ? c->hidden[l] : K;
		n += out * in + out;
		in = out;
	}
	return n;
}

/* Floats of activation storage for `capacity` rows, or 0 on overflow. */
static size_t act_floats(const struct config *c, size_t K, size_t capacity)
{
	size_t sum = 0, t;
	for (size_t l = 0; l <= c->n_hidden; l++) {
		size_t out = l < c->n_hidden ? c->hidden[l] : K;
		sum += 2 * out; /* a and da */
	}
	sum += K; /* probs */
	return size_mul(sum, capacity, &t) ? t : 0;
}

size_t mlp_widths(const struct config *c, size_t D, size_t K, size_t *width)
{
	width[0] = D;
	for (size_t l = 0; l < c->n_hidden; l++)
		width[l + 1] = c->hidden[l];
	width[c->n_hidden + 1] = K;
	return c->n_hidden + 1;
}

void mlp_width_sum(const size_t *width, size_t L, size_t *sum, size_t *widest)
{
	*sum = *widest = 0;
	for (size_t l = 0; l <= L; l++) {
		*sum += width[l];
		if (width[l] > *widest)
			*widest = width[l];
	}
}

/* The dispatch rule on widths (L + 1) and the parameter count. */
static enum mlp_path path_for(const size_t *width, size_t L, size_t n_params)
{
	for (size_t l = 0; l <= L; l++)
		if (width[l] > FUSED_MAX_WIDTH)
			return MLP_PATH_BLAS;
	return n_params <= FUSED_MAX_PARAMS ? MLP_PATH_FUSED : MLP_PATH_BLAS;
}

enum mlp_path mlp_auto_path(const struct config *c, size_t D, size_t K)
{
	size_t width[MLP_MAX_LAYERS + 1], L = mlp_widths(c, D, K, width);
	return path_for(width, L, mlp_param_count(c, D, K));
}

/* The fused scratch is over-allocated by this many floats to align it
 * to a whole vector. */
#define FUSED_SLACK (KERN_ALIGN / sizeof(float))

/* Floats of the path's own scratch for `capacity` rows: the fused
 * path's lane sums and blocks (aligned), the BLAS path's gathered batch
 * (rows and labels: one float-sized label each).  0 on overflow. */
static size_t path_floats(enum mlp_path path, const size_t *width, size_t L,
			  size_t n_params, size_t capacity)
{
	size_t f;
	if (path == MLP_PATH_FUSED) {
		f = kern_scratch_floats(width, L, n_params);
		return f && size_add(f, FUSED_SLACK, &f) ? f : 0;
	}
	return size_mul(width[0] + 1, capacity, &f) ? f : 0;
}

size_t mlp_bytes(const struct config *c, size_t D, size_t K, size_t capacity)
{
	size_t width[MLP_MAX_LAYERS + 1], L = mlp_widths(c, D, K, width);
	size_t P = mlp_param_count(c, D, K), acts = act_floats(c, K, capacity);
	size_t scratch = path_floats(path_for(width, L, P), width, L, P, capacity), total;
	if (!acts || !scratch || !size_add(2 * P, acts, &total) ||
	    !size_add(total, scratch, &total) || !size_mul(total, sizeof(float), &total))
		return 0;
	return total;
}

enum status mlp_init(struct mlp *m, const struct config *c, size_t D, size_t K,
		     size_t capacity)
{
	size_t off = 0, nacts;
	float *p;

	memset(m, 0, sizeof *m);
	m->L = mlp_widths(c, D, K, m->width);
	m->act = c->activation;
	m->capacity = capacity;
	m->n_params = mlp_param_count(c, D, K);
	nacts = act_floats(c, K, capacity);
	/* Every size was bounded by the config; this guards the products and
	 * the narrowing to BLAS's int. */
	if (!nacts || mlp_bytes(c, D, K, capacity) == 0 || capacity > INT32_MAX)
		return ST_NOMEM;
	m->params = xcalloc(m->n_params, sizeof(float));
	m->grads = xcalloc(m->n_params, sizeof(float));
	m->acts = xcalloc(nacts, sizeof(float));
	if (!m->params || !m->grads || !m->acts) {
		mlp_free(m);
		return ST_NOMEM;
	}
	for (size_t l = 0; l < m->L; l++) {
		size_t in = m->width[l], out = m->width[l + 1];
		m->W[l] = m->params + off;
		m->dW[l] = m->grads + off;
		off += out * in;
		m->b[l] = m->params + off;
		m->db[l] = m->grads + off;
		off += out;
	}
	p = m->acts;
	for (size_t l = 0; l < m->L; l++) {
		m->a[l] = p;
		p += capacity * m->width[l + 1];
		m->da[l] = p;
		p += capacity * m->width[l + 1];
	}
	m->probs = p;
	if (mlp_set_path(m, MLP_PATH_AUTO) != ST_OK) {
		mlp_free(m);
		return ST_NOMEM;
	}
	return ST_OK;
}

void mlp_free(struct mlp *m)
{
	free(m->params);
	free(m->grads);
	free(m->acts);
	free(m->fused_mem);
	free(m->xb);
	m->params = m->grads = m->acts = m->xb = NULL;
	m->fused_mem = NULL;
	m->lanes = m->block = NULL;
	m->yb = NULL;
}

enum status mlp_set_path(struct mlp *m, enum mlp_path path)
{
	if (path == MLP_PATH_AUTO)
		path = path_for(m->width, m->L, m->n_params);
	if (path == MLP_PATH_FUSED && !m->fused_mem) {
		size_t n = path_floats(path, m->width, m->L, m->n_params, m->capacity);
		float *mem = n ? xcalloc(n, sizeof(float)) : NULL;
		uintptr_t at;
		if (!mem)
			return ST_NOMEM;
		at = ((uintptr_t)mem + KERN_ALIGN - 1) & ~(uintptr_t)(KERN_ALIGN - 1);
		m->fused_mem = mem;
		m->lanes = mem + (at - (uintptr_t)mem) / sizeof(float);
		m->block = m->lanes + m->n_params * KERN_LANES;
	}
	if (path == MLP_PATH_BLAS && !m->xb) {
		/* rows (capacity, D), then the labels (capacity) */
		size_t n = path_floats(path, m->width, m->L, m->n_params, m->capacity);
		m->xb = n ? xmalloc(n * sizeof(float)) : NULL;
		if (!m->xb)
			return ST_NOMEM;
		m->yb = (int32_t *)(m->xb + m->capacity * m->width[0]);
	}
	m->path = path;
	return ST_OK;
}

void mlp_init_weights(struct mlp *m, const struct config *c, struct rng *rng)
{
	for (size_t l = 0; l < m->L; l++) {
		size_t in = m->width[l], out = m->width[l + 1];
		enum init kind = l + 1 < m->L ? c->hidden_init : c->output_init;
		double lim;
		switch (kind) {
		case INIT_GLOROT_UNIFORM: lim = sqrt(6.0 / (double)(in + out)); break;
		case INIT_LECUN_UNIFORM:  lim = sqrt(3.0 / (double)in); break;
		case INIT_HE_UNIFORM:
		default:                  lim = sqrt(6.0 / (double)in); break;
		}
		for (size_t i = 0; i < out * in; i++)
			m->W[l][i] = (float)rng_uniform(rng, -lim, lim);
		memset(m->b[l], 0, out * sizeof(float));
	}
}

/* C = alpha op(A) op(B) + beta C, row-major, C (M, N), op(A) (M, Kd),
 * op(B) (Kd, N).  The one place leading dimensions are worked out. */
static void sgemm(int transA, int transB, size_t M, size_t N, size_t Kd,
		  float alpha, const float *A, const float *Bm, float beta,
		  float *C)
{
	cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
		    transB ? CblasTrans : CblasNoTrans, (int)M, (int)N, (int)Kd,
		    alpha, A, (int)(transA ? M : Kd), Bm, (int)(transB ? Kd : N),
		    beta, C, (int)N);
}

/* In place on (n) values: the hidden activation. */
static void activate(float *v, size_t n, enum activation act)
{
	switch (act) {
	case ACT_RELU:
		for (size_t i = 0; i < n; i++)
			v[i] = v[i] > 0.0f ? v[i] : 0.0f;
		break;
	case ACT_TANH:
		for (size_t i = 0; i < n; i++)
			v[i] = tanhf(v[i]);
		break;
	case ACT_SIGMOID:
		for (size_t i = 0; i < n; i++)
			v[i] = 1.0f / (1.0f + expf(-v[i]));
		break;
	case ACT_LINEAR:
		break;
	}
}

/* dv (B, n) *= act'(.) expressed through the activation's output y, and
 * db (n) = the column sums of the result, added row after row: one pass
 * over the batch for both (at batch 2048 of 512 units each pass reads
 * 4 MB). */
static void activate_backward(float *restrict dv, const float *restrict y,
			      size_t B, size_t n, enum activation act,
			      float *restrict db)
{
	memset(db, 0, n * sizeof *db);
	for (size_t r = 0; r < B; r++) {
		float *d = dv + r * n;
		const float *o = y + r * n;
		switch (act) {
		case ACT_RELU:
			for (size_t j = 0; j < n; j++)
				d[j] = o[j] > 0.0f ? d[j] : 0.0f;
			break;
		case ACT_TANH:
			for (size_t j = 0; j < n; j++)
				d[j] *= 1.0f - o[j] * o[j];
			break;
		case ACT_SIGMOID:
			for (size_t j = 0; j < n; j++)
				d[j] *= o[j] * (1.0f - o[j]);
			break;
		case ACT_LINEAR:
			break;
		}
		for (size_t j = 0; j < n; j++)
			db[j] += d[j];
	}
}

/* Softmax and cross-entropy of one row of logits z (K), computed stably
 * from the logits: loss = logsumexp(z) - z[y].  Writes p (K).  Returns the
 * loss; *hit = 1 when the first largest logit is the label's. */
static float softmax_xent(const float *z, int32_t y, size_t K, float *p, int *hit)
{
	size_t arg = 0;
	float mx = z[0], s = 0.0f, inv;
	for (size_t j = 1; j < K; j++)
		if (z[j] > mx) {
			mx = z[j];
			arg = j;
		}
	for (size_t j = 0; j < K; j++) {
		p[j] = expf(z[j] - mx);
		s += p[j];
	}
	inv = 1.0f / s;
	for (size_t j = 0; j < K; j++)
		p[j] *= inv;
	*hit = (size_t)y == arg;
	return logf(s) - (z[y] - mx);
}

void mlp_forward(struct mlp *m, const float *x, const int32_t *y, size_t B,
		 double *loss_sum, size_t *correct)
{
	const float *in = x;
	size_t K = m->width[m->L];
	double loss = 0.0;
	size_t hits = 0;

	if (m->path == MLP_PATH_FUSED) {
		kern_pass(m, x, y, NULL, B, KERN_STORE, loss_sum, correct);
		return;
	}
	for (size_t l = 0; l < m->L; l++) {
		size_t nin = m->width[l], out = m->width[l + 1];
		for (size_t r = 0; r < B; r++)
			memcpy(m->a[l] + r * out, m->b[l], out * sizeof(float));
		/* a_l (B, out) = in (B, nin) W_l^T + b_l */
		sgemm(0, 1, B, out, nin, 1.0f, in, m->W[l], 1.0f, m->a[l]);
		if (l + 1 < m->L)
			activate(m->a[l], B * out, m->act);
		in = m->a[l];
	}
	for (size_t r = 0; r < B; r++) {
		int hit;
		loss += softmax_xent(m->a[m->L - 1] + r * K, y[r], K,
					 m->probs + r * K, &hit);
		hits += (size_t)hit;
	}
	*loss_sum += loss;
	*correct += hits;
}

void mlp_backward(struct mlp *m, const float *x, const int32_t *y, size_t B)
{
	size_t K = m->width[m->L];
	float scale = 1.0f / (float)B; /* the loss is the MEAN over the batch */
	float *dz = m->da[m->L - 1];

	if (m->path == MLP_PATH_FUSED) {
		double loss = 0.0;
		size_t hits = 0;
		kern_pass(m, x, y, NULL, B, KERN_TRAIN, &loss, &hits);
		return;
	}
	/* dz (B, K) = (softmax - onehot) / B */
	for (size_t r = 0; r < B; r++) {
		for (size_t j = 0; j < K; j++)
			dz[r * K + j] = m->probs[r * K + j] * scale;
		dz[r * K + (size_t)y[r]] -= scale;
	}
	for (size_t l = m->L; l-- > 0;) {
		size_t nin = m->width[l], out = m->width[l + 1];
		const float *in = l ? m->a[l - 1] : x;
		dz = m->da[l];
		/* dW_l (out, nin) = dz^T (out, B) in (B, nin) */
		sgemm(1, 0, out, nin, B, 1.0f, dz, in, 0.0f, m->dW[l]);
		/* db_l (out) = column sums of dz, the last layer's here, the
		 * others' with their activation's backward (below) */
		if (l + 1 == m->L) {
			memset(m->db[l], 0, out * sizeof(float));
			for (size_t r = 0; r < B; r++)
				for (size_t j = 0; j < out; j++)
					m->db[l][j] += dz[r * out + j];
		}
		if (l == 0)
			break;
		/* da_{l-1} (B, nin) = dz (B, out) W_l (out, nin) */
		sgemm(0, 0, B, nin, out, 1.0f, dz, m->W[l], 0.0f, m->da[l - 1]);
		activate_backward(m->da[l - 1], m->a[l - 1], B, nin, m->act, m->db[l - 1]);
	}
}

void mlp_forward_backward(struct mlp *m, const float *x, const int32_t *y,
			  const uint32_t *rows, size_t B, double *loss_sum,
			  size_t *correct)
{
	size_t D = m->width[0];
	if (m->path == MLP_PATH_FUSED) {
		/* reads the rows through their indices */
		kern_pass(m, x, y, rows, B, KERN_TRAIN, loss_sum, correct);
		return;
	}
	if (rows) {
		/* cblas_sgemm needs the batch contiguous */
		for (size_t i = 0; i < B; i++) {
			memcpy(m->xb + i * D, x + (size_t)rows[i] * D, D * sizeof(float));
			m->yb[i] = y[rows[i]];
		}
		x = m->xb;
		y = m->yb;
	}
	mlp_forward(m, x, y, B, loss_sum, correct);
	mlp_backward(m, x, y, B);
}

/* Keras' L2 regularizer (keras/src/regularizers/regularizers.py):
 *     return self.l2 * ops.sum(ops.square(x))
 * added to the loss the gradient tape differentiates, so each kernel's
 * gradient is the sum (AddN, one float addition) of the cross-entropy's
 * and the penalty's.  The penalty's, backwards through the graph: the sum
 * of the losses passes 1.0, the product by the float32 constant l2 gives
 * l2, the sum broadcasts it, and TensorFlow's _SquareGrad gives
 *     grad * (2.0 * x)
 * so dW += l2 * (2 W): 2 W is exact, the product one rounding, the sum
 * another.  (Keras reports the penalised loss in its History; bsweep's
 * train_loss and val_loss stay the cross-entropy.) */
void mlp_l2_backward(struct mlp *m, double l2)
{
	float c = (float)l2;
	for (size_t l = 0; l < m->L; l++) {
		size_t n = m->width[l + 1] * m->width[l];
		const float *restrict w = m->W[l];
		float *restrict dw = m->dW[l];
		for (size_t i = 0; i < n; i++)
			dw[i] += c * (2.0f * w[i]);
	}
}

double mlp_evaluate(struct mlp *m, const float *x, const int32_t *y, size_t N,
		    double *acc)
{
	double loss = 0.0;
	size_t correct = 0, D = m->width[0];
	if (m->path == MLP_PATH_FUSED) {
		/* one pass: it stores no rows, so needs no chunks */
		kern_pass(m, x, y, NULL, N, KERN_EVAL, &loss, &correct);
	} else {
		for (size_t r = 0; r < N; r += m->capacity) {
			size_t B = N - r < m->capacity ? N - r : m->capacity;
			mlp_forward(m, x + r * D, y + r, B, &loss, &correct);
		}
	}
	*acc = (double)correct / (double)N;
	return loss / (double)N;
}
