/* test_optim.c: Adam and SGD steps against a float32 NumPy emulation of
 * Keras' update rules (tests/golden/optim_*.txt).  The same float32
 * operations in the same order, so the results must agree to the last
 * bit (0 ulp); the test prints the worst difference.  The vectorised
 * loops are also checked bit for bit, on a length with a remainder,
 * against a scalar emulation written here. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "fixture.h"
#include "optim.h"
#include "rng.h"

static void check(const char *name)
{
	struct fixture fx;
	struct config c;
	struct optim o;
	size_t n = 0, ng = 0, nw = 0;
	const double *hyper, *w0, *grads, *want;
	float w[16], g[16];
	double worst = 0.0;

	assert_int_equal(fixture_load(&fx, name), 0);
	assert_int_equal(config_defaults(&c), ST_OK);
	hyper = fixture_get(&fx, "hyper", NULL);
	w0 = fixture_get(&fx, "w0", &n);
	grads = fixture_get(&fx, "grads", &ng);
	want = fixture_get(&fx, "w", &nw);
	assert_non_null(hyper);
	assert_non_null(w0);
	assert_true(n <= 16 && ng == nw && ng % n == 0);
	c.optimizer = fixture_get(&fx, "kind", NULL)[0] == 0 ? OPT_ADAM : OPT_SGD;
	c.learning_rate = hyper[0];
	c.beta_1 = hyper[1];
	c.beta_2 = hyper[2];
	c.epsilon = hyper[3];
	c.momentum = hyper[4];
	assert_int_equal(optim_init(&o, &c, n), ST_OK);
	for (size_t i = 0; i < n; i++)
		w[i] = (float)w0[i];
	for (size_t t = 0; t < ng / n; t++) {
		for (size_t i = 0; i < n; i++)
			g[i] = (float)grads[t * n + i];
		optim_step(&o, w, g);
		for (size_t i = 0; i < n; i++) {
			float ref = (float)want[t * n + i];
			double ulps = fabs((double)w[i] - ref) /
				      (double)(nextafterf(fabsf(ref), INFINITY) - fabsf(ref));
			if (ulps > worst)
				worst = ulps;
			if (ulps > 0.0)
				fail_msg("%s step %zu [%zu]: got %.9g want %.9g", name,
					 t + 1, i, (double)w[i], (double)ref);
		}
	}
	print_message("  %s: %zu steps, worst difference %.2g ulp\n", name, ng / n, worst);
	/* reset gives a fresh optimizer: the first step again */
	optim_reset(&o);
	assert_int_equal(o.t, 0);
	for (size_t i = 0; i < n; i++) {
		w[i] = (float)w0[i];
		g[i] = (float)grads[i];
	}
	optim_step(&o, w, g);
	for (size_t i = 0; i < n; i++)
		assert_true(fabs((double)w[i] - want[i]) <= 1e-7 * (1 + fabs(want[i])));
	optim_free(&o);
	config_free(&c);
	fixture_free(&fx);
}

static void test_adam(void **s) { (void)s; check("optim_adam.txt"); }
static void test_adam_hot(void **s) { (void)s; check("optim_adam_hot.txt"); }
static void test_sgd(void **s) { (void)s; check("optim_sgd.txt"); }
static void test_sgd_momentum(void **s) { (void)s; check("optim_sgd_momentum.txt"); }

/* By hand: Adam's first step moves every parameter by lr * sign(g), up to
 * epsilon (m1 = (1-b1) g, v1 = (1-b2) g^2, alpha = lr sqrt(1-b2)/(1-b1)). */
static void test_adam_first_step(void **s)
{
	struct config c;
	struct optim o;
	float w[3] = {1.0f, -2.0f, 0.5f}, g[3] = {0.3f, -4.0f, 0.0f};
	(void)s;
	assert_int_equal(config_defaults(&c), ST_OK);
	assert_int_equal(optim_init(&o, &c, 3), ST_OK);
	optim_step(&o, w, g);
	assert_float_equal(w[0], 1.0f - 0.001f, 1e-6f);
	assert_float_equal(w[1], -2.0f + 0.001f, 1e-6f);
	assert_true(w[2] == 0.5f);
	optim_free(&o);
	config_free(&c);
}

/* float32 operations emulated in double, one rounding each: exact, since
 * double carries more than twice float's precision (so the double
 * rounding of +, -, *, / and sqrt is innocuous), and never vectorised
 * into float instructions. */
static float fmul(float a, float b) { return (float)((double)a * (double)b); }
static float fadd(float a, float b) { return (float)((double)a + (double)b); }
static float fsub(float a, float b) { return (float)((double)a - (double)b); }
static float fdiv(float a, float b) { return (float)((double)a / (double)b); }
static float fsqrt(float a) { return (float)sqrt((double)a); }

/* 203 parameters (25 vectors of 8 and 3 over, 12 of 16 and 11 over), 6
 * steps of random gradients: optim_step equals, bit for bit, the update
 * rules of optim.h applied one float operation at a time. */
static void vector_vs_scalar(enum optimizer kind, double momentum)
{
	enum { N = 203, STEPS = 6 };
	struct config c;
	struct optim o;
	struct rng r;
	float w[N], g[N], wr[N], mr[N] = {0}, vr[N] = {0};
	assert_int_equal(config_defaults(&c), ST_OK);
	c.optimizer = kind;
	c.learning_rate = 0.01;
	c.momentum = momentum;
	assert_int_equal(optim_init(&o, &c, N), ST_OK);
	rng_init(&r, 7);
	for (size_t i = 0; i < N; i++)
		w[i] = wr[i] = (float)rng_uniform(&r, -1.0, 1.0);
	for (uint64_t t = 1; t <= STEPS; t++) {
		float lr = (float)c.learning_rate, mu = (float)c.momentum;
		float alpha = (float)(c.learning_rate * sqrt(1.0 - pow(c.beta_2, (double)t)) /
				      (1.0 - pow(c.beta_1, (double)t)));
		float b1 = (float)c.beta_1, b2 = (float)c.beta_2, eps = (float)c.epsilon;
		float c1 = (float)(1.0 - c.beta_1), c2 = (float)(1.0 - c.beta_2);
		for (size_t i = 0; i < N; i++)
			g[i] = (float)(rng_gauss(&r) * (i % 5 == 0 ? 1e-3 : 1.0));
		optim_step(&o, w, g);
		for (size_t i = 0; i < N; i++) {
			if (kind == OPT_ADAM) {
				mr[i] = fadd(fmul(b1, mr[i]), fmul(c1, g[i]));
				vr[i] = fadd(fmul(b2, vr[i]), fmul(c2, fmul(g[i], g[i])));
				wr[i] = fsub(wr[i], fdiv(fmul(alpha, mr[i]),
							 fadd(fsqrt(vr[i]), eps)));
			} else if (c.momentum == 0.0) {
				wr[i] = fsub(wr[i], fmul(lr, g[i]));
			} else {
				mr[i] = fsub(fmul(mu, mr[i]), fmul(lr, g[i]));
				wr[i] = fadd(wr[i], mr[i]);
			}
		}
		for (size_t i = 0; i < N; i++)
			if (memcmp(&w[i], &wr[i], sizeof w[i]) != 0)
				fail_msg("%s step %llu [%zu]: got %.9g want %.9g",
					 config_optimizer_name(kind), (unsigned long long)t,
					 i, (double)w[i], (double)wr[i]);
	}
	print_message("  %s%s: %d parameters, %d steps, bit-identical to the scalar emulation\n",
		      config_optimizer_name(kind), momentum > 0 ? " with momentum" : "", N, STEPS);
	optim_free(&o);
	config_free(&c);
}

static void test_vector_vs_scalar(void **s)
{
	(void)s;
	vector_vs_scalar(OPT_ADAM, 0.0);
	vector_vs_scalar(OPT_SGD, 0.0);
	vector_vs_scalar(OPT_SGD, 0.9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adam),
		cmocka_unit_test(test_adam_hot),
		cmocka_unit_test(test_sgd),
		cmocka_unit_test(test_sgd_momentum),
		cmocka_unit_test(test_adam_first_step),
		cmocka_unit_test(test_vector_vs_scalar),
	};
	return cmocka_run_group_tests_name("optim", tests, NULL, NULL);
}
