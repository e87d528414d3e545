/* test_scaling.c: targets (target.h) and the scaling analysis (scaling.h)
 * on values made by hand, each expectation worked out in the comments:
 *   - target detection: first crossing, never crossed (censored), met at
 *     the first evaluation, loss targets met from above, NaN, evaluations
 *     between epoch ends (resolution);
 *   - the fit recovers S_min and B_crit exactly from exact S(B), and
 *     from noisy seeds within a tolerance with the truth inside its
 *     bootstrap interval; the bootstrap is deterministic; censored seeds;
 *     fewer than 3 usable batch sizes: no fit; degenerate fits kept;
 *   - regimes and local efficiency; medians with censored values;
 *   - scaling_compute on summary rows: scaling.csv's values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "rng.h"
#include "scaling.h"
#include "target.h"
#include "train.h"

static void load(struct config *c, const char *json)
{
	char err[1024];
	assert_int_equal(config_parse(c, "t.json", json, strlen(json), err, sizeof err), ST_OK);
}

/* evaluations of a run, 10 steps per epoch, 80 examples per epoch */
static struct target_eval ev(size_t steps, double val_acc, double val_loss)
{
	struct target_eval e = {steps, steps * 8, 10, 0.5 * (double)steps, 1.0, 0.5,
				val_loss, val_acc};
	return e;
}

static void test_target_first_crossing(void **st)
{
	struct config c;
	struct target_hit h;
	/* val_acc 0.5, 0.79, 0.8 (met: >=), 0.7 (not), 0.9 (met again) */
	double acc[] = {0.5, 0.79, 0.8, 0.7, 0.9};
	(void)st;
	load(&c, "{\"analysis\": {\"target\": {\"metric\": \"val_acc\", \"value\": 0.8}}}");
	target_clear(&h);
	assert_false(target_reached(&h));
	for (size_t e = 0; e < 5; e++) {
		struct target_eval x = ev(10 * (e + 1), acc[e], 1.0);
		assert_int_equal(target_observe(&c, &h, &x), acc[e] >= 0.8);
	}
	/* the first: epoch 3, step 30, 240 examples, 15 s */
	assert_true(target_reached(&h));
	assert_true(h.steps == 30 && h.epochs == 3 && h.examples == 240 && h.seconds == 15);
	config_free(&c);
}

static void test_target_censored_and_first(void **st)
{
	struct config c;
	struct target_hit h;
	struct target_eval x;
	(void)st;
	load(&c, "{\"analysis\": {\"target\": {\"metric\": \"val_acc\", \"value\": 0.95}}}");
	target_clear(&h);
	for (size_t e = 1; e <= 4; e++) {
		x = ev(10 * e, 0.9, 1.0);
		target_observe(&c, &h, &x);
	}
	/* never crossed: censored, every field NaN */
	assert_false(target_reached(&h));
	assert_true(isnan(h.steps) && isnan(h.epochs) && isnan(h.examples) && isnan(h.seconds));
	/* NaN never meets a target */
	x = ev(50, NAN, NAN);
	assert_int_equal(target_observe(&c, &h, &x), 0);
	/* met at the first evaluation (epoch 1) */
	target_clear(&h);
	x = ev(10, 0.95, 1.0);
	assert_int_equal(target_observe(&c, &h, &x), 1);
	assert_true(h.steps == 10 && h.epochs == 1);
	config_free(&c);
}

static void test_target_loss(void **st)
{
	struct config c;
	struct target_hit h;
	double loss[] = {1.2, 0.6, 0.5, 0.4};
	(void)st;
	/* a loss is met from above: the first <= 0.5, epoch 3 */
	load(&c, "{\"analysis\": {\"target\": {\"metric\": \"val_loss\", \"value\": 0.5}}}");
	target_clear(&h);
	for (size_t e = 0; e < 4; e++) {
		struct target_eval x = ev(10 * (e + 1), 0.0, loss[e]);
		target_observe(&c, &h, &x);
	}
	assert_true(h.steps == 30);
	config_free(&c);
	/* train_loss: ev() gives 1.0, met by a target of 1.0, not of 0.99 */
	load(&c, "{\"analysis\": {\"target\": {\"metric\": \"train_loss\", \"value\": 0.99}}}");
	target_clear(&h);
	{
		struct target_eval x = ev(10, 1.0, 0.0);
		assert_int_equal(target_observe(&c, &h, &x), 0);
	}
	config_free(&c);
	assert_true(target_meets(TGT_TRAIN_LOSS, 1.0, 1.0));
	assert_true(target_meets(TGT_TRAIN_ACC, 0.5, 0.5));
	assert_false(target_meets(TGT_NONE, 0.5, 0.9));
}

static void test_target_every_k(void **st)
{
	struct config c;
	struct target_hit h;
	(void)st;
	/* evaluations at steps 4, 8 (mid-epoch) and 10 (the epoch's end):
	 * met at step 8, epoch 0.8 (fractional) */
	load(&c, "{\"analysis\": {\"target\": {\"metric\": \"val_acc\", \"value\": 0.8},"
		 " \"eval_every\": 4}}");
	target_clear(&h);
	{
		struct target_eval a = ev(4, 0.7, 1), b = ev(8, 0.81, 1), e = ev(10, 0.85, 1);
		target_observe(&c, &h, &a);
		target_observe(&c, &h, &b);
		target_observe(&c, &h, &e);
	}
	assert_true(h.steps == 8 && h.epochs == 0.8 && h.examples == 64);
	/* resolution: min(k, steps per epoch) */
	assert_int_equal(target_resolution(&c, 10), 4);
	assert_int_equal(target_resolution(&c, 3), 3);
	config_free(&c);
	load(&c, "{}");
	assert_int_equal(target_resolution(&c, 10), 10);
	config_free(&c);
}

static const double Bs[] = {4, 8, 16, 32, 64, 128};
#define NB (sizeof Bs / sizeof Bs[0])

static void test_fit_exact(void **st)
{
	/* S(B) = 100 (1 + 32 / B), one seed: S_min 100, B_crit 32, E_min
	 * 3200, exactly (to rounding) */
	double steps[NB];
	unsigned char used[NB];
	struct scaling_fit f;
	(void)st;
	for (size_t i = 0; i < NB; i++)
		steps[i] = 100.0 * (1.0 + 32.0 / Bs[i]);
	scaling_fit_points(Bs, steps, NB, 1, &f, used);
	assert_true(f.ok);
	assert_false(f.degenerate);
	assert_int_equal(f.n_used, NB);
	assert_true(fabs(f.s_min - 100.0) < 1e-9);
	assert_true(fabs(f.b_crit - 32.0) < 1e-9);
	assert_true(fabs(f.e_min - 3200.0) < 1e-7);
	/* one seed: every resample is the data itself */
	assert_int_equal(f.resamples_used, SCALING_RESAMPLES);
	assert_true(fabs(f.b_crit_lo - 32.0) < 1e-9 && fabs(f.b_crit_hi - 32.0) < 1e-9);
	for (size_t i = 0; i < NB; i++)
		assert_int_equal(used[i], 1);
}

/* 5 seeds of S(B) = 200 (1 + 20 / B) with +-10 % multiplicative noise */
static void noisy(double *steps, uint32_t seed)
{
	struct rng r;
	rng_init(&r, seed);
	for (size_t i = 0; i < NB; i++)
		for (size_t s = 0; s < 5; s++)
			steps[i * 5 + s] = round(200.0 * (1.0 + 20.0 / Bs[i]) *
						 rng_uniform(&r, 0.9, 1.1));
}

static void test_fit_noisy_and_deterministic(void **st)
{
	double steps[NB * 5];
	struct scaling_fit f, g;
	(void)st;
	noisy(steps, 7);
	scaling_fit_points(Bs, steps, NB, 5, &f, NULL);
	print_message("# noisy: S_min %g B_crit %g [%g, %g]\n", f.s_min, f.b_crit,
		      f.b_crit_lo, f.b_crit_hi);
	assert_true(f.ok);
	assert_true(fabs(f.s_min - 200.0) < 20.0);      /* within 10 % */
	assert_true(fabs(f.b_crit - 20.0) < 4.0);       /* within 20 % */
	assert_true(f.b_crit_lo <= 20.0 && 20.0 <= f.b_crit_hi);
	assert_true(f.b_crit_lo <= f.b_crit && f.b_crit <= f.b_crit_hi);
	/* deterministic: the same arguments, the same interval, bit for bit */
	scaling_fit_points(Bs, steps, NB, 5, &g, NULL);
	assert_memory_equal(&f, &g, sizeof f);
}

static void test_fit_censored(void **st)
{
	/* 3 seeds; batch sizes 64 and 128: 2 of 3 censored, so not used
	 * (most seeds did not reach); 32: 1 of 3 censored, used, its median
	 * the largest finite value (censored = infinite) */
	double steps[NB * 3];
	unsigned char used[NB];
	struct scaling_fit f;
	(void)st;
	for (size_t i = 0; i < NB; i++)
		for (size_t s = 0; s < 3; s++)
			steps[i * 3 + s] = 100.0 * (1.0 + 32.0 / Bs[i]) + (double)s - 1.0;
	steps[3 * 3 + 0] = NAN;                       /* B = 32: 199, 200 + NaN */
	steps[4 * 3 + 0] = steps[4 * 3 + 1] = NAN;
	steps[5 * 3 + 1] = steps[5 * 3 + 2] = NAN;
	scaling_fit_points(Bs, steps, NB, 3, &f, used);
	assert_true(f.ok);
	assert_int_equal(f.n_used, 4);
	assert_memory_equal(used, ((unsigned char[]){1, 1, 1, 1, 0, 0}), NB);
	{
		double v[3] = {NAN, 200.0, 201.0};
		assert_true(scaling_median(v, 3) == 201.0);
		double w[3] = {NAN, NAN, 1.0};
		assert_true(isnan(scaling_median(w, 3)));
		double x[4] = {1.0, 2.0, 3.0, NAN};   /* (2 + 3) / 2 */
		assert_true(scaling_median(x, 4) == 2.5);
		double y[4] = {1.0, 2.0, NAN, NAN};   /* (2 + inf) / 2 */
		assert_true(isnan(scaling_median(y, 4)));
	}
}

static void test_fit_too_few(void **st)
{
	/* only 2 batch sizes where most seeds reached: no fit, and why */
	double steps[NB];
	struct scaling_fit f;
	(void)st;
	for (size_t i = 0; i < NB; i++)
		steps[i] = i < 2 ? 100.0 : NAN;
	scaling_fit_points(Bs, steps, NB, 1, &f, NULL);
	assert_false(f.ok);
	assert_int_equal(f.n_used, 0);
	assert_non_null(strstr(f.why, "no fit: 2 batch sizes"));
	assert_true(isnan(f.b_crit) && isnan(f.b_crit_lo));
	/* 3 batch sizes but 2 distinct values (two full batches): no fit */
	{
		double B3[] = {4, 500, 500}, s3[] = {10, 5, 5};
		scaling_fit_points(B3, s3, 3, 1, &f, NULL);
		assert_false(f.ok);
	}
}

static void test_fit_degenerate(void **st)
{
	/* steps that grow with B: slope < 0, B_crit < 0, kept as it is */
	double steps[NB];
	struct scaling_fit f;
	(void)st;
	for (size_t i = 0; i < NB; i++)
		steps[i] = 300.0 - 400.0 / Bs[i];    /* S_min 300, B_crit -4/3 */
	scaling_fit_points(Bs, steps, NB, 1, &f, NULL);
	assert_true(f.ok);
	assert_true(f.degenerate);
	assert_true(fabs(f.b_crit + 4.0 / 3.0) < 1e-9);
	assert_non_null(strstr(f.why, "degenerate"));
	/* B_crit below the smallest batch size: S = 100 (1 + 1 / B) */
	for (size_t i = 0; i < NB; i++)
		steps[i] = 100.0 * (1.0 + 1.0 / Bs[i]);
	scaling_fit_points(Bs, steps, NB, 1, &f, NULL);
	assert_true(f.ok && f.degenerate && fabs(f.b_crit - 1.0) < 1e-9);
	assert_non_null(strstr(f.why, "below the smallest"));
}

static void test_regimes(void **st)
{
	(void)st;
	assert_int_equal(scaling_regime_of(1.0), REGIME_PERFECT);
	assert_int_equal(scaling_regime_of(SCALING_PERFECT), REGIME_PERFECT);
	assert_int_equal(scaling_regime_of(0.5), REGIME_DIMINISHING);
	assert_int_equal(scaling_regime_of(SCALING_MAXIMAL), REGIME_MAXIMAL);
	assert_int_equal(scaling_regime_of(-0.3), REGIME_MAXIMAL);
	assert_int_equal(scaling_regime_of(NAN), REGIME_NONE);
	{
		double v[] = {1, 2, 3, 4, 5};
		assert_true(scaling_percentile(v, 5, 50) == 3);
		assert_true(scaling_percentile(v, 5, 2.5) == 1.1);   /* 0.1 of the way */
		assert_true(scaling_percentile(v, 5, 100) == 5);
	}
}

/* scaling_compute on a sweep's rows: batch sizes 8, 16, 32, 64, 2 seeds;
 * steps 400/200 (perfect), 100 (perfect), 90 (maximal); the fit by hand */
static void test_compute(void **st)
{
	struct config c;
	struct summary_row rows[8];
	struct scaling sc;
	double s[4][2] = {{400, 400}, {200, 200}, {100, 100}, {90, NAN}};
	(void)st;
	load(&c, "{\"sweep\": {\"batch_sizes\": [8, 16, 32, 64], \"seeds\": [0, 1]},"
		 " \"analysis\": {\"target\": {\"metric\": \"val_acc\", \"value\": 0.8}}}");
	memset(rows, 0, sizeof rows);
	for (size_t k = 0; k < 8; k++) {
		struct run_point p = config_run(&c, k);
		rows[k].batch_size = p.batch_size;
		rows[k].seed = p.seed;
		rows[k].steps_per_epoch = (c.n_train + p.batch_size - 1) / p.batch_size;
		rows[k].steps_to_target = s[p.batch_index][p.seed_index];
		rows[k].examples_to_target = rows[k].steps_to_target * (double)p.batch_size;
		rows[k].seconds_to_target = isnan(rows[k].steps_to_target) ? NAN : 1.0;
		rows[k].epochs_to_target = rows[k].steps_to_target / (double)rows[k].steps_per_epoch;
	}
	assert_int_equal(scaling_compute(&sc, &c, rows), ST_OK);
	assert_int_equal(sc.n_rows, 4);
	assert_true(sc.rows[0].efficiency != sc.rows[0].efficiency);      /* NaN: first */
	assert_true(sc.rows[1].efficiency == 1.0 && sc.rows[1].regime == REGIME_PERFECT);
	assert_true(sc.rows[2].efficiency == 1.0);
	/* 64: 1 of 2 censored, median (90 + inf) / 2: none; reached 0.5 */
	assert_true(isnan(sc.rows[3].steps_median) && sc.rows[3].reached == 1);
	assert_true(sc.rows[3].steps_min == 90 && sc.rows[3].steps_max == 90);
	assert_true(sc.rows[3].reached_fraction == 0.5 && !sc.rows[3].in_fit);
	assert_int_equal(sc.rows[3].regime, REGIME_NONE);
	/* the fit over 8, 16, 32: steps = 3200 / B exactly: S_min 0 */
	assert_true(sc.fits[0].ok && sc.fits[0].degenerate);
	assert_true(fabs(sc.fits[0].s_min) < 1e-9 && fabs(sc.fits[0].e_min - 3200) < 1e-9);
	assert_int_equal(sc.fits[0].n_used, 3);
	assert_int_equal(sc.fit_batches[2], 32);
	assert_int_equal(sc.rows[0].resolution_steps, rows[0].steps_per_epoch);
	assert_true(sc.rows[0].examples_median == 3200);
	scaling_free(&sc);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_first_crossing),
		cmocka_unit_test(test_target_censored_and_first),
		cmocka_unit_test(test_target_loss),
		cmocka_unit_test(test_target_every_k),
		cmocka_unit_test(test_fit_exact),
		cmocka_unit_test(test_fit_noisy_and_deterministic),
		cmocka_unit_test(test_fit_censored),
		cmocka_unit_test(test_fit_too_few),
		cmocka_unit_test(test_fit_degenerate),
		cmocka_unit_test(test_regimes),
		cmocka_unit_test(test_compute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
