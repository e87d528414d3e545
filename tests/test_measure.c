/* test_measure.c: the timing statistics and the analytic memory of a run.
 *   - median and MAD on hand-worked odd and even samples, and the
 *     defining property of the median on random samples;
 *   - the modified Z-score outlier rule (Iglewicz and Hoaglin, 3.5), and
 *     no outliers when the MAD is 0;
 *   - measure_run_bytes for the seed network worked out by hand;
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
#include "measure.h"
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

static void test_run_bytes(void **s)
{
	struct config c;
	(void)s;
	assert_int_equal(config_defaults(&c), 0);
	/* 2 -> 50 -> 3: P = 2*50+50 + 50*3+3 = 303 floats; Adam: params,
	 * grads, m, v = 4 P = 1212 floats.  Per row: a and da of 50 and 3,
	 * probs 3, the input 2: 111 floats.  B = 4: 444 floats.  (1212 +
	 * 444) * 4 = 6624 bytes, + 4 labels * 4 + 500 shuffle indices * 4. */
	assert_int_equal(measure_run_bytes(&c, 4), 6624 + 16 + 2000);
	/* B above n_train is the full batch of 500 rows */
	assert_int_equal(measure_run_bytes(&c, 512), measure_run_bytes(&c, 500));
	assert_int_equal(measure_run_bytes(&c, 500), (1212 + 111 * 500) * 4 + 500 * 4 + 2000);
	/* plain SGD keeps no state; momentum one buffer */
	c.optimizer = OPT_SGD;
	assert_int_equal(measure_run_bytes(&c, 4), 6624 - 2 * 303 * 4 + 2016);
	c.momentum = 0.9;
	assert_int_equal(measure_run_bytes(&c, 4), 6624 - 303 * 4 + 2016);
	config_free(&c);
}

static void test_probes(void **s)
{
	double t0 = measure_cpu_seconds(), t1;
	volatile double x = 0.0;
	long kib;
	(void)s;
	for (long i = 0; i < 20000000; i++)
		x += 1e-9;
	t1 = measure_cpu_seconds();
	assert_true(t1 >= t0);
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
