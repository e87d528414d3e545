/* test_mlp.c: the model's maths, on both paths (BLAS and fused, forced
 * with mlp_set_path) unless said otherwise.
 *   - forward and backward against float64 NumPy (tests/golden/mlp_*.txt);
 *   - backprop against central finite differences in double of a naive
 *     double-precision forward written here (every parameter tensor);
 *   - odd shapes, batch 1 and a partial batch against the naive forward;
 *   - mlp_evaluate's chunking against one naive pass;
 *   - the two paths against each other: forward outputs, gradients, a
 *     batch read through row indices, evaluation, on shapes that exercise
 *     every kernel variant (fan-in 1-4 and wider, widths not multiples of
 *     8, 0-3 hidden layers, each activation, partial and paired blocks);
 *   - the dispatch rule, and the fused softmax's vector exp and log
 *     against expf and logf (ulps over the whole float range);
 *   - the initialisers' limits and their NumPy-identical draws;
 *   - the L2 penalty's gradient on the kernels (mlp_l2_backward).
 * Each comparison prints its worst difference. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "fixture.h"
#include "isa.h"
#include "kernels.h"
#include "mlp.h"
#include "rng.h"

static const enum mlp_path paths[] = {MLP_PATH_BLAS, MLP_PATH_FUSED};
static const char *const path_names[] = {"auto", "blas", "fused"};

/* A config with the given widths: D inputs, hidden..., K outputs. */
static void make_config(struct config *c, size_t n_hidden, const size_t *hidden,
			enum activation act)
{
	assert_int_equal(config_defaults(c), ST_OK);
	c->n_hidden = n_hidden;
	for (size_t l = 0; l < n_hidden; l++)
		c->hidden[l] = hidden[l];
	c->activation = act;
}

static double act_ref(double z, enum activation act)
{
	switch (act) {
	case ACT_RELU: return z > 0 ? z : 0;
	case ACT_TANH: return tanh(z);
	case ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
	default: return z;
	}
}

/* Naive double forward with parameters p in mlp's layout; returns the
 * summed cross-entropy over B rows; logits (B, K) out when non-NULL. */
static double forward_ref(const struct mlp *m, const double *p, const float *x,
			  const int32_t *y, size_t B, double *logits)
{
	double a[2][256], loss = 0.0;
	for (size_t r = 0; r < B; r++) {
		const double *w = p;
		size_t cur = 0;
		for (size_t i = 0; i < m->width[0]; i++)
			a[0][i] = x[r * m->width[0] + i];
		for (size_t l = 0; l < m->L; l++) {
			size_t in = m->width[l], out = m->width[l + 1];
			const double *bias = w + out * in;
			for (size_t j = 0; j < out; j++) {
				double s = bias[j];
				for (size_t i = 0; i < in; i++)
					s += w[j * in + i] * a[cur][i];
				a[!cur][j] = l + 1 < m->L ? act_ref(s, m->act) : s;
			}
			w += out * in + out;
			cur = !cur;
		}
		{
			size_t K = m->width[m->L];
			double mx = a[cur][0], s = 0.0;
			for (size_t j = 1; j < K; j++)
				mx = fmax(mx, a[cur][j]);
			for (size_t j = 0; j < K; j++)
				s += exp(a[cur][j] - mx);
			loss += mx + log(s) - a[cur][y[r]];
			if (logits)
				for (size_t j = 0; j < K; j++)
					logits[r * K + j] = a[cur][j];
		}
	}
	return loss;
}

/* |got - want| <= atol + rtol |want| for all; prints the worst. */
static void close_all(const char *what, const float *got, const double *want,
		      size_t n, double atol, double rtol)
{
	double worst = 0.0;
	size_t wi = 0;
	for (size_t i = 0; i < n; i++) {
		double d = fabs((double)got[i] - want[i]);
		double excess = d - (atol + rtol * fabs(want[i]));
		if (i == 0 || excess > worst) {
			worst = excess;
			wi = i;
		}
	}
	print_message("    %-24s n=%-5zu worst |diff| - tol = %+.3g at [%zu] (got %.9g want %.9g)\n",
		      what, n, worst, wi, n ? (double)got[wi] : 0.0, n ? want[wi] : 0.0);
	if (worst > 0)
		fail_msg("%s: [%zu] got %.9g, want %.9g", what, wi, (double)got[wi], want[wi]);
}

/* One golden file on one path: forward and backward against float64
 * NumPy. */
static void check_golden_path(const char *name, enum mlp_path path)
{
	struct fixture fx;
	struct config c;
	struct mlp m;
	size_t nw = 0, n = 0, B = 0, hidden[CONFIG_MAX_HIDDEN], nl;
	const double *widths, *xs, *ys, *v;
	float x[4096];
	int32_t y[512];
	double loss = 0.0;
	size_t correct = 0;

	assert_int_equal(fixture_load(&fx, name), 0);
	widths = fixture_get(&fx, "widths", &nw);
	xs = fixture_get(&fx, "x", &n);
	ys = fixture_get(&fx, "y", &B);
	assert_non_null(widths);
	assert_non_null(xs);
	assert_non_null(ys);
	nl = nw - 1;
	for (size_t l = 0; l + 1 < nl; l++)
		hidden[l] = (size_t)widths[l + 1];
	make_config(&c, nl - 1, hidden,
		    (enum activation)fixture_get(&fx, "activation", NULL)[0]);
	assert_int_equal(mlp_init(&m, &c, (size_t)widths[0], (size_t)widths[nl], B), ST_OK);
	assert_int_equal(mlp_set_path(&m, path), ST_OK);
	for (size_t i = 0; i < n; i++)
		x[i] = (float)xs[i];
	for (size_t i = 0; i < B; i++)
		y[i] = (int32_t)ys[i];
	for (size_t l = 0; l < nl; l++) {
		char key[32];
		size_t cnt = 0;
		snprintf(key, sizeof key, "W%zu", l);
		v = fixture_get(&fx, key, &cnt);
		for (size_t i = 0; i < cnt; i++)
			m.W[l][i] = (float)v[i];
		snprintf(key, sizeof key, "b%zu", l);
		v = fixture_get(&fx, key, &cnt);
		for (size_t i = 0; i < cnt; i++)
			m.b[l][i] = (float)v[i];
	}
	print_message("  %s, %s path\n", name, path_names[path]);
	mlp_forward(&m, x, y, B, &loss, &correct);
	close_all("logits", m.a[nl - 1], fixture_get(&fx, "logits", NULL),
		  B * m.width[nl], 1e-5, 1e-5);
	{
		double want = fixture_get(&fx, "loss_sum", NULL)[0];
		print_message("    loss_sum got %.9g want %.9g\n", loss, want);
		assert_true(fabs(loss - want) <= 1e-5 * (1 + fabs(want)));
	}
	assert_int_equal(correct, (size_t)fixture_get(&fx, "correct", NULL)[0]);
	mlp_backward(&m, x, y, B);
	for (size_t l = 0; l < nl; l++) {
		char key[32];
		size_t cnt = 0;
		snprintf(key, sizeof key, "dW%zu", l);
		v = fixture_get(&fx, key, &cnt);
		close_all(key, m.dW[l], v, cnt, 1e-6, 1e-4);
		snprintf(key, sizeof key, "db%zu", l);
		v = fixture_get(&fx, key, &cnt);
		close_all(key, m.db[l], v, cnt, 1e-6, 1e-4);
	}
	mlp_free(&m);
	config_free(&c);
	fixture_free(&fx);
}

static void check_golden(const char *name)
{
	for (size_t k = 0; k < 2; k++)
		check_golden_path(name, paths[k]);
}

static void test_golden_relu2(void **s) { (void)s; check_golden("mlp_relu2.txt"); }
static void test_golden_tanh1(void **s) { (void)s; check_golden("mlp_tanh1.txt"); }
static void test_golden_sigmoid1(void **s) { (void)s; check_golden("mlp_sigmoid1.txt"); }
static void test_golden_seedshape(void **s) { (void)s; check_golden("mlp_seedshape.txt"); }
static void test_golden_linear0(void **s) { (void)s; check_golden("mlp_linear0.txt"); }

/* Random parameters and inputs for shape tests. */
static void randomise(struct mlp *m, float *x, int32_t *y, size_t B, uint32_t seed)
{
	struct rng r;
	rng_init(&r, seed);
	for (size_t i = 0; i < m->n_params; i++)
		m->params[i] = (float)rng_uniform(&r, -0.7, 0.7);
	for (size_t i = 0; i < B * m->width[0]; i++)
		x[i] = (float)rng_gauss(&r);
	for (size_t i = 0; i < B; i++)
		y[i] = (int32_t)rng_interval(&r, (uint32_t)m->width[m->L] - 1);
}

/* Backprop against central differences of the naive double forward of the
 * mean loss, for every parameter; relative error per tensor. */
static void gradcheck_path(size_t D, size_t n_hidden, const size_t *hidden,
			   size_t K, size_t B, enum activation act, uint32_t seed,
			   enum mlp_path path)
{
	struct config c;
	struct mlp m;
	float x[1024];
	int32_t y[128];
	double p[4096], loss = 0.0, h = 1e-6;
	size_t correct = 0, off = 0;

	make_config(&c, n_hidden, hidden, act);
	assert_int_equal(mlp_init(&m, &c, D, K, B), ST_OK);
	assert_int_equal(mlp_set_path(&m, path), ST_OK);
	assert_true(m.n_params <= 4096);
	randomise(&m, x, y, B, seed);
	for (size_t i = 0; i < m.n_params; i++)
		p[i] = m.params[i];
	mlp_forward(&m, x, y, B, &loss, &correct);
	mlp_backward(&m, x, y, B);
	print_message("  gradcheck D=%zu hidden=%zu layers K=%zu B=%zu act=%s, %s path\n",
		      D, n_hidden, K, B, config_activation_name(act), path_names[path]);
	for (size_t l = 0; l < m.L; l++) {
		for (int part = 0; part < 2; part++) {
			size_t cnt = part ? m.width[l + 1] : m.width[l + 1] * m.width[l];
			double num2 = 0.0, diff2 = 0.0;
			for (size_t i = 0; i < cnt; i++, off++) {
				double keep = p[off], fp, fm, g;
				p[off] = keep + h;
				fp = forward_ref(&m, p, x, y, B, NULL) / (double)B;
				p[off] = keep - h;
				fm = forward_ref(&m, p, x, y, B, NULL) / (double)B;
				p[off] = keep;
				g = (fp - fm) / (2 * h);
				num2 += g * g;
				diff2 += (g - m.grads[off]) * (g - m.grads[off]);
			}
			{
				double rel = sqrt(diff2) / fmax(sqrt(num2), 1e-12);
				print_message("    layer %zu %s: relative error %.3g\n", l,
					      part ? "bias  " : "weight", rel);
				assert_true(rel < 1e-4);
			}
		}
	}
	mlp_free(&m);
	config_free(&c);
}

static void gradcheck(size_t D, size_t n_hidden, const size_t *hidden, size_t K,
		      size_t B, enum activation act, uint32_t seed)
{
	for (size_t k = 0; k < 2; k++)
		gradcheck_path(D, n_hidden, hidden, K, B, act, seed, paths[k]);
}

static void test_gradcheck_relu(void **s)
{
	static const size_t h[] = {6, 5};
	(void)s;
	gradcheck(3, 2, h, 4, 5, ACT_RELU, 1);
}

static void test_gradcheck_smooth(void **s)
{
	static const size_t h[] = {7};
	(void)s;
	gradcheck(2, 1, h, 3, 4, ACT_TANH, 2);
	gradcheck(4, 1, h, 2, 3, ACT_SIGMOID, 3);
	gradcheck(5, 0, h, 3, 2, ACT_LINEAR, 4);
}

static void test_gradcheck_seed_shape(void **s)
{
	static const size_t h[] = {50};
	(void)s;
	gradcheck(2, 1, h, 3, 1, ACT_RELU, 5);
	gradcheck(2, 1, h, 3, 9, ACT_RELU, 6);
}

/* Odd shapes, batch 1, a batch smaller than the capacity: the forward's
 * logits and loss against the naive double loop. */
static void test_odd_shapes(void **s)
{
	static const size_t shapes[][6] = {
		/* D, n_hidden, h0, h1, K, B */
		{5, 2, 3, 11, 4, 1}, {5, 2, 3, 11, 4, 7}, {1, 1, 1, 0, 2, 13},
		{7, 1, 33, 0, 5, 31}, {2, 1, 50, 0, 3, 1}, {2, 1, 50, 0, 3, 500},
		{3, 0, 0, 0, 3, 17},
	};
	(void)s;
	for (size_t q = 0; q < 2 * sizeof shapes / sizeof shapes[0]; q++) {
		size_t k = q / 2;
		struct config c;
		struct mlp m;
		static float x[8192];
		static int32_t y[1024];
		static double p[4096], logits[4096];
		size_t hidden[2] = {shapes[k][2], shapes[k][3]}, B = shapes[k][5];
		size_t correct = 0, K = shapes[k][4];
		double loss = 0.0, want;
		make_config(&c, shapes[k][1], hidden, ACT_RELU);
		/* capacity above B: the partial-batch case */
		assert_int_equal(mlp_init(&m, &c, shapes[k][0], K, B + 3), ST_OK);
		assert_int_equal(mlp_set_path(&m, paths[q % 2]), ST_OK);
		randomise(&m, x, y, B, (uint32_t)(100 + k));
		for (size_t i = 0; i < m.n_params; i++)
			p[i] = m.params[i];
		mlp_forward(&m, x, y, B, &loss, &correct);
		want = forward_ref(&m, p, x, y, B, logits);
		print_message("  shape %zu: D=%zu K=%zu B=%zu, %s path\n", k,
			      shapes[k][0], K, B, path_names[paths[q % 2]]);
		close_all("logits", m.a[m.L - 1], logits, B * K, 1e-5, 1e-5);
		assert_true(fabs(loss - want) <= 1e-5 * (1 + fabs(want)));
		mlp_free(&m);
		config_free(&c);
	}
}

/* The fused path's gradient over a batch of B = 2, 4, 8 or 16 rows is
 * the sum of each row's alone, bit for bit, in the tree kernels.c
 * documents for the 16 lanes of a block: S_c = (g[4c] + g[4c+2]) +
 * (g[4c+1] + g[4c+3]), then (S_0 + S_1) + (S_2 + S_3), a missing row's
 * leaf -0.  A row alone has the loss gradient of B = 1; with B rows it
 * is 1/B times that, and scaling by a power of two is exact through
 * every product and sum of the backward, so each row's leaf is its own
 * gradient times 1/B.  With SSE2 and AVX2, passes of up to 8 rows
 * compute the tree without lane sums (direct_grad), the others with
 * them: both are checked, under the variant tests/isa.sh selects. */
static void test_small_batch_tree(void **s)
{
	static const size_t shapes[][6] = {
		/* D, n_hidden, h0, h1, K, act */
		{2, 1, 50, 0, 3, ACT_RELU}, {7, 2, 9, 6, 5, ACT_TANH},
		{3, 2, 20, 17, 4, ACT_SIGMOID}, {1, 0, 0, 0, 2, ACT_RELU},
	};
	static const size_t batches[] = {2, 4, 8, 16};
	(void)s;
	for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
		for (size_t q = 0; q < sizeof batches / sizeof batches[0]; q++) {
			size_t D = shapes[k][0], B = batches[q], n = 0, bad = 0;
			size_t hidden[2] = {shapes[k][2], shapes[k][3]}, correct = 0;
			static float x[16 * 8], g[16][1024], batch[1024];
			static int32_t y[16];
			double loss = 0.0;
			struct config c;
			struct mlp m;
			make_config(&c, shapes[k][1], hidden, (enum activation)shapes[k][5]);
			assert_int_equal(mlp_init(&m, &c, D, shapes[k][4], B), ST_OK);
			assert_int_equal(mlp_set_path(&m, MLP_PATH_FUSED), ST_OK);
			assert_true(m.n_params <= 1024);
			randomise(&m, x, y, B, (uint32_t)(300 + 10 * k + q));
			for (size_t r = 0; r < B; r++) {
				mlp_forward_backward(&m, x + r * D, y + r, NULL, 1, &loss, &correct);
				memcpy(g[r], m.grads, m.n_params * sizeof(float));
			}
			mlp_forward_backward(&m, x, y, NULL, B, &loss, &correct);
			memcpy(batch, m.grads, m.n_params * sizeof(float));
			for (size_t i = 0; i < m.n_params; i++) {
				float l[16], S[4], want;
				for (size_t r = 0; r < 16; r++)
					l[r] = r < B ? g[r][i] / (float)B : -0.0f;
				for (size_t c4 = 0; c4 < 4; c4++)
					S[c4] = (l[4 * c4] + l[4 * c4 + 2]) + (l[4 * c4 + 1] + l[4 * c4 + 3]);
				want = (S[0] + S[1]) + (S[2] + S[3]);
				n += want != 0.0f;
				if (memcmp(&want, &batch[i], sizeof want) != 0 && bad++ < 3)
					print_message("    parameter %zu: %.9g, tree %.9g\n", i,
						      (double)batch[i], (double)want);
			}
			print_message("  D=%zu hidden=%zu K=%zu B=%zu: %zu of %zu parameters "
				      "differ from the tree (%zu nonzero)\n", D, shapes[k][1],
				      shapes[k][4], B, bad, m.n_params, n);
			assert_int_equal(bad, 0);
			assert_true(n > m.n_params / 2);
			mlp_free(&m);
			config_free(&c);
		}
}

/* mlp_evaluate (BLAS path: in chunks of capacity) equals one naive pass. */
static void evaluate_path(enum mlp_path path)
{
	static const size_t h[] = {9};
	static float x[2 * 2500];
	static int32_t y[2500];
	static double p[1024];
	struct config c;
	struct mlp m;
	double acc, loss, want;
	size_t N = 2500, correct = 0;
	make_config(&c, 1, h, ACT_RELU);
	assert_int_equal(mlp_init(&m, &c, 2, 3, 1024), ST_OK);
	assert_int_equal(mlp_set_path(&m, path), ST_OK);
	randomise(&m, x, y, N, 77);
	for (size_t i = 0; i < m.n_params; i++)
		p[i] = m.params[i];
	loss = mlp_evaluate(&m, x, y, N, &acc);
	want = forward_ref(&m, p, x, y, N, NULL) / (double)N;
	{
		/* accuracy by a direct count on one big batch */
		struct mlp big;
		double l2 = 0.0;
		assert_int_equal(mlp_init(&big, &c, 2, 3, N), ST_OK);
		assert_int_equal(mlp_set_path(&big, path), ST_OK);
		memcpy(big.params, m.params, m.n_params * sizeof(float));
		mlp_forward(&big, x, y, N, &l2, &correct);
		mlp_free(&big);
	}
	print_message("  evaluate, %s path: loss %.9g want %.9g, acc %.4f\n",
		      path_names[path], loss, want, acc);
	assert_true(fabs(loss - want) <= 1e-6 * (1 + want));
	assert_true(acc == (double)correct / (double)N);
	mlp_free(&m);
	config_free(&c);
}

static void test_evaluate_chunks(void **s)
{
	(void)s;
	evaluate_path(MLP_PATH_BLAS);
	evaluate_path(MLP_PATH_FUSED);
}

/* Gradient check across blocks on the fused path: 20 rows are a pair of
 * blocks and a partial one; wide layers (tiles of 4 and a remainder, a
 * fan-in above 4) and two hidden layers.  (The BLAS path too.) */
static void test_gradcheck_blocks(void **s)
{
	static const size_t h[] = {9, 5};
	(void)s;
	gradcheck(6, 2, h, 4, 20, ACT_TANH, 8);
	gradcheck(3, 2, h, 3, 17, ACT_RELU, 9);
}

/* float32 values as doubles, for close_all. */
static void widen(double *dst, const float *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

/* Two networks of one shape and parameters, one per path. */
struct pair {
	struct config c;
	struct mlp blas, fused;
};

static void pair_init(struct pair *p, size_t D, size_t n_hidden,
		      const size_t *hidden, size_t K, size_t capacity,
		      enum activation act)
{
	make_config(&p->c, n_hidden, hidden, act);
	assert_int_equal(mlp_init(&p->blas, &p->c, D, K, capacity), ST_OK);
	assert_int_equal(mlp_init(&p->fused, &p->c, D, K, capacity), ST_OK);
	assert_int_equal(mlp_set_path(&p->blas, MLP_PATH_BLAS), ST_OK);
	assert_int_equal(mlp_set_path(&p->fused, MLP_PATH_FUSED), ST_OK);
}

static void pair_free(struct pair *p)
{
	mlp_free(&p->blas);
	mlp_free(&p->fused);
	config_free(&p->c);
}

/* The fused path against the BLAS path on one shape: forward (every
 * layer's output, the probabilities, loss and correct count), backward,
 * a batch read through row indices against the same rows gathered, and
 * evaluation.  Different summation orders, so a tolerance: outputs as
 * the golden logits (1e-5), gradients as the golden gradients (1e-6 +
 * 1e-4 relative); correct counts exactly. */
static void paths_agree(size_t D, size_t n_hidden, const size_t *hidden,
			size_t K, size_t B, enum activation act, uint32_t seed)
{
	enum { NMAX = 256 };
	static float x[NMAX * 16], xb[NMAX * 16];
	static int32_t y[NMAX], yb[NMAX];
	static uint32_t rows[NMAX];
	static double want[NMAX * 256];
	struct pair p;
	double lb = 0.0, lf = 0.0, accb, accf;
	size_t cb = 0, cf = 0, N = 3 * B + 5;

	assert_true(N <= NMAX && D <= 16);
	pair_init(&p, D, n_hidden, hidden, K, B, act);
	randomise(&p.blas, x, y, N, seed);
	memcpy(p.fused.params, p.blas.params, p.blas.n_params * sizeof(float));
	print_message("  D=%zu hidden=%zu layers K=%zu B=%zu act=%s (%zu parameters)\n",
		      D, n_hidden, K, B, config_activation_name(act), p.blas.n_params);

	mlp_forward(&p.blas, x, y, B, &lb, &cb);
	mlp_forward(&p.fused, x, y, B, &lf, &cf);
	for (size_t l = 0; l < p.blas.L; l++) {
		char what[48];
		snprintf(what, sizeof what, "layer %zu output", l);
		widen(want, p.blas.a[l], B * p.blas.width[l + 1]);
		close_all(what, p.fused.a[l], want, B * p.blas.width[l + 1], 1e-5, 1e-5);
	}
	widen(want, p.blas.probs, B * K);
	close_all("probs", p.fused.probs, want, B * K, 1e-6, 1e-5);
	assert_true(fabs(lf - lb) <= 1e-6 * (1 + fabs(lb)));
	assert_int_equal(cf, cb);

	mlp_backward(&p.blas, x, y, B);
	mlp_backward(&p.fused, x, y, B);
	widen(want, p.blas.grads, p.blas.n_params);
	close_all("gradient", p.fused.grads, want, p.blas.n_params, 1e-6, 1e-4);

	/* rows scattered over the N rows, some twice; BLAS gets them copied */
	for (size_t i = 0; i < B; i++) {
		rows[i] = (uint32_t)((i * 7 + 3) % N);
		memcpy(xb + i * D, x + rows[i] * D, D * sizeof(float));
		yb[i] = y[rows[i]];
	}
	lb = lf = 0.0;
	cb = cf = 0;
	mlp_forward_backward(&p.blas, xb, yb, NULL, B, &lb, &cb);
	mlp_forward_backward(&p.fused, x, y, rows, B, &lf, &cf);
	assert_true(fabs(lf - lb) <= 1e-6 * (1 + fabs(lb)));
	assert_int_equal(cf, cb);
	widen(want, p.blas.grads, p.blas.n_params);
	close_all("gradient, rows", p.fused.grads, want, p.blas.n_params, 1e-6, 1e-4);

	lb = mlp_evaluate(&p.blas, x, y, N, &accb);
	lf = mlp_evaluate(&p.fused, x, y, N, &accf);
	print_message("    evaluate over %zu rows: loss %.9g / %.9g, acc %.4f / %.4f\n",
		      N, lb, lf, accb, accf);
	assert_true(fabs(lf - lb) <= 1e-6 * (1 + fabs(lb)));
	assert_true(accf == accb);
	pair_free(&p);
}

/* Shapes for every fused kernel variant: fan-in 1 to 4 (unrolled) and 5
 * to 7 (tiled, odd and even), layers of 1 to 256 units (tiles of 4 and
 * remainders 1-3), no hidden layer to three, each activation, K from 2 to
 * 10, batches of 1 row to 5 blocks (single, paired, partial). */
static void test_paths_agree(void **s)
{
	static const size_t h1[] = {1}, h50[] = {50}, h13_5[] = {13, 5}, h8[] = {8};
	static const size_t h9_4_7[] = {9, 4, 7}, h33[] = {33}, h5_12[] = {5, 12};
	static const size_t h256[] = {256}, h3[] = {3};
	(void)s;
	paths_agree(1, 1, h1, 2, 1, ACT_RELU, 11);
	paths_agree(2, 1, h50, 3, 4, ACT_RELU, 12);
	paths_agree(2, 1, h50, 3, 17, ACT_RELU, 13);
	paths_agree(3, 2, h13_5, 4, 9, ACT_TANH, 14);
	paths_agree(4, 1, h8, 2, 16, ACT_SIGMOID, 15);
	paths_agree(5, 0, NULL, 3, 24, ACT_LINEAR, 16);
	paths_agree(6, 3, h9_4_7, 5, 40, ACT_RELU, 17);
	paths_agree(7, 1, h33, 10, 33, ACT_SIGMOID, 18);
	paths_agree(10, 2, h5_12, 3, 8, ACT_LINEAR, 19);
	paths_agree(2, 1, h256, 3, 19, ACT_RELU, 20);
	paths_agree(16, 1, h3, 7, 2, ACT_TANH, 21);
}

/* The dispatch rule: the seed's network fused, wide or big ones BLAS;
 * mlp_init follows it, mlp_set_path overrides it and AUTO restores it. */
static void test_dispatch(void **s)
{
	static const size_t h50[] = {50}, h512[] = {512}, h2[] = {2}, h32x2[] = {32, 32};
	struct config c;
	struct mlp m;
	(void)s;
	make_config(&c, 1, h50, ACT_RELU);
	assert_int_equal(mlp_auto_path(&c, 2, 3), MLP_PATH_FUSED);
	assert_int_equal(mlp_init(&m, &c, 2, 3, 8), ST_OK);
	assert_int_equal(m.path, MLP_PATH_FUSED);
	assert_non_null(m.lanes);
	assert_int_equal(mlp_set_path(&m, MLP_PATH_BLAS), ST_OK);
	assert_int_equal(m.path, MLP_PATH_BLAS);
	assert_int_equal(mlp_set_path(&m, MLP_PATH_AUTO), ST_OK);
	assert_int_equal(m.path, MLP_PATH_FUSED);
	mlp_free(&m);
	config_free(&c);

	make_config(&c, 1, h512, ACT_RELU); /* the large example */
	assert_int_equal(mlp_auto_path(&c, 32, 10), MLP_PATH_BLAS);
	assert_int_equal(mlp_init(&m, &c, 32, 10, 8), ST_OK);
	assert_int_equal(m.path, MLP_PATH_BLAS);
	assert_null(m.lanes); /* no fused scratch unless asked for */
	assert_int_equal(mlp_set_path(&m, MLP_PATH_FUSED), ST_OK);
	assert_non_null(m.lanes);
	mlp_free(&m);
	config_free(&c);

	make_config(&c, 1, h2, ACT_RELU); /* few parameters, 300 inputs */
	assert_int_equal(mlp_auto_path(&c, 300, 2), MLP_PATH_BLAS);
	config_free(&c);
	make_config(&c, 2, h32x2, ACT_RELU); /* 1315 parameters */
	assert_int_equal(mlp_auto_path(&c, 4, 3), MLP_PATH_BLAS);
	config_free(&c);
}

/* Distance in units in the last place between two floats of the same
 * sign class, counting subnormals as ulps too. */
static double ulps(float a, float b)
{
	int32_t ia, ib;
	memcpy(&ia, &a, sizeof ia);
	memcpy(&ib, &b, sizeof ib);
	if (ia < 0)
		ia = INT32_MIN - ia;
	if (ib < 0)
		ib = INT32_MIN - ib;
	return fabs((double)ia - (double)ib);
}

/* kern_exp against expf over every 997th float (all signs, exponents and
 * specials, the subnormal results of [-104, -87.3] included) and the
 * softmax's usual range, +-[1/64, 32), at a stride of 211: at most 2 ulps,
 * NaN for NaN, 0 and +inf where expf underflows and overflows. */
static void test_exp_ulp(void **s)
{
	enum { CHUNK = 4096 };
	static float in[CHUNK], out[CHUNK];
	double worst = 0.0, worst_x = 0.0;
	size_t n = 0, checked = 0;
	(void)s;
	for (int pass = 0; pass < 2; pass++) {
		uint64_t u = pass ? 0x3c800000u : 0, end = pass ? 0x42000000u : 1ull << 32;
		uint64_t step = pass ? 211 : 997;
		for (; u < end || n; u += step) {
			if (u < end) {
				uint32_t b = (uint32_t)u;
				memcpy(&in[n++], &b, sizeof b);
				if (pass) { /* and its negative */
					b ^= 0x80000000u;
					memcpy(&in[n++], &b, sizeof b);
				}
			}
			if (n >= CHUNK - 1 || (u >= end && n)) {
				kern_exp(out, in, n);
				for (size_t i = 0; i < n; i++) {
					float want = expf(in[i]);
					double d;
					if (isnan(in[i])) {
						assert_true(isnan(out[i]));
						continue;
					}
					d = ulps(out[i], want);
					if (d > worst) {
						worst = d;
						worst_x = in[i];
					}
					if (d > 2)
						fail_msg("kern_exp(%.9g) = %.9g, expf %.9g (%g ulps)",
							 (double)in[i], (double)out[i], (double)want, d);
				}
				checked += n;
				n = 0;
			}
			if (u >= end)
				break;
		}
	}
	print_message("  kern_exp: %zu values, worst %g ulps (at x = %.9g)\n",
		      checked, worst, worst_x);
	{
		static const float special[] = {0.0f, -0.0f, 88.7f, 88.73f, 89.0f, 1e30f,
						-87.3f, -100.0f, -103.9f, -104.0f, -1e30f};
		float o[sizeof special / sizeof special[0]];
		kern_exp(o, special, sizeof special / sizeof special[0]);
		for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
			assert_true(ulps(o[i], expf(special[i])) <= 2);
		in[0] = INFINITY;
		in[1] = -INFINITY;
		kern_exp(out, in, 2);
		assert_true(out[0] == INFINITY && out[1] == 0.0f);
	}
}

/* kern_log against logf over every 997th positive float (subnormals
 * included, where it falls back to logf) and [0.5, 2) at a stride of 31:
 * at most 2 ulps; the specials as logf. */
static void test_log_ulp(void **s)
{
	enum { CHUNK = 4096 };
	static float in[CHUNK], out[CHUNK];
	double worst = 0.0, worst_x = 0.0;
	size_t n = 0, checked = 0;
	(void)s;
	for (int pass = 0; pass < 2; pass++) {
		uint64_t u = pass ? 0x3f000000u : 1, end = pass ? 0x40000000u : 0x7f800000u;
		uint64_t step = pass ? 31 : 997;
		for (;; u += step) {
			if (u < end) {
				uint32_t b = (uint32_t)u;
				memcpy(&in[n++], &b, sizeof b);
			}
			if (n == CHUNK || (u >= end && n)) {
				kern_log(out, in, n);
				for (size_t i = 0; i < n; i++) {
					float want = logf(in[i]);
					double d = ulps(out[i], want);
					if (d > worst) {
						worst = d;
						worst_x = in[i];
					}
					if (d > 2)
						fail_msg("kern_log(%.9g) = %.9g, logf %.9g (%g ulps)",
							 (double)in[i], (double)out[i], (double)want, d);
				}
				checked += n;
				n = 0;
			}
			if (u >= end)
				break;
		}
	}
	print_message("  kern_log: %zu values, worst %g ulps (at x = %.9g)\n",
		      checked, worst, worst_x);
	in[0] = 0.0f;
	in[1] = -1.0f;
	in[2] = INFINITY;
	in[3] = NAN;
	in[4] = 1.0f;
	in[5] = FLT_TRUE_MIN;
	kern_log(out, in, 6);
	assert_true(out[0] == -INFINITY);
	assert_true(isnan(out[1]));
	assert_true(out[2] == INFINITY);
	assert_true(isnan(out[3]));
	assert_true(out[4] == 0.0f);
	assert_true(out[5] == logf(FLT_TRUE_MIN));
}

/* Initialisers: the limits and the draws of NumPy's
 * rs.uniform(-lim, lim, size=(out, in)), layer by layer. */
static void test_init(void **s)
{
	static const size_t h[] = {50};
	struct config c;
	struct mlp m;
	struct rng r, ref;
	double lim1 = sqrt(6.0 / 2.0), lim2 = sqrt(6.0 / 53.0);
	(void)s;
	make_config(&c, 1, h, ACT_RELU);
	assert_int_equal(mlp_init(&m, &c, 2, 3, 4), ST_OK);
	rng_init(&r, 42);
	mlp_init_weights(&m, &c, &r);
	rng_init(&ref, 42);
	for (size_t i = 0; i < 100; i++)
		assert_true(m.W[0][i] == (float)(-lim1 + 2 * lim1 * rng_double(&ref)));
	for (size_t i = 0; i < 150; i++)
		assert_true(m.W[1][i] == (float)(-lim2 + 2 * lim2 * rng_double(&ref)));
	for (size_t i = 0; i < 50; i++)
		assert_true(m.b[0][i] == 0.0f);
	mlp_free(&m);
	config_free(&c);
}

/* The L2 penalty's gradient, on each path's backward: every kernel entry
 * gets exactly l2 (2 W) added (float32, one rounding for the product and
 * one for the sum, emulated in double), every bias gradient is untouched,
 * and the parameters too; against the penalty's central differences in
 * double, relative error per kernel. */
static void test_l2_backward(void **s)
{
	static const size_t h[] = {5, 4};
	const double l2 = 0.03;
	const float c2 = (float)l2;
	(void)s;
	for (size_t k = 0; k < 2; k++) {
		struct config c;
		struct mlp m;
		float x[6 * 3], before[256], params[256];
		int32_t y[6];
		double loss = 0.0, worst = 0.0;
		size_t correct = 0;

		make_config(&c, 2, h, ACT_TANH);
		assert_int_equal(mlp_init(&m, &c, 3, 3, 6), ST_OK);
		assert_int_equal(mlp_set_path(&m, paths[k]), ST_OK);
		assert_true(m.n_params <= 256);
		randomise(&m, x, y, 6, 21);
		mlp_forward_backward(&m, x, y, NULL, 6, &loss, &correct);
		memcpy(before, m.grads, m.n_params * sizeof(float));
		memcpy(params, m.params, m.n_params * sizeof(float));
		mlp_l2_backward(&m, l2);
		assert_memory_equal(params, m.params, m.n_params * sizeof(float));
		for (size_t l = 0; l < m.L; l++) {
			size_t nw = m.width[l + 1] * m.width[l], off = (size_t)(m.dW[l] - m.grads);
			size_t boff = (size_t)(m.db[l] - m.grads);
			double num2 = 0.0, diff2 = 0.0;
			for (size_t i = 0; i < nw; i++) {
				float w = m.W[l][i];
				float want = (float)((double)before[off + i] +
						     (double)(float)((double)c2 * (double)(2.0f * w)));
				/* d/dw l2 w^2, central differences in double */
				double e = 1e-3, wd = w;
				double fd = (l2 * (wd + e) * (wd + e) - l2 * (wd - e) * (wd - e)) / (2 * e);
				double pen = (double)m.dW[l][i] - (double)before[off + i];
				if (memcmp(&want, &m.dW[l][i], sizeof want) != 0)
					fail_msg("layer %zu dW[%zu]: got %.9g want %.9g", l, i,
						 (double)m.dW[l][i], (double)want);
				num2 += fd * fd;
				diff2 += (fd - pen) * (fd - pen);
			}
			assert_memory_equal(before + boff, m.db[l], m.width[l + 1] * sizeof(float));
			if (sqrt(diff2) / fmax(sqrt(num2), 1e-12) > worst)
				worst = sqrt(diff2) / fmax(sqrt(num2), 1e-12);
		}
		print_message("  l2 %g, %s path: kernels' dW + l2 (2 W) bit for bit, biases "
			      "untouched; penalty vs differences: relative error %.3g\n",
			      l2, path_names[paths[k]], worst);
		assert_true(worst < 1e-5);
		mlp_free(&m);
		config_free(&c);
	}
}

int main(void)
{
	char err[256];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_relu2),
		cmocka_unit_test(test_golden_tanh1),
		cmocka_unit_test(test_golden_sigmoid1),
		cmocka_unit_test(test_golden_seedshape),
		cmocka_unit_test(test_golden_linear0),
		cmocka_unit_test(test_gradcheck_relu),
		cmocka_unit_test(test_gradcheck_smooth),
		cmocka_unit_test(test_gradcheck_seed_shape),
		cmocka_unit_test(test_gradcheck_blocks),
		cmocka_unit_test(test_odd_shapes),
		cmocka_unit_test(test_small_batch_tree),
		cmocka_unit_test(test_evaluate_chunks),
		cmocka_unit_test(test_paths_agree),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_exp_ulp),
		cmocka_unit_test(test_log_ulp),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_l2_backward),
	};
	/* the fused kernels' variant: BSWEEP_ISA's when set (tests/isa.sh
	 * runs this program under each), as bsweep chooses it */
	if (isa_select(err, sizeof err) != ST_OK) {
		fprintf(stderr, "test_mlp: %s\n", err);
		return 1;
	}
	printf("# fused kernels: %s\n", isa_name());
	return cmocka_run_group_tests_name("mlp", tests, NULL, NULL);
}
