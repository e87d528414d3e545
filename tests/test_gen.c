/* test_gen.c: the moons and circles generators (src/shapes.c) against
 * scikit-learn 1.2 (tests/golden/gen_*, scripts/make_generator_fixtures.py).
 *
 * For each case the config is loaded as bsweep loads it, the dataset
 * generated, and compared with
 *   - y: scikit-learn's labels, exactly;
 *   - x_libm: scikit-learn's algorithm with the C library's cos and sin,
 *     exactly: every other step (linspace, the shuffle, the noise draws
 *     and sums) is bit-identical;
 *   - x: scikit-learn's own values, within TOL_ULPS * DBL_EPSILON *
 *     max(1, |x|).  Why that holds: NumPy 1.24 computes cos and sin with
 *     its own SIMD code (AVX512F/AVX2), which differs from glibc's by at
 *     most 1.5 * 2^-52 on this project's reference machine (values in
 *     [-1, 1]; measured over 26 904 angles of linspace(0, pi) and
 *     linspace(0, 2 pi)); 1 - cos, * factor and + 0.5 carry that absolute
 *     difference without growing it, and adding a noise draw may round the
 *     two sums to neighbours, one more ulp of the result.  So 1.5 + 1
 *     ulps of max(1, |x|), and 4 leaves room.  The worst difference seen is
 *     printed. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "data.h"
#include "fixture.h"

#define TOL_ULPS 4.0

static void check_case(const char *name)
{
	char file[128], err[1024];
	struct fixture fx;
	struct config c;
	struct dataset ds;
	const double *x, *xl, *y;
	size_t nx = 0, nxl = 0, ny = 0, inexact = 0;
	double worst = 0.0;

	snprintf(file, sizeof file, "gen_%s.json", name);
	if (config_load(&c, golden_path(file), err, sizeof err) != ST_OK)
		fail_msg("%s: %s", file, err);
	snprintf(file, sizeof file, "gen_%s.txt", name);
	assert_int_equal(fixture_load(&fx, file), 0);
	x = fixture_get(&fx, "x", &nx);
	xl = fixture_get(&fx, "x_libm", &nxl);
	y = fixture_get(&fx, "y", &ny);
	assert_non_null(x);
	assert_non_null(xl);
	assert_non_null(y);
	if (data_generate(&ds, &c, err, sizeof err) != ST_OK)
		fail_msg("%s: %s", name, err);
	assert_int_equal(ds.d, 2);
	assert_int_equal(ds.k, 2);
	assert_int_equal(ny, ds.n);
	assert_int_equal(nx, ds.n * ds.d);
	assert_int_equal(nxl, ds.n * ds.d);
	for (size_t i = 0; i < ds.n; i++)
		if ((double)ds.y[i] != y[i])
			fail_msg("%s: y[%zu] = %d, scikit-learn %g", name, i, (int)ds.y[i], y[i]);
	for (size_t i = 0; i < nx; i++) {
		double d = fabs(ds.x64[i] - x[i]) / (DBL_EPSILON * fmax(1.0, fabs(x[i])));
		if (memcmp(&ds.x64[i], &xl[i], sizeof xl[i]) != 0)
			fail_msg("%s: x[%zu] = %a, the libm replica %a", name, i, ds.x64[i], xl[i]);
		if (ds.x64[i] != x[i])
			inexact++;
		if (d > worst)
			worst = d;
		if (!(d <= TOL_ULPS))
			fail_msg("%s: x[%zu] = %a, scikit-learn %a: %.2f ulps apart (tolerance %g)",
				 name, i, ds.x64[i], x[i], d, TOL_ULPS);
	}
	print_message("%s: %zu of %zu values identical to scikit-learn's, the others within %.2f ulps; identical to the libm replica\n",
		      name, nx - inexact, nx, worst);
	data_free(&ds);
	fixture_free(&fx);
	config_free(&c);
}

static void test_moons_plain(void **s) { (void)s; check_case("moons_plain"); }
static void test_moons_noise(void **s) { (void)s; check_case("moons_noise"); }
static void test_moons_noshuffle(void **s) { (void)s; check_case("moons_noshuffle"); }
static void test_moons_two(void **s) { (void)s; check_case("moons_two"); }
static void test_circles_plain(void **s) { (void)s; check_case("circles_plain"); }
static void test_circles_noise(void **s) { (void)s; check_case("circles_noise"); }
static void test_circles_noshuffle(void **s) { (void)s; check_case("circles_noshuffle"); }
static void test_circles_three(void **s) { (void)s; check_case("circles_three"); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moons_plain),
		cmocka_unit_test(test_moons_noise),
		cmocka_unit_test(test_moons_noshuffle),
		cmocka_unit_test(test_moons_two),
		cmocka_unit_test(test_circles_plain),
		cmocka_unit_test(test_circles_noise),
		cmocka_unit_test(test_circles_noshuffle),
		cmocka_unit_test(test_circles_three),
	};
	return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
