/* test_rng.c: rng.c against NumPy's legacy RandomState, bit for bit
 * (tests/golden/rng_SEED.txt from scripts/make_fixtures.py). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include "rng.h"

static const uint32_t seeds[] = {0, 2, 4294967295u};

static void load(struct fixture *fx, uint32_t seed)
{
	char name[64];
	snprintf(name, sizeof name, "rng_%lu.txt", (unsigned long)seed);
	assert_int_equal(fixture_load(fx, name), 0);
}

static const double *section(const struct fixture *fx, const char *name, size_t *n)
{
	const double *v = fixture_get(fx, name, n);
	assert_non_null(v);
	return v;
}

static void test_u32(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct fixture fx;
		struct rng r;
		size_t n = 0;
		const double *v;
		load(&fx, seeds[s]);
		v = section(&fx, "u32", &n);
		rng_init(&r, seeds[s]);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(rng_u32(&r), (uint32_t)v[i]);
		fixture_free(&fx);
	}
}

/* Exact equality of every double, as NumPy's are. */
static void check_doubles(const char *what, double (*draw)(struct rng *))
{
	for (size_t s = 0; s < 3; s++) {
		struct fixture fx;
		struct rng r;
		size_t n = 0;
		const double *v;
		load(&fx, seeds[s]);
		v = section(&fx, what, &n);
		rng_init(&r, seeds[s]);
		for (size_t i = 0; i < n; i++) {
			double got = draw(&r);
			if (got != v[i])
				fail_msg("%s seed %lu [%zu]: got %a, NumPy %a", what,
					 (unsigned long)seeds[s], i, got, v[i]);
		}
		fixture_free(&fx);
	}
}

static double draw_uniform(struct rng *r) { return rng_uniform(r, -10.0, 10.0); }

static void test_double(void **state) { (void)state; check_doubles("double", rng_double); }
static void test_gauss(void **state) { (void)state; check_doubles("gauss", rng_gauss); }
static void test_uniform(void **state) { (void)state; check_doubles("uniform", draw_uniform); }

static void test_permutations(void **state)
{
	static const size_t sizes[] = {1, 2, 3, 10, 1000};
	uint32_t idx[1000];
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct fixture fx;
		struct rng r;
		load(&fx, seeds[s]);
		rng_init(&r, seeds[s]);
		for (size_t k = 0; k < 5; k++) {
			char name[32];
			size_t n = 0;
			const double *v;
			snprintf(name, sizeof name, "perm%zu", sizes[k]);
			v = section(&fx, name, &n);
			assert_int_equal(n, sizes[k]);
			rng_permutation(&r, idx, n);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(idx[i], (uint32_t)v[i]);
		}
		fixture_free(&fx);
	}
}

static void test_interval(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct fixture fx;
		struct rng r;
		size_t nb = 0, n = 0;
		const double *bounds, *v;
		load(&fx, seeds[s]);
		bounds = section(&fx, "interval_max", &nb);
		v = section(&fx, "interval", &n);
		assert_int_equal(n, nb * 20);
		rng_init(&r, seeds[s]);
		for (size_t i = 0; i < n; i++) {
			uint32_t max = (uint32_t)bounds[i / 20];
			uint32_t got = rng_interval(&r, max);
			assert_true(got <= max);
			assert_int_equal(got, (uint32_t)v[i]);
		}
		fixture_free(&fx);
	}
}

/* rng_shuffle (draws in chunks, no branch on a draw) against
 * RandomState.shuffle written as NumPy does it, one rng_interval per
 * position (itself checked against NumPy above): the same swaps and the
 * same draws consumed, over every n up to 1100 (chunks of 256 and their
 * edges, each power of two and its neighbours, the state's refills at
 * every offset) and a few larger n, each followed by one more draw. */
static void test_shuffle_chunks(void **state)
{
	static const size_t big[] = {65535, 65536, 65537, 100003};
	static uint32_t a[100003], b[100003];
	struct rng ra, rb;
	(void)state;
	rng_init(&ra, 7);
	rng_init(&rb, 7);
	for (size_t k = 0; k < 1100 + 4; k++) {
		size_t n = k < 1100 ? k : big[k - 1100];
		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = (uint32_t)(i * 2654435761u);
		rng_shuffle(&ra, a, n);
		for (size_t i = n; i-- > 1;) {
			size_t j = rng_interval(&rb, (uint32_t)i);
			uint32_t t = b[i];
			b[i] = b[j];
			b[j] = t;
		}
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				fail_msg("n = %zu: element %zu is %u, not %u", n, i, a[i], b[i]);
		assert_int_equal(rng_u32(&ra), rng_u32(&rb));
	}
}

/* The cached twin of the polar method survives other draws. */
static void test_gauss_cache(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct fixture fx;
		struct rng r;
		size_t n = 0;
		const double *v;
		double got[4];
		load(&fx, seeds[s]);
		v = section(&fx, "gauss_mixed", &n);
		assert_int_equal(n, 4);
		rng_init(&r, seeds[s]);
		got[0] = rng_gauss(&r);
		got[1] = rng_double(&r);
		got[2] = rng_gauss(&r);
		got[3] = rng_gauss(&r);
		for (size_t i = 0; i < 4; i++)
			assert_true(got[i] == v[i]);
		fixture_free(&fx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u32),
		cmocka_unit_test(test_double),
		cmocka_unit_test(test_gauss),
		cmocka_unit_test(test_uniform),
		cmocka_unit_test(test_permutations),
		cmocka_unit_test(test_interval),
		cmocka_unit_test(test_shuffle_chunks),
		cmocka_unit_test(test_gauss_cache),
	};
	return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
