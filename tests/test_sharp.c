/* test_sharp.c: sharpness (src/sharp.c).
 *   - the gradient and exact Hessian-vector products against the full
 *     float64 Hessian from NumPy (complex-step differentiation of the
 *     analytic gradient: tests/golden/sharp_*.txt, from
 *     scripts/make_sharp_fixture.py), for every basis vector and a random
 *     one: to 1e-9 of the Hessian's largest entry;
 *   - the power iteration's eigenvalue against numpy.linalg.eigvalsh's
 *     largest, to 1e-6 relative, and deterministic, also when the
 *     eigenvalue of largest magnitude is negative (sharp_saddle.txt);
 *   - Hv against a central finite difference of the gradient in double,
 *     (g(w + eps v) - g(w - eps v)) / (2 eps), eps = 1e-5, on a network of
 *     the default sweep's shape (2-50-3) for each smooth activation;
 *   - training and the final weights are bit-identical with
 *     analysis.sharpness on and off, on both paths; the value is there
 *     when on, NaN when off; the memory model counts the scratch.
 * Each comparison prints its worst difference. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "data.h"
#include "mlp.h"
#include "netfixture.h"
#include "rng.h"
#include "sharp.h"
#include "train.h"

static const enum mlp_path paths[] = {MLP_PATH_BLAS, MLP_PATH_FUSED};

#define MAXP 512

static void check_golden(const char *name)
{
	static double w[MAXP], v[MAXP], hv[MAXP], gr[MAXP];
	struct netfixture g;
	struct sharp s;
	struct rng rng;
	const double *H, *gw;
	double hmax = 0.0, worst_h = 0.0, worst_g = 0.0, want, got, again;
	size_t P, cnt = 0, iters = 0;

	netfixture_load(&g, name);
	P = g.m.n_params;
	assert_true(P <= MAXP);
	H = fixture_get(&g.fx, "H", &cnt);
	assert_int_equal(cnt, P * P);
	gw = fixture_get(&g.fx, "g", &cnt);
	assert_int_equal(cnt, P);
	assert_int_equal(sharp_init(&s, &g.m), ST_OK);
	for (size_t j = 0; j < P; j++)
		w[j] = g.m.params[j];
	for (size_t j = 0; j < P * P; j++)
		hmax = fmax(hmax, fabs(H[j]));
	rng_init(&rng, 5);
	/* each column of H, then a random direction */
	for (size_t c = 0; c <= P; c++) {
		for (size_t j = 0; j < P; j++)
			v[j] = c < P ? (double)(j == c) : rng_uniform(&rng, -1.0, 1.0);
		sharp_hvp(&s, &g.m, w, g.x, g.y, g.N, v, hv, gr);
		for (size_t i = 0; i < P; i++) {
			double ref = 0.0;
			for (size_t j = 0; j < P; j++)
				ref += H[i * P + j] * v[j];
			worst_h = fmax(worst_h, fabs(hv[i] - ref) / hmax);
		}
		for (size_t i = 0; i < P; i++)
			worst_g = fmax(worst_g, fabs(gr[i] - gw[i]) / fmax(fabs(gw[i]), 1e-3));
	}
	want = fixture_get(&g.fx, "lambda_max", NULL)[0];
	got = sharp_measure(&s, &g.m, g.x, g.y, g.N, 1e-14, 1000000, &iters);
	again = sharp_measure(&s, &g.m, g.x, g.y, g.N, 1e-14, 1000000, NULL);
	print_message("  %s: N %zu, %zu parameters\n", name, g.N, P);
	print_message("    Hv vs NumPy's H v: worst %.3g of max |H| %.3g\n", worst_h, hmax);
	print_message("    gradient vs NumPy's: worst relative %.3g\n", worst_g);
	print_message("    lambda_max got %.12g want %.12g relative %.3g (%zu products)\n",
		      got, want, fabs(got - want) / fabs(want), iters);
	assert_true(worst_h < 1e-9);
	assert_true(worst_g < 1e-9);
	assert_true(fabs(got - want) < 1e-6 * fabs(want));
	assert_memory_equal(&got, &again, sizeof got);
	/* the sweep's own tolerance is looser, and still near */
	got = sharp_measure(&s, &g.m, g.x, g.y, g.N, SHARP_TOL, SHARP_MAX_ITER, &iters);
	print_message("    at SHARP_TOL %g: %.12g relative %.3g (%zu products)\n", SHARP_TOL,
		      got, fabs(got - want) / fabs(want), iters);
	sharp_free(&s);
	netfixture_free(&g);
}

static void test_golden_tanh1(void **s) { (void)s; check_golden("sharp_tanh1.txt"); }
static void test_golden_sigmoid1(void **s) { (void)s; check_golden("sharp_sigmoid1.txt"); }
static void test_golden_relu2(void **s) { (void)s; check_golden("sharp_relu2.txt"); }
static void test_golden_linear0(void **s) { (void)s; check_golden("sharp_linear0.txt"); }
/* the dominant eigenvalue negative: the shifted second iteration */
static void test_golden_saddle(void **s) { (void)s; check_golden("sharp_saddle.txt"); }

/* Hv against a central difference of the exact gradient, 2-50-3, 200 rows. */
static void test_finite_difference(void **st)
{
	static float x[200 * 2];
	static int32_t y[200];
	static double w[1024], wp[1024], v[1024], hv[1024], hs[1024], gp[1024], gm[1024];
	const size_t N = 200, D = 2, K = 3;
	const double eps = 1e-5;
	(void)st;
	for (int act = ACT_TANH; act <= ACT_LINEAR; act++) {
		struct config c;
		struct mlp m;
		struct sharp s;
		struct rng rng;
		double worst = 0.0, hn = 0.0;
		assert_int_equal(config_defaults(&c), ST_OK);
		c.n_hidden = 1;
		c.hidden[0] = 50;
		c.activation = (enum activation)act;
		assert_int_equal(mlp_init(&m, &c, D, K, 64), ST_OK);
		rng_init(&rng, 40 + (uint32_t)act);
		mlp_init_weights(&m, &c, &rng);
		for (size_t j = 0; j < m.n_params; j++)
			m.params[j] += (float)rng_uniform(&rng, -0.2, 0.2);
		for (size_t i = 0; i < N * D; i++)
			x[i] = (float)rng_uniform(&rng, -3.0, 3.0);
		for (size_t i = 0; i < N; i++)
			y[i] = (int32_t)rng_uniform(&rng, 0.0, 3.0);
		assert_int_equal(sharp_init(&s, &m), ST_OK);
		for (size_t j = 0; j < m.n_params; j++) {
			w[j] = m.params[j];
			v[j] = rng_uniform(&rng, -1.0, 1.0);
		}
		sharp_hvp(&s, &m, w, x, y, N, v, hv, NULL);
		for (size_t j = 0; j < m.n_params; j++)
			wp[j] = w[j] + eps * v[j];
		sharp_hvp(&s, &m, wp, x, y, N, v, hs, gp); /* gp: the gradient there */
		for (size_t j = 0; j < m.n_params; j++)
			wp[j] = w[j] - eps * v[j];
		sharp_hvp(&s, &m, wp, x, y, N, v, hs, gm);
		for (size_t j = 0; j < m.n_params; j++)
			hn = fmax(hn, fabs(hv[j]));
		for (size_t j = 0; j < m.n_params; j++)
			worst = fmax(worst, fabs((gp[j] - gm[j]) / (2 * eps) - hv[j]) / hn);
		print_message("  activation %d, %zu parameters: Hv vs central difference "
			      "(eps %g): worst %.3g of max |Hv| %.3g\n", act, m.n_params, eps,
			      worst, hn);
		assert_true(worst < 1e-6);
		sharp_free(&s);
		mlp_free(&m);
		config_free(&c);
	}
}

/* Curves and final weights bit for bit with the measurement on and off,
 * both paths; the value when on, NaN when off; the memory model. */
static void test_training_unchanged(void **s)
{
	struct config c[2];
	struct dataset ds;
	char err[256];
	static float final[2][4096];
	(void)s;
	for (int on = 0; on < 2; on++) {
		assert_int_equal(config_defaults(&c[on]), ST_OK);
		c[on].n_samples = 120;
		c[on].n_train = 60;
		c[on].hidden[0] = 9;
		c[on].epochs = 3;
		c[on].sharpness = on;
	}
	assert_int_equal(data_generate(&ds, &c[0], err, sizeof err), ST_OK);
	for (size_t k = 0; k < 2; k++)
		for (size_t bi = 0; bi < 3; bi++) {
			size_t B = (size_t[]){1, 7, 64}[bi];
			struct epoch_record rec[2][8];
			struct run_result r[2];
			size_t P = 0;
			for (int on = 0; on < 2; on++) {
				struct trainer t;
				assert_int_equal(trainer_init(&t, &c[on], &ds, 64), ST_OK);
				assert_int_equal(mlp_set_path(&t.mlp, paths[k]), ST_OK);
				r[on].epochs = rec[on];
				train_run(&t, &c[on], B, 3, &r[on], NULL, NULL);
				P = t.mlp.n_params;
				assert_true(P <= 4096);
				memcpy(final[on], t.mlp.params, P * sizeof(float));
				trainer_free(&t);
			}
			assert_int_equal(r[0].n_epochs, r[1].n_epochs);
			for (size_t e = 0; e < r[0].n_epochs; e++) {
				const struct epoch_record *a = &rec[0][e], *b = &rec[1][e];
				assert_true(a->steps == b->steps);
				assert_memory_equal(&a->train_loss, &b->train_loss, sizeof(double));
				assert_memory_equal(&a->val_loss, &b->val_loss, sizeof(double));
				assert_memory_equal(&a->val_acc, &b->val_acc, sizeof(double));
			}
			assert_memory_equal(final[0], final[1], P * sizeof(float));
			assert_true(isnan(r[0].sharpness));
			assert_true(isfinite(r[1].sharpness));
			print_message("  path %zu, batch %zu: identical on and off; sharpness %.6g "
				      "(%zu products)\n", k, B, r[1].sharpness, r[1].sharpness_iters);
		}
	assert_int_equal(trainer_bytes(&c[1], 2, 3, 64),
			 trainer_bytes(&c[0], 2, 3, 64) + sharp_bytes(&c[1], 2, 3));
	data_free(&ds);
	config_free(&c[0]);
	config_free(&c[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_tanh1),
		cmocka_unit_test(test_golden_sigmoid1),
		cmocka_unit_test(test_golden_relu2),
		cmocka_unit_test(test_golden_linear0),
		cmocka_unit_test(test_golden_saddle),
		cmocka_unit_test(test_finite_difference),
		cmocka_unit_test(test_training_unchanged),
	};
	return cmocka_run_group_tests_name("sharp", tests, NULL, NULL);
}
