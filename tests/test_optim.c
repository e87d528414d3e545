/* test_optim.c: Adam and SGD steps against a float32 NumPy emulation of
 * Keras' update rules (tests/golden/optim_*.txt).  The same float32
 * operations in the same order, so the results must agree to the last
 * bit; the test allows 1 ulp and prints the worst difference. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "fixture.h"
#include "optim.h"

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
	assert_int_equal(config_defaults(&c), 0);
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
	assert_int_equal(optim_init(&o, &c, n), 0);
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
			if (ulps > 1.0)
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
	assert_int_equal(config_defaults(&c), 0);
	assert_int_equal(optim_init(&o, &c, 3), 0);
	optim_step(&o, w, g);
	assert_float_equal(w[0], 1.0f - 0.001f, 1e-6f);
	assert_float_equal(w[1], -2.0f + 0.001f, 1e-6f);
	assert_true(w[2] == 0.5f);
	optim_free(&o);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adam),
		cmocka_unit_test(test_adam_hot),
		cmocka_unit_test(test_sgd),
		cmocka_unit_test(test_sgd_momentum),
		cmocka_unit_test(test_adam_first_step),
	};
	return cmocka_run_group_tests_name("optim", tests, NULL, NULL);
}
