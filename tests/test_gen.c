/* test_gen.c: the moons, circles (src/shapes.c) and classification
 * (src/classification.c) generators against scikit-learn 1.2
 * (tests/golden/gen_*, scripts/make_generator_fixtures.py).
 *
 * Moons and circles:
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
 *     printed.
 * Every dataset also goes through data_write_csv (what `bsweep data`
 * writes) and reads back bit for bit.
 * Classification: labels exactly (the flips and both shuffles are integer
 * draws), X within CLASS_TOL times the largest magnitude of its column.
 * Every step but two is elementwise and bit-identical; the two matrix
 * products (each cluster's rows times A, the informative columns times B)
 * are np.dot, i.e. OpenBLAS's dgemm or dgemv with their blocking and
 * fused multiply-adds, against bsweep's sum in index order: a sum of ni
 * products each rounded differently, then shifted and scaled.  Error
 * analysis bounds such a difference by about 2 ni eps times the sum of
 * the products' magnitudes, which shift and scale keep below a small
 * multiple of the column's magnitude; 1e-13 covers ni up to a few hundred,
 * and the worst seen on the fixtures (ni up to 32) is printed, about
 * 3e-16. */
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
#define CLASS_TOL 1e-13

/* data_write_csv's text read back: the header, then every value and
 * label exactly (%.17g round-trips a double). */
static void check_csv(const struct dataset *ds)
{
	FILE *f = tmpfile();
	char line[64];
	assert_non_null(f);
	data_write_csv(ds, f);
	assert_int_equal(ferror(f), 0);
	rewind(f);
	for (size_t j = 0; j < ds->d; j++) {
		char want[32];
		snprintf(want, sizeof want, "x%zu,", j);
		for (size_t k = 0; k < strlen(want); k++)
			assert_int_equal(fgetc(f), want[k]);
	}
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "label\n");
	for (size_t i = 0; i < ds->n; i++) {
		double v;
		int label;
		for (size_t j = 0; j < ds->d; j++) {
			assert_int_equal(fscanf(f, "%lf,", &v), 1);
			assert_memory_equal(&v, &ds->x64[i * ds->d + j], sizeof v);
		}
		assert_int_equal(fscanf(f, "%d\n", &label), 1);
		assert_int_equal(label, ds->y[i]);
	}
	assert_int_equal(fgetc(f), EOF);
	fclose(f);
}

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
	check_csv(&ds);
	data_free(&ds);
	fixture_free(&fx);
	config_free(&c);
}

static void check_classification(const char *name)
{
	char file[128], err[1024];
	struct fixture fx;
	struct config c;
	struct dataset ds;
	const double *x, *y;
	size_t nx = 0, ny = 0, inexact = 0;
	double worst = 0.0;

	snprintf(file, sizeof file, "gen_class_%s.json", name);
	if (config_load(&c, golden_path(file), err, sizeof err) != ST_OK)
		fail_msg("%s: %s", file, err);
	snprintf(file, sizeof file, "gen_class_%s.txt", name);
	assert_int_equal(fixture_load(&fx, file), 0);
	x = fixture_get(&fx, "x", &nx);
	y = fixture_get(&fx, "y", &ny);
	assert_non_null(x);
	assert_non_null(y);
	if (data_generate(&ds, &c, err, sizeof err) != ST_OK)
		fail_msg("%s: %s", name, err);
	assert_int_equal(ny, ds.n);
	assert_int_equal(nx, ds.n * ds.d);
	assert_int_equal(ds.d, c.n_features);
	for (size_t i = 0; i < ds.n; i++) {
		if ((double)ds.y[i] != y[i])
			fail_msg("%s: y[%zu] = %d, scikit-learn %g", name, i, (int)ds.y[i], y[i]);
		assert_true(ds.y[i] >= 0 && (size_t)ds.y[i] < ds.k);
	}
	for (size_t j = 0; j < ds.d; j++) {
		double colmax = 0.0;
		for (size_t i = 0; i < ds.n; i++)
			colmax = fmax(colmax, fabs(x[i * ds.d + j]));
		for (size_t i = 0; i < ds.n; i++) {
			size_t at = i * ds.d + j;
			double dif = fabs(ds.x64[at] - x[at]) / (colmax > 0 ? colmax : 1.0);
			inexact += ds.x64[at] != x[at];
			worst = fmax(worst, dif);
			if (!(dif <= CLASS_TOL))
				fail_msg("%s: x[%zu][%zu] = %a, scikit-learn %a: %.3g of the column's largest (tolerance %g)",
					 name, i, j, ds.x64[at], x[at], dif, CLASS_TOL);
		}
	}
	print_message("%s: labels identical; %zu of %zu values identical to scikit-learn's, the others within %.3g of their column's largest\n",
		      name, nx - inexact, nx, worst);
	check_csv(&ds);
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
static void test_class_defaults(void **s) { (void)s; check_classification("defaults"); }
static void test_class_three(void **s) { (void)s; check_classification("three"); }
static void test_class_random_box(void **s) { (void)s; check_classification("random_box"); }
static void test_class_noshuffle(void **s) { (void)s; check_classification("noshuffle"); }
static void test_class_wide(void **s) { (void)s; check_classification("wide"); }
static void test_class_reservoir(void **s) { (void)s; check_classification("reservoir"); }
static void test_class_tracking(void **s) { (void)s; check_classification("tracking"); }

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
		cmocka_unit_test(test_class_defaults),
		cmocka_unit_test(test_class_three),
		cmocka_unit_test(test_class_random_box),
		cmocka_unit_test(test_class_noshuffle),
		cmocka_unit_test(test_class_wide),
		cmocka_unit_test(test_class_reservoir),
		cmocka_unit_test(test_class_tracking),
	};
	return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
