/* test_pool.c: the progress line's time estimate (pool_eta,
 * pool_eta_text): the cost left over the cost done, times the time spent;
 * unknown before anything is done; its text rounded up to whole seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pool.h"

static void eta_scales_elapsed_by_cost_left(void **state)
{
	(void)state;
	/* a quarter of the cost in 10 s: 30 s left */
	assert_float_equal(pool_eta(10.0, 250, 1000), 30.0, 1e-12);
	/* 9/10 done in 90 s: 10 s left */
	assert_float_equal(pool_eta(90.0, 900, 1000), 10.0, 1e-12);
	/* costs near 2^64 do not overflow */
	assert_float_equal(pool_eta(1.0, UINT64_MAX / 2, UINT64_MAX), 1.0, 1e-9);
}

static void eta_unknown_and_done(void **state)
{
	(void)state;
	assert_true(pool_eta(5.0, 0, 1000) < 0.0);   /* nothing done yet */
	assert_true(pool_eta(0.0, 10, 1000) < 0.0);  /* no time yet */
	assert_true(pool_eta(5.0, 10, 0) < 0.0);     /* nothing to do */
	assert_float_equal(pool_eta(5.0, 1000, 1000), 0.0, 0.0);
	assert_float_equal(pool_eta(5.0, 1200, 1000), 0.0, 0.0); /* a diverged run ends early */
}

static void eta_text(void **state)
{
	char buf[32];
	static const struct {
		double s;
		const char *text;
	} cases[] = {
		{0.0, "ETA 0:00"}, {0.2, "ETA 0:01"}, {12.0, "ETA 0:12"}, {59.5, "ETA 1:00"},
		{725.0, "ETA 12:05"}, {3599.0, "ETA 59:59"}, {3600.0, "ETA 1:00:00"},
		{3723.0, "ETA 1:02:03"}, {90061.0, "ETA 25:01:01"}, {-1.0, "ETA ?"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pool_eta_text(buf, sizeof buf, cases[i].s);
		assert_string_equal(buf, cases[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eta_scales_elapsed_by_cost_left),
		cmocka_unit_test(eta_unknown_and_done),
		cmocka_unit_test(eta_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
