/* test_npy.c: the .npy writer and checker (src/npy.c).
 *   - headers against the format's specification, byte by byte: magic,
 *     version 1.0, the little-endian length, the dict text, space padding
 *     and '\n' to a multiple of 64, for shapes of 1 to 20 digits;
 *   - whole files against files numpy.save wrote (tests/golden/npy_*.npy,
 *     scripts/make_fixtures.py), byte for byte, written directly and as
 *     the transpose of a (out, in) weight;
 *   - npy_check: accepts those, refuses another shape, a cut or a
 *     lengthened file, says when there is none; npy_read reads back. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "npy.h"

/* The header the specification describes, built independently of
 * npy_header: the dict text, then the spaces numpy leaves for the first
 * axis to grow to 21 digits, then spaces and '\n' to a multiple of 64. */
static size_t spec_header(unsigned char *buf, const char *shape_text, const char *first)
{
	char text[256];
	size_t n, total;
	snprintf(text, sizeof text, "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }",
		 shape_text);
	for (size_t i = strlen(first); i < 21; i++)
		strcat(text, " ");
	n = strlen(text) + 1; /* with its '\n' */
	total = 10 + n;
	total = (total / 64 + 1) * 64; /* numpy: always some padding */
	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	buf[8] = (unsigned char)((total - 10) & 0xff);
	buf[9] = (unsigned char)((total - 10) >> 8);
	memcpy(buf + 10, text, strlen(text));
	memset(buf + 10 + strlen(text), ' ', total - 10 - strlen(text));
	buf[total - 1] = '\n';
	return total;
}

static void test_header_spec(void **s)
{
	static const struct { size_t shape[2], ndim; const char *text, *first; } cases[] = {
		{{1, 0}, 1, "(1,)", "1"},
		{{50, 0}, 1, "(50,)", "50"},
		{{123456789, 0}, 1, "(123456789,)", "123456789"},
		{{2, 3}, 2, "(2, 3)", "2"},
		{{50, 3}, 2, "(50, 3)", "50"},
		{{1, 1000000}, 2, "(1, 1000000)", "1"},
		{{SIZE_MAX, SIZE_MAX}, 2, "(18446744073709551615, 18446744073709551615)",
		 "18446744073709551615"},
	};
	(void)s;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char got[NPY_HEADER_MAX], want[256];
		size_t n = npy_header(got, cases[i].shape, cases[i].ndim);
		size_t m = spec_header(want, cases[i].text, cases[i].first);
		assert_int_equal(n, m);
		assert_int_equal(n % 64, 0);
		assert_memory_equal(got, "\x93NUMPY", 6);
		assert_int_equal(got[6], 1);
		assert_int_equal(got[7], 0);
		assert_int_equal((size_t)got[8] | (size_t)got[9] << 8, n - 10);
		assert_int_equal(got[n - 1], '\n');
		assert_int_equal(got[n - 2], ' ');
		assert_memory_equal(got, want, n);
	}
	{
		unsigned char b[NPY_HEADER_MAX];
		size_t sh[3] = {1, 2, 3};
		assert_int_equal(npy_header(b, sh, 0), 0);
		assert_int_equal(npy_header(b, sh, 3), 0);
	}
}

/* The whole of a file, malloc'd, its size in *n. */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long len;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	b = malloc((size_t)len + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return b;
}

/* npy_fwrite(a, shape, transpose) equals the golden file name. */
static void same_as_golden(const char *name, const float *a, const size_t *shape, size_t ndim,
			   int transpose)
{
	char path[] = "/tmp/bsweep-npy-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "wb");
	unsigned char *got, *want;
	size_t ng, nw;
	assert_non_null(f);
	assert_int_equal(npy_fwrite(f, a, shape, ndim, transpose), ST_OK);
	assert_int_equal(fclose(f), 0);
	got = slurp(path, &ng);
	want = slurp(golden_path(name), &nw);
	unlink(path);
	assert_int_equal(ng, nw);
	assert_memory_equal(got, want, nw);
	free(got);
	free(want);
}

static const float g2x3[6] = {1.5f, -2.25f, 0.1f, 3.4028235e38f, -0.0f, 1e-45f};

static void test_golden(void **s)
{
	size_t sh23[2] = {2, 3}, sh3[1] = {3}, sh1000[2] = {1000, 1};
	float w[6], v3[3] = {1.0f, -1.0f, 0x1p-20f}, *big = malloc(1000 * sizeof *big);
	(void)s;
	assert_non_null(big);
	/* 1e-45f: the smallest subnormal, as numpy rounds the literal */
	assert_true(g2x3[5] > 0.0f && (double)g2x3[5] < 2e-45);
	same_as_golden("npy_2x3.npy", g2x3, sh23, 2, 0);
	/* a weight W (out 3, in 2), row-major, written as its kernel (2, 3) */
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 3; j++)
			w[j * 2 + i] = g2x3[i * 3 + j];
	same_as_golden("npy_2x3.npy", w, sh23, 2, 1);
	same_as_golden("npy_3.npy", v3, sh3, 1, 0);
	for (size_t i = 0; i < 1000; i++)
		big[i] = (float)i / 7.0f; /* numpy: float32 arange / 7, in float32 */
	same_as_golden("npy_1000x1.npy", big, sh1000, 2, 0);
	/* transpose is for matrices only */
	{
		FILE *f = fopen("/dev/null", "wb");
		assert_non_null(f);
		assert_int_equal(npy_fwrite(f, v3, sh3, 1, 1), ST_INPUT);
		fclose(f);
	}
	free(big);
}

static void test_check_read(void **s)
{
	size_t sh23[2] = {2, 3}, sh32[2] = {3, 2}, sh6[1] = {6};
	char why[512], path[] = "/tmp/bsweep-npy-XXXXXX";
	float back[6];
	unsigned char *b;
	size_t n;
	FILE *f;
	int fd;
	(void)s;
	assert_int_equal(npy_check(golden_path("npy_2x3.npy"), sh23, 2, why, sizeof why), 1);
	assert_int_equal(npy_check(golden_path("npy_2x3.npy"), sh32, 2, why, sizeof why), -1);
	assert_non_null(strstr(why, "not a float32 .npy of shape (3, 2)"));
	assert_int_equal(npy_check(golden_path("npy_2x3.npy"), sh6, 1, why, sizeof why), -1);
	assert_int_equal(npy_check("/nonexistent/x.npy", sh23, 2, why, sizeof why), 0);
	assert_int_equal(npy_read(golden_path("npy_2x3.npy"), back, sh23, 2, why, sizeof why),
			 ST_OK);
	assert_memory_equal(back, g2x3, sizeof back);
	assert_true(signbit(back[4]));

	/* cut by a byte, then a byte too many */
	b = slurp(golden_path("npy_2x3.npy"), &n);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, n - 1), (ssize_t)(n - 1));
	close(fd);
	assert_int_equal(npy_check(path, sh23, 2, why, sizeof why), -1);
	assert_non_null(strstr(why, "expected 152"));
	assert_int_not_equal(npy_read(path, back, sh23, 2, why, sizeof why), ST_OK);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(b, 1, n, f);
	fputc(0, f);
	fclose(f);
	assert_int_equal(npy_check(path, sh23, 2, why, sizeof why), -1);
	/* a directory is not a file */
	unlink(path);
	assert_int_equal(npy_check("/tmp", sh23, 2, why, sizeof why), -1);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_spec),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_check_read),
	};
	return cmocka_run_group_tests_name("npy", tests, NULL, NULL);
}
