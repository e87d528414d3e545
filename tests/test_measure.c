/* test_measure.c: the timing statistics and the analytic memory of a run.
 *   - median and MAD on hand-worked odd and even samples, and the
 *     defining property of the median on random samples;
 *   - the modified Z-score outlier rule (Iglewicz and Hoaglin, 3.5), and
 *     no outliers when the MAD is 0;
 *   - trainer_bytes (the memory model) worked out by hand, both paths;
 *   - the resource probes return plausible values. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "kernels.h"
#include "measure.h"
#include "optim.h"
#include "stats.h"
#include "train.h"
#include "rng.h"

static void test_median_mad(void **s)
{
	double odd[] = {5, 1, 4, 2, 3}, even[] = {10, 1, 3, 2}, one[] = {7.5};
	double scratch[5], m;
	(void)s;
	/* |deviations| from 3: 2 2 1 1 0 -> median 1 */
	m = stats_median(odd, 5);
	assert_true(m == 3.0);
	assert_true(stats_mad(odd, 5, m, scratch) == 1.0);
	/* sorted 1 2 3 10: median 2.5; deviations 1.5 .5 .5 7.5 -> 1.0 */
	m = stats_median(even, 4);
	assert_true(m == 2.5);
	assert_true(stats_mad(even, 4, m, scratch) == 1.0);
	assert_true(stats_median(one, 1) == 7.5);
	assert_true(stats_mad(one, 1, 7.5, scratch) == 0.0);
}

static void test_median_property(void **s)
{
	struct rng r;
	double v[101], w[101];
	(void)s;
	rng_init(&r, 5);
	for (int trial = 0; trial < 200; trial++) {
		size_t n = 1 + rng_interval(&r, 100), below = 0, above = 0;
		double m;
		for (size_t i = 0; i < n; i++)
			w[i] = v[i] = floor(rng_double(&r) * 20.0); /* with ties */
		m = stats_median(v, n);
		for (size_t i = 0; i < n; i++) {
			below += w[i] < m;
			above += w[i] > m;
		}
		assert_true(below <= n / 2 && above <= n / 2);
	}
}

static void test_outliers(void **s)
{
	/* median 10.025; |dev| .025 .075 .125 .025 .025 9.975: MAD 0.05;
	 * z(20) = 0.6745 * 9.975 / 0.05 = 134.6, z(9.9) = 1.69 */
	double v[] = {10, 10.1, 9.9, 10, 10.05, 20}, c[6], scratch[6];
	double flat[] = {3, 3, 3, 3, 9};
	double m, mad;
	(void)s;
	memcpy(c, v, sizeof v);
	m = stats_median(c, 6);
	assert_true(fabs(m - 10.025) < 1e-12);
	mad = stats_mad(v, 6, m, scratch);
	assert_true(fabs(mad - 0.05) < 1e-12);
	assert_int_equal(stats_outliers(v, 6, m, mad), 1);
	/* without the far value nothing is an outlier */
	assert_int_equal(stats_outliers(v, 5, m, mad), 0);
	/* MAD 0: the rule is undefined; report none rather than all */
	assert_int_equal(stats_outliers(flat, 5, 3.0, 0.0), 0);
}

/* The memory model, worked out by hand from the shapes. */
static void test_run_bytes(void **s)
{
	struct config c;
	size_t D = 2, K = 3;
	(void)s;
	assert_int_equal(config_defaults(&c), ST_OK);
	/* 2 -> 50 -> 3 (the fused path): P = 2*50+50 + 50*3+3 = 303 floats;
	 * params and grads 2 P = 606.  Per row: a and da of 50 and 3, probs
	 * 3: 109 floats; B = 4: 436.  The fused scratch: P lane sums and two
	 * blocks of 2 + 2*50 + 50 + 3 = 155 vectors, KERN_LANES floats each,
	 * + one vector to align.  Adam's m and v: 606.  The shuffle order: 500 * 4
	 * bytes. */
	size_t fused = (303 + 2 * 155) * KERN_LANES + KERN_LANES;
	assert_int_equal(trainer_bytes(&c, D, K, 4), (606 + 436 + fused + 606) * 4 + 2000);
	assert_int_equal(trainer_bytes(&c, D, K, 500),
			 (606 + 109 * 500 + fused + 606) * 4 + 2000);
	/* plain SGD keeps no state (optim_init allocates none); momentum one
	 * buffer */
	c.optimizer = OPT_SGD;
	assert_int_equal(trainer_bytes(&c, D, K, 4), (606 + 436 + fused) * 4 + 2000);
	assert_int_equal(optim_bytes(303, optim_arrays(&c)), 0);
	c.momentum = 0.9;
	assert_int_equal(trainer_bytes(&c, D, K, 4), (606 + 436 + fused + 303) * 4 + 2000);
	assert_int_equal(optim_bytes(303, optim_arrays(&c)), 303 * 4);
	/* 2 -> 512 -> 3 (the BLAS path): P = 1536 + 1539 = 3075; per row
	 * 2*512 + 2*3 + 3 = 1033 floats, and the gathered batch: 2 inputs and
	 * the label */
	c.optimizer = OPT_ADAM;
	c.hidden[0] = 512;
	assert_int_equal(trainer_bytes(&c, D, K, 4),
			 (2 * 3075 + 1033 * 4 + 3 * 4 + 2 * 3075) * 4 + 2000);
	config_free(&c);
}

/* The probes read real values: CPU time that is positive and grows with
 * work (a failed getrusage reads negative, and fails here), a resident
 * set of a plausible size. */
static void test_probes(void **s)
{
	double t0 = measure_cpu_seconds(), t1 = t0;
	volatile double x = 0.0;
	long kib;
	(void)s;
	/* some CPU time has been used by now, and it grows with work: spin
	 * until it has (at most ~10 s of work; a clock tick is 1-10 ms) */
	assert_true(t0 > 0.0);
	for (long i = 0; i < 20000 && t1 <= t0; i++) {
		for (long j = 0; j < 100000; j++)
			x += 1e-9;
		t1 = measure_cpu_seconds();
	}
	assert_true(t1 > t0);
	measure_peak_rss_reset();
	kib = measure_peak_rss_kib();
	/* a running process has some resident memory, and not terabytes */
	assert_true(kib > 0 && kib < (1L << 30));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median_mad),
		cmocka_unit_test(test_median_property),
		cmocka_unit_test(test_outliers),
		cmocka_unit_test(test_run_bytes),
		cmocka_unit_test(test_probes),
	};
	return cmocka_run_group_tests_name("measure", tests, NULL, NULL);
}
