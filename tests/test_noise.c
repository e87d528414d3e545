/* test_noise.c: the gradient noise scale (src/noise.c).
 *   - |G|^2, tr(Sigma) and B_simple against float64 NumPy, which stacks
 *     every row's explicit gradient (tests/golden/noise_*.txt, from
 *     scripts/make_noise_fixture.py), to 1e-6 relative;
 *   - the per-example norm identity |x|^2 |delta|^2 + |delta|^2 against
 *     the squared norm of the explicit per-example gradient, here and in
 *     NumPy's, and that gradient against NumPy's for row 0;
 *   - the chunked pass (cblas_dgemm) against the per-row reference over
 *     several chunks;
 *   - the two-batch estimator is unbiased at fixed weights: averaged over
 *     many shuffled epochs of the model's own minibatch gradients (both
 *     paths), E trace_sigma_est = tr(Sigma) N/(N-1) (noise.h), within
 *     4 standard errors, fixed seed;
 *   - training is bit-identical with analysis.noise_scale on and off, on
 *     the BLAS and the fused path, and the memory model counts the
 *     scratch.
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
#include "noise.h"
#include "rng.h"
#include "train.h"

static const enum mlp_path paths[] = {MLP_PATH_BLAS, MLP_PATH_FUSED};
static const char *const path_names[] = {"auto", "blas", "fused"};

static double rel(double got, double want)
{
	return fabs(got - want) / fmax(fabs(want), 1e-300);
}

static void check_golden(const char *name)
{
	struct netfixture g;
	struct noise n;
	struct noise_values v;
	double worst_id = 0.0, worst_np = 0.0, worst_g = 0.0, gref[4096];
	const double *norm2, *g0;
	size_t cnt = 0, D;

	netfixture_load(&g, name);
	D = g.m.width[0];
	assert_true(g.m.n_params <= 4096);
	assert_int_equal(noise_init(&n, &g.m), ST_OK);
	norm2 = fixture_get(&g.fx, "norm2", &cnt);
	assert_int_equal(cnt, g.N);
	g0 = fixture_get(&g.fx, "g0", &cnt);
	assert_int_equal(cnt, g.m.n_params);
	for (size_t r = 0; r < g.N; r++) {
		/* the identity against this row's explicit gradient */
		double id = noise_row(&n, &g.m, g.x + r * D, g.y[r], gref), ex = 0.0;
		for (size_t j = 0; j < g.m.n_params; j++)
			ex += gref[j] * gref[j];
		worst_id = fmax(worst_id, rel(id, ex));
		worst_np = fmax(worst_np, rel(id, norm2[r]));
		if (r == 0)
			for (size_t j = 0; j < g.m.n_params; j++)
				worst_g = fmax(worst_g, fabs(gref[j] - g0[j]) /
						       fmax(fabs(g0[j]), 1e-3));
	}
	print_message("  %s: N %zu, %zu parameters\n", name, g.N, g.m.n_params);
	print_message("    norm identity vs explicit gradient: worst relative %.3g\n", worst_id);
	print_message("    |g_i|^2 vs NumPy's explicit: worst relative %.3g\n", worst_np);
	print_message("    g_0 vs NumPy's: worst difference %.3g\n", worst_g);
	assert_true(worst_id < 1e-12);
	assert_true(worst_np < 1e-9);
	assert_true(worst_g < 1e-9);
	for (size_t k = 0; k < 2; k++) {
		/* the path is irrelevant to the exact pass, and stays so */
		const char *key[] = {"grad_norm2", "trace_sigma", "b_simple"};
		double got[3];
		assert_int_equal(mlp_set_path(&g.m, paths[k]), ST_OK);
		noise_measure(&n, &g.m, g.x, g.y, g.N, &v);
		got[0] = v.grad_norm2;
		got[1] = v.trace_sigma;
		got[2] = v.b_simple;
		for (size_t i = 0; i < 3; i++) {
			double want = fixture_get(&g.fx, key[i], NULL)[0];
			print_message("    %s path %-11s got %.12g want %.12g relative %.3g\n",
				      path_names[paths[k]], key[i], got[i], want, rel(got[i], want));
			assert_true(rel(got[i], want) < 1e-6);
		}
	}
	noise_free(&n);
	netfixture_free(&g);
}

static void test_golden_relu2(void **s) { (void)s; check_golden("noise_relu2.txt"); }
static void test_golden_tanh1(void **s) { (void)s; check_golden("noise_tanh1.txt"); }
static void test_golden_sigmoid1(void **s) { (void)s; check_golden("noise_sigmoid1.txt"); }
static void test_golden_linear0(void **s) { (void)s; check_golden("noise_linear0.txt"); }
static void test_golden_blobshape(void **s) { (void)s; check_golden("noise_blobshape.txt"); }

/* The chunked pass (noise_measure, chunks of 256 rows) against the
 * per-row reference (noise_row's explicit gradients) over 600 rows: two
 * full chunks and a partial one, each activation. */
static void test_chunks(void **s)
{
	static float x[600 * 4];
	static int32_t y[600];
	static double gsum[1024], grow[1024];
	const size_t N = 600, D = 4, K = 3, hidden[] = {7, 5};
	(void)s;
	for (int act = ACT_RELU; act <= ACT_LINEAR; act++) {
		struct config c;
		struct mlp m;
		struct noise n;
		struct noise_values v;
		struct rng rng;
		double sum2 = 0.0, g2 = 0.0, tr;
		assert_int_equal(config_defaults(&c), ST_OK);
		c.n_hidden = 2;
		c.hidden[0] = hidden[0];
		c.hidden[1] = hidden[1];
		c.activation = (enum activation)act;
		assert_int_equal(mlp_init(&m, &c, D, K, 64), ST_OK);
		rng_init(&rng, 77 + (uint32_t)act);
		mlp_init_weights(&m, &c, &rng);
		for (size_t j = 0; j < m.n_params; j++)
			m.params[j] += (float)rng_uniform(&rng, -0.2, 0.2); /* biases too */
		for (size_t i = 0; i < N * D; i++)
			x[i] = (float)rng_uniform(&rng, -2.0, 2.0);
		for (size_t i = 0; i < N; i++)
			y[i] = (int32_t)(rng_uniform(&rng, 0.0, 3.0));
		assert_int_equal(noise_init(&n, &m), ST_OK);
		memset(gsum, 0, sizeof gsum);
		for (size_t r = 0; r < N; r++) {
			sum2 += noise_row(&n, &m, x + r * D, y[r], grow);
			for (size_t j = 0; j < m.n_params; j++)
				gsum[j] += grow[j];
		}
		for (size_t j = 0; j < m.n_params; j++)
			g2 += (gsum[j] / (double)N) * (gsum[j] / (double)N);
		tr = sum2 / (double)N - g2;
		noise_measure(&n, &m, x, y, N, &v);
		print_message("  activation %d, N %zu: chunked vs per row: |G|^2 %.12g vs %.12g "
			      "(%.3g), tr(Sigma) %.12g vs %.12g (%.3g)\n", act, N, v.grad_norm2, g2,
			      rel(v.grad_norm2, g2), v.trace_sigma, tr, rel(v.trace_sigma, tr));
		assert_true(rel(v.grad_norm2, g2) < 1e-12);
		assert_true(rel(v.trace_sigma, tr) < 1e-12);
		assert_true(rel(v.b_simple, tr / g2) < 1e-12);
		noise_free(&n);
		mlp_free(&m);
		config_free(&c);
	}
}

/* The two-batch estimator at fixed weights: the model's own minibatch
 * gradients (mlp_forward_backward through shuffled row indices, as
 * training reads them), no step taken.  Each epoch's trace_sigma_est has
 * expectation tr(Sigma) N/(N-1); grad_norm2_est |G|^2 - tr(Sigma)/(N-1). */
static void test_estimator_unbiased(void **s)
{
	struct netfixture g;
	struct noise n;
	struct noise_values exact, v;
	struct rng rng;
	uint32_t perm[NETFIXTURE_MAXN];
	const size_t R = 10000, B = 4;
	(void)s;
	netfixture_load(&g, "noise_relu2.txt");
	assert_int_equal(noise_init(&n, &g.m), ST_OK);
	noise_measure(&n, &g.m, g.x, g.y, g.N, &exact);
	for (size_t k = 0; k < 2; k++) {
		double sum = 0.0, sum2 = 0.0, gsum = 0.0, gsum2 = 0.0, mean, se, gmean, gse;
		double want = exact.trace_sigma * (double)g.N / (double)(g.N - 1);
		double gwant = exact.grad_norm2 - exact.trace_sigma / (double)(g.N - 1);
		assert_int_equal(mlp_set_path(&g.m, paths[k]), ST_OK);
		rng_init(&rng, 12345);
		for (size_t i = 0; i < g.N; i++)
			perm[i] = (uint32_t)i;
		for (size_t r = 0; r < R; r++) {
			rng_permutation(&rng, perm, g.N);
			noise_epoch_begin(&n, B);
			for (size_t r0 = 0; r0 < g.N; r0 += B) {
				size_t nb = g.N - r0 < B ? g.N - r0 : B, correct = 0;
				double loss = 0.0;
				mlp_forward_backward(&g.m, g.x, g.y, perm + r0, nb, &loss, &correct);
				noise_batch(&n, g.m.grads, nb);
			}
			noise_estimate(&n, &v);
			sum += v.trace_sigma_est;
			sum2 += v.trace_sigma_est * v.trace_sigma_est;
			gsum += v.grad_norm2_est;
			gsum2 += v.grad_norm2_est * v.grad_norm2_est;
		}
		mean = sum / (double)R;
		se = sqrt((sum2 / (double)R - mean * mean) / (double)(R - 1));
		gmean = gsum / (double)R;
		gse = sqrt((gsum2 / (double)R - gmean * gmean) / (double)(R - 1));
		print_message("  %s path, %zu epochs of batches of %zu of N %zu:\n"
			      "    trace_sigma_est mean %.6g (se %.3g), tr(Sigma) N/(N-1) %.6g: %.2f se\n"
			      "    grad_norm2_est mean %.6g (se %.3g), |G|^2 - tr(Sigma)/(N-1) %.6g: %.2f se\n",
			      path_names[paths[k]], R, B, g.N, mean, se, want, (mean - want) / se,
			      gmean, gse, gwant, (gmean - gwant) / gse);
		assert_true(fabs(mean - want) < 4 * se);
		assert_true(fabs(gmean - gwant) < 4 * gse);
		/* a test with teeth: it tells the N/(N-1) apart from 1/N */
		assert_true(fabs(mean - exact.trace_sigma) > 4 * se);
	}
	/* one batch an epoch: no estimate */
	noise_epoch_begin(&n, g.N);
	noise_batch(&n, g.m.grads, g.N);
	noise_estimate(&n, &v);
	assert_true(isnan(v.b_simple_est) && isnan(v.trace_sigma_est));
	noise_free(&n);
	netfixture_free(&g);
}

/* Curves bit for bit with the measurement on and off, on both paths; the
 * noise columns filled when on, NaN when off. */
static void test_training_unchanged(void **s)
{
	struct config c[2];
	struct dataset ds;
	char err[256];
	(void)s;
	for (int on = 0; on < 2; on++) {
		assert_int_equal(config_defaults(&c[on]), ST_OK);
		c[on].n_samples = 120;
		c[on].n_train = 60;
		c[on].hidden[0] = 9;
		c[on].epochs = 3;
		c[on].noise_scale = on;
	}
	assert_int_equal(data_generate(&ds, &c[0], err, sizeof err), ST_OK);
	for (size_t k = 0; k < 4; k++)
		for (size_t bi = 0; bi < 3; bi++) {
			size_t B = (size_t[]){1, 7, 64}[bi];
			struct epoch_record rec[2][8];
			struct run_result r[2];
			for (int on = 0; on < 2; on++) {
				struct trainer t;
				/* Adam, then SGD: Adam's step hardly sees a gradient's
				 * scale, SGD's does */
				c[on].optimizer = k < 2 ? OPT_ADAM : OPT_SGD;
				c[on].learning_rate = k < 2 ? 0.001 : 0.1;
				assert_int_equal(trainer_init(&t, &c[on], &ds, 64), ST_OK);
				assert_int_equal(mlp_set_path(&t.mlp, paths[k % 2]), ST_OK);
				r[on].epochs = rec[on];
				train_run(&t, &c[on], B, 3, &r[on], NULL, NULL);
				trainer_free(&t);
			}
			assert_int_equal(r[0].n_epochs, r[1].n_epochs);
			for (size_t e = 0; e < r[0].n_epochs; e++) {
				const struct epoch_record *a = &rec[0][e], *b = &rec[1][e];
				assert_true(a->steps == b->steps && a->learning_rate == b->learning_rate);
				assert_memory_equal(&a->train_loss, &b->train_loss, sizeof(double));
				assert_memory_equal(&a->train_acc, &b->train_acc, sizeof(double));
				assert_memory_equal(&a->val_loss, &b->val_loss, sizeof(double));
				assert_memory_equal(&a->val_acc, &b->val_acc, sizeof(double));
				assert_true(isnan(a->noise.grad_norm2) && isnan(a->noise.b_simple_est));
				assert_true(b->noise.grad_norm2 > 0 && b->noise.trace_sigma > 0);
				/* one batch an epoch (B 64 >= 60 rows): no pair, no estimate */
				assert_true(B < 60 ? !isnan(b->noise.b_simple_est) :
					    isnan(b->noise.b_simple_est));
			}
			print_message("  %s, %s path, batch %zu: %zu epochs identical on and off; "
				      "last b_simple %.4g, b_simple_est %.4g\n",
				      k < 2 ? "adam" : "sgd", path_names[paths[k % 2]], B, r[0].n_epochs,
				      rec[1][r[1].n_epochs - 1].noise.b_simple,
				      rec[1][r[1].n_epochs - 1].noise.b_simple_est);
		}
	/* the memory model counts the scratch */
	assert_int_equal(trainer_bytes(&c[1], 2, 3, 64),
			 trainer_bytes(&c[0], 2, 3, 64) + noise_bytes(&c[1], 2, 3));
	data_free(&ds);
	config_free(&c[0]);
	config_free(&c[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_relu2),
		cmocka_unit_test(test_golden_tanh1),
		cmocka_unit_test(test_golden_sigmoid1),
		cmocka_unit_test(test_golden_linear0),
		cmocka_unit_test(test_golden_blobshape),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_estimator_unbiased),
		cmocka_unit_test(test_training_unchanged),
	};
	return cmocka_run_group_tests_name("noise", tests, NULL, NULL);
}
