/* test_table.c: the data-file reader (src/table.c) and its number parser.
 *   - parse_double: decimal forms accepted; nan, inf, overflow (2) and
 *     hex, spaces, commas, empty (1) refused;
 *   - the memory limit: a file past max_bytes stops at the line where it
 *     would exceed it, with nothing left to free (tests/csv.sh cannot reach
 *     the 4 GiB sweep limit with a file it could make quickly);
 *   - counting and filling passes agree; class order numeric or bytes. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "table.h"
#include "util.h"

static void test_parse_double(void **state)
{
	static const char *const good[] = {"1", "-0.5", "+2.5e-3", ".5", "5.", "1E10", "0"};
	static const char *const bad[] = {"", " 1", "1 ", "0x10", "1,5", "abc", "1e", "--1"};
	static const char *const nonfinite[] = {"nan", "inf", "-inf", "Infinity", "1e999"};
	double v;
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_int_equal(parse_double(good[i], &v), 0);
	assert_int_equal(parse_double("-0.5", &v), 0);
	assert_true(v == -0.5);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(parse_double(bad[i], &v), 1);
	for (size_t i = 0; i < sizeof nonfinite / sizeof *nonfinite; i++)
		assert_int_equal(parse_double(nonfinite[i], &v), 2);
}

static size_t row_bytes(size_t d)
{
	return d * 12 + 8;
}

static char *write_tmp(const char *text)
{
	static char path[64];
	int fd;
	strcpy(path, "/tmp/bsweep-table-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_memory_limit(void **state)
{
	const char *paths[2] = {NULL, NULL};
	struct table t;
	char err[512];
	(void)state;
	/* 2 features: 32 bytes a row; 100 bytes hold 3 rows, the 4th (line 5) is too many */
	paths[0] = write_tmp("a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,10,x\n");
	assert_int_equal(table_read(&t, paths, "", row_bytes, 100, NULL, NULL, err, sizeof err),
			 ST_INPUT);
	assert_non_null(strstr(err, ":5: expected data within the memory limit"));
	assert_null(t.classes);
	assert_int_equal(table_read(&t, paths, "", row_bytes, 160, NULL, NULL, err, sizeof err),
			 ST_OK);
	assert_int_equal(t.rows[0], 5);
	table_free(&t);
	unlink(paths[0]);
}

static void test_two_passes(void **state)
{
	const char *paths[2] = {NULL, NULL};
	struct table t;
	double x[6];
	int32_t y[3];
	char err[512];
	(void)state;
	paths[0] = write_tmp("k,a,b\n10,1.5,2\n9,3,4\n-1,5,6\n");
	assert_int_equal(table_read(&t, paths, "k", row_bytes, SIZE_MAX, NULL, NULL, err, sizeof err),
			 ST_OK);
	assert_int_equal(t.d, 2);
	assert_int_equal(t.k, 3);
	assert_int_equal(t.numeric, 1);
	table_free(&t);
	assert_int_equal(table_read(&t, paths, "k", row_bytes, SIZE_MAX, x, y, err, sizeof err),
			 ST_OK);
	assert_true(x[0] == 1.5 && x[1] == 2 && x[4] == 5 && x[5] == 6);
	/* numeric order: -1, 9, 10 */
	assert_int_equal(y[0], 2);
	assert_int_equal(y[1], 1);
	assert_int_equal(y[2], 0);
	assert_string_equal(t.classes[0], "-1");
	table_free(&t);
	unlink(paths[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_double),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_two_passes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
