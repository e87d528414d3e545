/* test_csv.c: number formatting and atomic files.
 *   - every double written reads back to the same double, in the shortest
 *     of 15..17 significant digits, '.' as decimal point: byte for byte
 *     the text of the C library's %.15g..%.17g loop, over every kind of
 *     double;
 *   - integer fields as printf writes them, at the types' limits too;
 *   - CSV_WORD fields: written bare, read back, refused when not a word;
 *   - a committed file has the content, an aborted one leaves nothing;
 *   - failures (missing directory, full device) leave no temporary file;
 *   - epochs_to_95 does not count a spike that falls back; aggregate.csv's
 *     statistics of hand-made runs (a diverged one left out). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "afile.h"
#include "aggregate.h"
#include "csv.h"
#include "runfile.h"
#include "util.h"
#include "rng.h"

static void test_format_roundtrip(void **s)
{
	struct rng r;
	char buf[40];
	(void)s;
	rng_init(&r, 9);
	for (int i = 0; i < 100000; i++) {
		double v = rng_gauss(&r) * pow(10.0, (double)(rng_interval(&r, 40)) - 20.0);
		fmt_double(buf, sizeof buf, v);
		if (strtod(buf, NULL) != v)
			fail_msg("%a printed as %s", v, buf);
		assert_null(strchr(buf, ','));
	}
}

/* The definition of fmt_double's text, by brute force through the C
 * library: the first of "%.15g", "%.16g", "%.17g" that strtod reads back
 * to v.  fmt_double gets the digits elsewhere (dtoa.cc) and must print
 * the same bytes. */
static void reference_format(char *buf, size_t size, double v)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

static void same_as_reference(double v)
{
	char got[40], want[40];
	if (!isfinite(v))
		return;
	fmt_double(got, sizeof got, v);
	reference_format(want, sizeof want, v);
	if (strcmp(got, want) != 0)
		fail_msg("%a: printed %s, the C library's shortest of %%.15g..%%.17g is %s", v, got, want);
}

/* Byte for byte the reference's text: random bit patterns over the whole
 * range (subnormals included), values in [0, 1) as accuracies and losses
 * are, floats widened to double, every power of two (whose lower
 * neighbour is closer than the upper), powers of ten and their
 * neighbours, integers about 2^53, and numbers with few fraction bits
 * near 1e15..1e17 where two 17-digit decimals are equally near (ties:
 * printf rounds them to even). */
static void test_format_reference(void **s)
{
	struct rng r;
	(void)s;
	rng_init(&r, 11);
	for (int i = 0; i < 200000; i++) {
		uint64_t bits = ((uint64_t)rng_interval(&r, 1u << 31) << 33) ^
				((uint64_t)rng_interval(&r, 1u << 31) << 2) ^ rng_interval(&r, 4);
		double v;
		float f;
		uint32_t fb = (uint32_t)(bits >> 7);
		memcpy(&v, &bits, sizeof v);
		same_as_reference(v);
		same_as_reference((double)(bits >> 11) / 9007199254740992.0);
		memcpy(&f, &fb, sizeof f);
		same_as_reference((double)f);
	}
	/* few fraction bits: exact decimals of 16 to 19 digits, some of them
	 * ties at 16 or 17 digits */
	for (int t = 1; t <= 30; t++)
		for (int i = 0; i < 2000; i++) {
			uint64_t m = ((uint64_t)rng_interval(&r, 1u << 31) << 22) ^ rng_interval(&r, 1u << 22);
			same_as_reference(ldexp((double)(m | 1), -t));
			same_as_reference(ldexp((double)((m >> (i % 20)) | 1), -t));
		}
	for (int e = -1074; e <= 1023; e++) {
		double p = ldexp(1.0, e);
		same_as_reference(p);
		same_as_reference(-p);
		same_as_reference(nextafter(p, 0.0));
		same_as_reference(nextafter(p, INFINITY));
	}
	for (int e = -320; e <= 308; e++) {
		double p = pow(10.0, (double)e);
		same_as_reference(p);
		same_as_reference(nextafter(p, 0.0));
		same_as_reference(nextafter(p, INFINITY));
		same_as_reference(p * 1.5);
	}
	for (int k = -1000; k <= 1000; k++) {
		same_as_reference(9007199254740992.0 + 2.0 * k);
		same_as_reference(1e15 + 0.125 * k);
		same_as_reference(1e16 + 2.0 * k);
		same_as_reference(1e17 + 16.0 * k);
		same_as_reference(123456789012345.0 + 0.0625 * k);
		same_as_reference((double)k / 1000.0);
	}
	same_as_reference(0.0);
	same_as_reference(-0.0);
	same_as_reference(5e-324);
	same_as_reference(1.7976931348623157e308);
}

static void test_format_shortest(void **s)
{
	char buf[40];
	(void)s;
	fmt_double(buf, sizeof buf, 0.932);
	assert_string_equal(buf, "0.932");
	fmt_double(buf, sizeof buf, 0.1 + 0.2);
	assert_string_equal(buf, "0.30000000000000004");
	fmt_double(buf, sizeof buf, 1.0);
	assert_string_equal(buf, "1");
	fmt_double(buf, sizeof buf, NAN);
	assert_string_equal(buf, "nan");
	fmt_double(buf, sizeof buf, -INFINITY);
	assert_string_equal(buf, "-inf");
}

/* CSV_OPTIONAL: NaN is an empty field and back; a number as any number;
 * anything else refused. */
static void test_optional(void **s)
{
	struct row { double v; } r = {NAN};
	static const struct csv_column cols[] = {{"v", CSV_OPTIONAL, 0, 0, NULL}};
	const struct csv_table t = {"t", cols, 1};
	char buf[64] = "", err[256], *field[1];
	long where[] = {0};
	FILE *f = fmemopen(buf, sizeof buf, "w");
	(void)s;
	assert_non_null(f);
	csv_write_row(f, &t, &r);
	r.v = 12.5;
	csv_write_row(f, &t, &r);
	fclose(f);
	assert_string_equal(buf, "\n12.5\n");
	field[0] = (char[]){""};
	assert_int_equal(csv_read_row(&t, field, where, &r, "x", err, sizeof err), ST_OK);
	assert_true(isnan(r.v));
	field[0] = (char[]){"-3"};
	assert_int_equal(csv_read_row(&t, field, where, &r, "x", err, sizeof err), ST_OK);
	assert_true(r.v == -3.0);
	field[0] = (char[]){"nan"};
	assert_int_equal(csv_read_row(&t, field, where, &r, "x", err, sizeof err), ST_INPUT);
	assert_string_equal(err, "x: v: expected a finite number or an empty field, found 'nan'");
}

/* Integer fields: the text of printf's %zu, %lu and %ld, at the types'
 * limits too. */
static void test_integers(void **s)
{
	struct row { size_t n; uint32_t seed; long l; } r;
	static const struct csv_column cols[] = {
		{"n", CSV_SIZE, offsetof(struct row, n), 0, NULL},
		{"seed", CSV_SEED, offsetof(struct row, seed), 0, NULL},
		{"l", CSV_LONG, offsetof(struct row, l), 0, NULL}};
	const struct csv_table t = {"t", cols, 3};
	const struct row cases[] = {{0, 0, 0}, {7, 9, -1}, {10, 10, 10}, {99, 100, -99},
				    {SIZE_MAX, UINT32_MAX, LONG_MAX}, {1, 1, LONG_MIN}};
	(void)s;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[128] = "", want[128];
		FILE *f = fmemopen(buf, sizeof buf, "w");
		assert_non_null(f);
		r = cases[i];
		csv_write_row(f, &t, &r);
		fclose(f);
		snprintf(want, sizeof want, "%zu,%lu,%ld\n", r.n, (unsigned long)r.seed, r.l);
		assert_string_equal(buf, want);
	}
}

/* CSV_WORD (a host name, "2/4"): written bare, read back, empty allowed;
 * csv_word makes any text one; a field that is not a word is refused. */
static void test_word(void **s)
{
	struct row { char w[CSV_WORD_MAX]; } r;
	static const struct csv_column cols[] = {{"w", CSV_WORD, 0, 0, NULL}};
	const struct csv_table t = {"t", cols, 1};
	char buf[256] = "", err[256], *field[1], long_word[CSV_WORD_MAX + 8];
	long where[] = {0};
	FILE *f = fmemopen(buf, sizeof buf, "w");
	(void)s;
	assert_non_null(f);
	csv_word(r.w, "node-1.cluster");
	csv_write_row(f, &t, &r);
	csv_word(r.w, "");
	csv_write_row(f, &t, &r);
	csv_word(r.w, "a b,c\"d\n\xc3\xa9");
	csv_write_row(f, &t, &r);
	fclose(f);
	assert_string_equal(buf, "node-1.cluster\n\na_b_c_d___\n");
	field[0] = (char[]){"2/4"};
	assert_int_equal(csv_read_row(&t, field, where, &r, "x", err, sizeof err), ST_OK);
	assert_string_equal(r.w, "2/4");
	field[0] = (char[]){""};
	assert_int_equal(csv_read_row(&t, field, where, &r, "x", err, sizeof err), ST_OK);
	assert_string_equal(r.w, "");
	field[0] = (char[]){"a b"};
	assert_int_equal(csv_read_row(&t, field, where, &r, "x", err, sizeof err), ST_INPUT);
	assert_string_equal(err, "x: w: expected a word of printable characters without a comma, "
			    "quote or blank, found 'a b'");
	memset(long_word, 'h', sizeof long_word - 1);
	long_word[sizeof long_word - 1] = '\0';
	csv_word(r.w, long_word);
	assert_int_equal(strlen(r.w), CSV_WORD_MAX - 1);
	field[0] = long_word;
	assert_int_equal(csv_read_row(&t, field, where, &r, "x", err, sizeof err), ST_INPUT);
}

/* Files in dir whose name starts with '.' and contains ".tmp-". */
static int temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp-"))
			n++;
	closedir(d);
	return n;
}

static void test_atomic(void **s)
{
	char dir[] = "/tmp/bsweep-test-XXXXXX", path[256], err[512], text[64];
	struct atomic_file af;
	FILE *f;
	(void)s;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out.csv", dir);

	assert_int_equal(afile_open(&af, path, err, sizeof err), ST_OK);
	fputs("a,b\n1,2\n", af.f);
	assert_int_equal(temp_files(dir), 1);
	assert_int_equal(access(path, F_OK), -1); /* not there before commit */
	assert_int_equal(afile_commit(&af, err, sizeof err), ST_OK);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fread(text, 1, sizeof text, f), 8);
	fclose(f);
	assert_memory_equal(text, "a,b\n1,2\n", 8);

	/* abort: the old content stays, no temporary file */
	assert_int_equal(afile_open(&af, path, err, sizeof err), ST_OK);
	fputs("half", af.f);
	afile_abort(&af);
	assert_int_equal(temp_files(dir), 0);
	f = fopen(path, "r");
	assert_int_equal(fread(text, 1, sizeof text, f), 8);
	fclose(f);

	/* a directory that does not exist: a message naming the path */
	snprintf(path, sizeof path, "%s/missing/out.csv", dir);
	assert_int_equal(afile_open(&af, path, err, sizeof err), ST_IO);
	assert_non_null(strstr(err, path));

	snprintf(path, sizeof path, "%s/out.csv", dir);
	unlink(path);
	rmdir(dir);
}

/* A write error shows at commit: the destination is not created and the
 * temporary file is removed.  /dev/full plays the full disk: the stream is
 * redirected onto it after afile_open. */
static void test_atomic_full_disk(void **s)
{
	char dir[] = "/tmp/bsweep-test-XXXXXX", path[256], err[512];
	struct atomic_file af;
	(void)s;
	if (access("/dev/full", W_OK) != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out.csv", dir);
	assert_int_equal(afile_open(&af, path, err, sizeof err), ST_OK);
	assert_non_null(freopen("/dev/full", "w", af.f));
	for (int i = 0; i < 10000; i++)
		fputs("0123456789", af.f);
	assert_int_equal(afile_commit(&af, err, sizeof err), ST_IO);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No space left on device"));
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(temp_files(dir), 0);
	rmdir(dir);
}

/* val_acc 0.2 0.95 (a spike) 0.5 0.8 0.85 1.0 0.96: 95 % of 0.96 is 0.912,
 * first met at epoch 2 (the spike) but held only from epoch 6 */
static void test_epochs_to_95(void **s)
{
	static const double va[] = {0.2, 0.95, 0.5, 0.8, 0.85, 1.0, 0.96};
	struct epoch_record e[7];
	(void)s;
	memset(e, 0, sizeof e);
	for (size_t i = 0; i < 7; i++)
		e[i].val_acc = va[i];
	assert_int_equal(runfile_epochs_to_95(e, 7), 6);
	assert_int_equal(runfile_epochs_to_95(e, 1), 1);
	e[5].val_acc = 0.9; /* below 0.912: from epoch 7 only */
	assert_int_equal(runfile_epochs_to_95(e, 7), 7);
	for (size_t i = 0; i < 7; i++)
		e[i].val_acc = 0.5;
	assert_int_equal(runfile_epochs_to_95(e, 7), 1);
}

/* Four seeds of one batch size, one diverged: the statistics are the
 * other three's (0.5, 0.7, 0.6: mean 0.6, std 0.1, median 0.6); the
 * target's over the two that met it; one value has no std. */
static void test_aggregate(void **s)
{
	struct config c;
	struct summary_row r[4];
	struct aggregate_row o;
	double scratch[4];
	uint32_t seeds[4] = {0, 1, 2, 3};
	size_t bs[1] = {8};
	(void)s;
	memset(&c, 0, sizeof c);
	memset(r, 0, sizeof r);
	memcpy(c.name, "agg", 4);
	c.n_batch_sizes = 1;
	c.batch_sizes = bs;
	c.n_seeds = 4;
	c.seeds = seeds;
	for (size_t i = 0; i < 4; i++) {
		r[i].batch_size = 8;
		r[i].seed = seeds[i];
		r[i].status = i == 2 ? RUN_DIVERGED : RUN_OK;
		r[i].final_val_acc = (double[]){0.5, 0.7, 0.0, 0.6}[i];
		r[i].epochs_to_95 = (size_t[]){3, 5, 1, 4}[i];
		r[i].steps_to_target = (double[]){NAN, 40, 10, 20}[i];
		r[i].total_seconds = (double[]){1, 1, 1, 2}[i];
	}
	aggregate_row_of(&c, r, 0, scratch, &o);
	assert_string_equal(o.sweep, "agg");
	assert_int_equal(o.seeds, 4);
	assert_int_equal(o.diverged, 1);
	assert_true(fabs(o.stat[AGG_FINAL_VAL_ACC][AGG_MEAN] - 0.6) < 1e-15);
	assert_true(fabs(o.stat[AGG_FINAL_VAL_ACC][AGG_STD] - 0.1) < 1e-15);
	assert_true(o.stat[AGG_FINAL_VAL_ACC][AGG_MEDIAN] == 0.6);
	assert_true(o.stat[AGG_FINAL_VAL_ACC][AGG_MIN] == 0.5);
	assert_true(o.stat[AGG_FINAL_VAL_ACC][AGG_MAX] == 0.7);
	assert_true(o.stat[AGG_EPOCHS_TO_95][AGG_MEAN] == 4.0);
	assert_true(o.stat[AGG_EPOCHS_TO_95][AGG_MEDIAN] == 4.0);
	assert_true(fabs(o.stat[AGG_TOTAL_SECONDS][AGG_STD] - sqrt(1.0 / 3.0)) < 1e-15);
	/* the target: seeds 1 and 3 (seed 0 censored, seed 2 diverged) */
	assert_true(o.stat[AGG_STEPS_TO_TARGET][AGG_MEAN] == 30.0);
	assert_true(o.stat[AGG_STEPS_TO_TARGET][AGG_MEDIAN] == 30.0);
	assert_true(o.stat[AGG_STEPS_TO_TARGET][AGG_MIN] == 20.0);
	/* one seed: no std; every seed diverged: nothing */
	c.n_seeds = 1;
	aggregate_row_of(&c, r + 1, 0, scratch, &o);
	assert_true(o.stat[AGG_FINAL_VAL_ACC][AGG_MEAN] == 0.7);
	assert_true(isnan(o.stat[AGG_FINAL_VAL_ACC][AGG_STD]));
	aggregate_row_of(&c, r + 2, 0, scratch, &o);
	assert_int_equal(o.diverged, 1);
	assert_true(isnan(o.stat[AGG_FINAL_VAL_ACC][AGG_MEAN]));
	assert_true(isnan(o.stat[AGG_FINAL_VAL_ACC][AGG_MAX]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_optional),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_word),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_format_shortest),
		cmocka_unit_test(test_format_reference),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_atomic_full_disk),
		cmocka_unit_test(test_epochs_to_95),
		cmocka_unit_test(test_aggregate),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
