/* test_mlp.c: the model's maths.
 *   - forward and backward against float64 NumPy (tests/golden/mlp_*.txt);
 *   - backprop against central finite differences in double of a naive
 *     double-precision forward written here (every parameter tensor);
 *   - odd shapes, batch 1 and a partial batch against the naive forward;
 *   - mlp_evaluate's chunking against one naive pass;
 *   - the initialisers' limits and their NumPy-identical draws.
 * Each comparison prints its worst difference. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "fixture.h"
#include "mlp.h"
#include "rng.h"

/* A config with the given widths: D inputs, hidden..., K outputs. */
static void make_config(struct config *c, size_t n_hidden, const size_t *hidden,
			enum activation act)
{
	assert_int_equal(config_defaults(c), 0);
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

/* One golden file: forward and backward against float64 NumPy. */
static void check_golden(const char *name)
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
	assert_int_equal(mlp_init(&m, &c, (size_t)widths[0], (size_t)widths[nl], B), 0);
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
	print_message("  %s\n", name);
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
static void gradcheck(size_t D, size_t n_hidden, const size_t *hidden, size_t K,
		      size_t B, enum activation act, uint32_t seed)
{
	struct config c;
	struct mlp m;
	float x[1024];
	int32_t y[128];
	double p[4096], loss = 0.0, h = 1e-6;
	size_t correct = 0, off = 0;

	make_config(&c, n_hidden, hidden, act);
	assert_int_equal(mlp_init(&m, &c, D, K, B), 0);
	assert_true(m.n_params <= 4096);
	randomise(&m, x, y, B, seed);
	for (size_t i = 0; i < m.n_params; i++)
		p[i] = m.params[i];
	mlp_forward(&m, x, y, B, &loss, &correct);
	mlp_backward(&m, x, y, B);
	print_message("  gradcheck D=%zu hidden=%zu layers K=%zu B=%zu act=%s\n",
		      D, n_hidden, K, B, config_activation_name(act));
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
	for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
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
		assert_int_equal(mlp_init(&m, &c, shapes[k][0], K, B + 3), 0);
		randomise(&m, x, y, B, (uint32_t)(100 + k));
		for (size_t i = 0; i < m.n_params; i++)
			p[i] = m.params[i];
		mlp_forward(&m, x, y, B, &loss, &correct);
		want = forward_ref(&m, p, x, y, B, logits);
		print_message("  shape %zu: D=%zu K=%zu B=%zu\n", k,
			      shapes[k][0], K, B);
		close_all("logits", m.a[m.L - 1], logits, B * K, 1e-5, 1e-5);
		assert_true(fabs(loss - want) <= 1e-5 * (1 + fabs(want)));
		mlp_free(&m);
		config_free(&c);
	}
}

/* mlp_evaluate in chunks of capacity equals one naive pass. */
static void test_evaluate_chunks(void **s)
{
	static const size_t h[] = {9};
	static float x[2 * 2500];
	static int32_t y[2500];
	static double p[1024];
	struct config c;
	struct mlp m;
	double acc, loss, want;
	size_t N = 2500, correct = 0;
	(void)s;
	make_config(&c, 1, h, ACT_RELU);
	assert_int_equal(mlp_init(&m, &c, 2, 3, 1024), 0);
	randomise(&m, x, y, N, 77);
	for (size_t i = 0; i < m.n_params; i++)
		p[i] = m.params[i];
	loss = mlp_evaluate(&m, x, y, N, &acc);
	want = forward_ref(&m, p, x, y, N, NULL) / (double)N;
	{
		/* accuracy by a direct count on one big batch */
		struct mlp big;
		double l2 = 0.0;
		assert_int_equal(mlp_init(&big, &c, 2, 3, N), 0);
		memcpy(big.params, m.params, m.n_params * sizeof(float));
		mlp_forward(&big, x, y, N, &l2, &correct);
		mlp_free(&big);
	}
	print_message("  evaluate: loss %.9g want %.9g, acc %.4f\n", loss, want, acc);
	assert_true(fabs(loss - want) <= 1e-6 * (1 + want));
	assert_true(acc == (double)correct / (double)N);
	mlp_free(&m);
	config_free(&c);
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
	assert_int_equal(mlp_init(&m, &c, 2, 3, 4), 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_relu2),
		cmocka_unit_test(test_golden_tanh1),
		cmocka_unit_test(test_golden_sigmoid1),
		cmocka_unit_test(test_golden_seedshape),
		cmocka_unit_test(test_golden_linear0),
		cmocka_unit_test(test_gradcheck_relu),
		cmocka_unit_test(test_gradcheck_smooth),
		cmocka_unit_test(test_gradcheck_seed_shape),
		cmocka_unit_test(test_odd_shapes),
		cmocka_unit_test(test_evaluate_chunks),
		cmocka_unit_test(test_init),
	};
	return cmocka_run_group_tests_name("mlp", tests, NULL, NULL);
}
