/* test_config.c: what a config's text means, beyond cJSON's doubles and
 * C strings (jsonsrc.c), and the float32 backstop of the data.
 *   - jsonsrc_integer reads a literal's exact value: integers in any form,
 *     fractions however small, magnitudes past 2^53 and 2^64;
 *   - jsonsrc_init pairs every number item with its literal, in document
 *     order, through strings, keys, escapes, blanks and a BOM, and refuses
 *     a tree that was not parsed from the text;
 *   - jsonsrc_nul finds each escape cJSON decodes to NUL (and only those),
 *     jsonsrc_path names its place, json_parse refuses it;
 *   - config_parse judges every integer key from its literal, and so does
 *     config_parse_with for a value given as an override (--set);
 *   - data_generate refuses data that do not fit float32. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "data.h"
#include "json.h"
#include "jsonsrc.h"
#include "util.h"

static void test_integer(void **state)
{
	static const struct {
		const char *lit;
		int rc, neg;
		uint64_t mag;
	} cases[] = {
		{"0", 0, 0, 0}, {"-0", 0, 0, 0}, {"-0.0", 0, 0, 0}, {"0e999", 0, 0, 0},
		{"-0e-99999999999999999999", 0, 0, 0}, {"000", 0, 0, 0}, {"0.", 0, 0, 0},
		{"7", 0, 0, 7}, {"-7", 0, 1, 7}, {"007", 0, 0, 7}, {"7.", 0, 0, 7},
		{"1000", 0, 0, 1000}, {"1000.0", 0, 0, 1000}, {"1e3", 0, 0, 1000},
		{"1E+3", 0, 0, 1000}, {"0.1e4", 0, 0, 1000}, {"100000e-2", 0, 0, 1000},
		{"1000.000000000000000000000000000000", 0, 0, 1000},
		{"4294967295", 0, 0, 4294967295u}, {"4294967295.000", 0, 0, 4294967295u},
		{"9007199254740993", 0, 0, 9007199254740993u},
		{"18446744073709551615", 0, 0, UINT64_MAX},
		{"18446744073709551614", 0, 0, UINT64_MAX - 1},
		{"18446744073709551616", 0, 0, UINT64_MAX},       /* saturated */
		{"123456789012345678901234567890", 0, 0, UINT64_MAX},
		{"1e19", 0, 0, 10000000000000000000u}, {"1e20", 0, 0, UINT64_MAX},
		{"1e400", 0, 0, UINT64_MAX}, {"1e999999999999999999999", 0, 0, UINT64_MAX},
		{"-1e400", 0, 1, UINT64_MAX},
		{"1000.0000000000000001", -1, 0, 0}, {"4294967295.00000001", -1, 0, 0},
		{"0.5", -1, 0, 0}, {"-.5", -1, 0, 0}, {".5", -1, 0, 0}, {"5e-1", -1, 0, 0},
		{"1e-400", -1, 0, 0}, {"-1e-400", -1, 0, 0}, {"1.000000000000000001e2", -1, 0, 0},
		{"12345e-4", -1, 0, 0}, {"1e-999999999999999999999", -1, 0, 0},
		/* not literals at all */
		{"", -1, 0, 0}, {"-", -1, 0, 0}, {".", -1, 0, 0}, {"1e", -1, 0, 0},
		{"1e+", -1, 0, 0}, {"e5", -1, 0, 0}, {"1-2", -1, 0, 0}, {"1.2.3", -1, 0, 0},
		{"+1", -1, 0, 0}, {"--1", -1, 0, 0}, {"1x", -1, 0, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int neg = -1;
		uint64_t mag = 42;
		int rc = jsonsrc_integer(cases[i].lit, strlen(cases[i].lit), &neg, &mag);
		if (rc != cases[i].rc || (rc == 0 && (neg != cases[i].neg || mag != cases[i].mag)))
			fail_msg("%s: rc %d neg %d mag %llu, expected rc %d neg %d mag %llu",
				 cases[i].lit, rc, neg, (unsigned long long)mag, cases[i].rc,
				 cases[i].neg, (unsigned long long)cases[i].mag);
	}
	/* the length bounds the literal: nothing after it is read */
	{
		int neg;
		uint64_t mag;
		assert_int_equal(jsonsrc_integer("12.5", 2, &neg, &mag), 0);
		assert_int_equal(mag, 12);
	}
}

/* Every number of text, by its literal, in document order (preorder). */
static void collect(const struct jsonsrc *s, const cJSON *v, char *out, size_t size)
{
	size_t len;
	const char *lit;
	if (cJSON_IsNumber(v)) {
		assert_non_null(lit = jsonsrc_literal(s, v, &len));
		/* cJSON read the same characters */
		{
			char buf[256];
			assert_true(len < sizeof buf);
			memcpy(buf, lit, len);
			buf[len] = '\0';
			assert_true(strtod(buf, NULL) == v->valuedouble ||
				    (isnan(v->valuedouble) && isnan(strtod(buf, NULL))));
		}
		msgf(out + strlen(out), size - strlen(out), "%s%.*s", *out ? " " : "",
		     (int)len, lit);
	} else {
		assert_null(jsonsrc_literal(s, v, &len));
	}
	for (const cJSON *c = (cJSON_IsArray(v) || cJSON_IsObject(v)) ? v->child : NULL; c;
	     c = c->next)
		collect(s, c, out, size);
}

static void test_pairing(void **state)
{
	static const struct {
		const char *text, *literals;
	} cases[] = {
		{"1", "1"},
		{"  -0.0e+0  ", "-0.0e+0"},
		{"{}", ""},
		{"[]", ""},
		{"{\"a\": 1, \"b\": [2, 3.5, {\"c\": -4e2}], \"d\": 5}", "1 2 3.5 -4e2 5"},
		/* numbers inside strings and keys are not numbers */
		{"{\"12\": \"34\", \"x\": 56, \"7 8\": [\"9\", 10]}", "56 10"},
		/* escaped quotes and backslashes do not end a string */
		{"{\"a\\\"1\": \"\\\\\", \"b\": 2, \"c\\\\\": \"\\\"3\\\"\", \"d\": 4}", "2 4"},
		/* any byte up to 32 is a blank to cJSON; a leading BOM is skipped */
		{"\xef\xbb\xbf{\"a\":\x01\x1f" "1,\x7f\"b\":2}", NULL},
		{"\xef\xbb\xbf[1,\x01\x1f" "2\t,\n3\r]", "1 2 3"},
		/* strtod's extras that cJSON accepts */
		{"[01, 1., -.5, 1E3, 0009.9000]", "01 1. -.5 1E3 0009.9000"},
		{"[true, false, null, 1e999, -1e999, 9007199254740993]",
		 "1e999 -1e999 9007199254740993"},
		{"[[[[[[1]]]]], [[2], [[3]]]]", "1 2 3"},
		{"{\"a\": {\"a\": {\"a\": 1}}, \"a\": 2}", "1 2"},
		{"[\"\\u00e9\\ud83d\\ude00\", 1, \"\xc3\xa9\", 2]", "1 2"},
	};
	(void)state;
	json_init();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *root = NULL;
		struct jsonsrc s;
		char got[512] = "";
		enum status st = json_parse(cases[i].text, &root, NULL);
		if (!cases[i].literals) {
			/* 0x7f is not a blank: cJSON refuses */
			assert_int_equal(st, ST_INPUT);
			continue;
		}
		if (st != ST_OK)
			fail_msg("case %zu does not parse", i);
		assert_int_equal(jsonsrc_init(&s, cases[i].text, root), ST_OK);
		collect(&s, root, got, sizeof got);
		if (strcmp(got, cases[i].literals) != 0)
			fail_msg("case %zu: literals \"%s\", expected \"%s\"", i, got, cases[i].literals);
		jsonsrc_free(&s);
		cJSON_Delete(root);
	}
	/* a tree from another text is refused, not paired at random */
	{
		static const char *const pairs[][2] = {
			{"[1, 2]", "[1, 2, 3]"}, {"[1, 2]", "[1, \"2\"]"}, {"{\"a\": 1}", "[1]"},
			{"{\"a\": 1}", "{\"a\": 1, \"b\": 2}"}, {"[[1]]", "[1]"},
		};
		for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
			cJSON *root = NULL;
			struct jsonsrc s;
			assert_int_equal(json_parse(pairs[i][0], &root, NULL), ST_OK);
			assert_int_equal(jsonsrc_init(&s, pairs[i][1], root), ST_INPUT);
			assert_null(s.num);
			cJSON_Delete(root);
		}
	}
}

static void test_nul(void **state)
{
	static const struct {
		const char *text;
		long at;         /* the escape's offset, -1: none */
		const char *path;
		int key;
	} cases[] = {
		{"{\"name\": \"a\\u0000b\"}", 11, "name", 0},
		{"{\"a\": [1, {\"b\": [\"x\", \"\\u0000\"]}]}", 23, "a[1].b[1]", 0},
		{"{\"ke\\u0000y\": 1}", 4, "[\"ke\\u0000y\"]", 1},
		{"{\"a\": {\"k\\u0000\": {}}}", 9, "a[\"k\\u0000\"]", 1},
		/* a key that is not a plain name, in brackets: a grid's has dots */
		{"{\"g\": {\"t.lr\": [\"\\u0000\"]}}", 17, "g[\"t.lr\"][0]", 0},
		{"[\"\\u0000\"]", 2, "[0]", 0},
		{"\"\\u0000\"", 1, "", 0},
		/* cJSON reads \u with a non-hex digit as 0 */
		{"{\"n\": \"\\u00zz\"}", 7, "n", 0},
		{"{\"n\": \"\\uZZZZ\"}", 7, "n", 0},
		{"{\"n\": \"\\u\\\\00\"}", 7, "n", 0},
		/* escapes that are not NUL */
		{"{\"n\": \"\\\\u0000\"}", -1, NULL, 0},
		{"{\"n\": \"\\\\\\\\u0000\"}", -1, NULL, 0},
		{"{\"n\": \"\\u0001\\u0100\\uffff\"}", -1, NULL, 0},
		{"{\"n\": \"\\ud83d\\ude00\"}", -1, NULL, 0},
		{"{\"n\": \"\\\"\\u0000\"}", 9, "n", 0},
		{"{\"n\": \"\\ud83d\\ude00\\u0000\"}", 19, "n", 0},
		{"{\"n\": \"u0000\"}", -1, NULL, 0},
		{"{\"n\": 0}", -1, NULL, 0},
	};
	(void)state;
	json_init();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *t = cases[i].text, *end = NULL;
		size_t at = jsonsrc_nul(t), tok_off = 0, tok_len = 0;
		cJSON *root = NULL;
		char path[64];
		if (cases[i].at < 0 ? at != SIZE_MAX : at != (size_t)cases[i].at)
			fail_msg("%s: NUL escape at %lld, expected %ld", t,
				 at == SIZE_MAX ? -1LL : (long long)at, cases[i].at);
		if (cases[i].at < 0) {
			assert_int_equal(json_parse(t, &root, NULL), ST_OK);
			cJSON_Delete(root);
			continue;
		}
		assert_int_equal(json_parse(t, &root, &end), ST_INPUT);
		assert_null(root);
		assert_ptr_equal(end, t + at);
		assert_int_equal(jsonsrc_path(t, at, path, sizeof path, &tok_off, &tok_len),
				 cases[i].key);
		assert_string_equal(path, cases[i].path);
		assert_int_equal(t[tok_off], '"');
		assert_int_equal(t[tok_off + tok_len - 1], '"');
		assert_true(tok_off < at && at < tok_off + tok_len);
	}
}

static void test_path(void **state)
{
	static const char text[] = "{\"a\": 1, \"b\": [10, [20, 30], {\"c\": true}], \"d\": {}}";
	static const struct {
		const char *at;  /* the first occurrence in text */
		const char *path;
		int key;
	} cases[] = {
		{"{", "", 0}, {"\"a\"", "a", 1}, {"1", "a", 0}, {"10", "b[0]", 0},
		{"[20", "b[1]", 0}, {"30", "b[1][1]", 0}, {"\"c\"", "b[2].c", 1},
		{"true", "b[2].c", 0}, {"{}", "d", 0},
	};
	char path[64];
	size_t off, len;
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t at = (size_t)(strstr(text, cases[i].at) - text);
		assert_int_equal(jsonsrc_path(text, at, path, sizeof path, &off, &len), cases[i].key);
		assert_string_equal(path, cases[i].path);
		assert_int_equal(off, at);
	}
	/* blanks and punctuation are in no value */
	assert_int_equal(jsonsrc_path(text, 5, path, sizeof path, &off, &len), -1);
	assert_string_equal(path, "");
	/* cut to fit, still terminated */
	assert_int_equal(jsonsrc_path(text, (size_t)(strstr(text, "30") - text), path, 4,
				      &off, &len), 0);
	assert_string_equal(path, "b[1");
}

/* Each integer key, and a value in its range: [] around it for arrays. */
static const struct {
	const char *section, *key, *value;
	int array;
} int_keys[] = {
	{"data", "n_samples", "1000", 0}, {"data", "centers", "3", 0},
	{"data", "n_features", "2", 0}, {"data", "random_state", "7", 0},
	{"data", "n_train", "500", 0}, {"model", "hidden", "50", 1},
	{"train", "epochs", "100", 0}, {"sweep", "batch_sizes", "32", 1},
	{"sweep", "seeds", "9", 1}, {"timing", "repeats", "3", 0},
	{"timing", "warmup", "1", 0},
};

static enum status parse_int(size_t k, const char *lit, struct config *c, char *err,
			     size_t errsize)
{
	char text[300];
	msgf(text, sizeof text, "{\"%s\": {\"%s\": %s%s%s}}", int_keys[k].section,
	     int_keys[k].key, int_keys[k].array ? "[" : "", lit, int_keys[k].array ? "]" : "");
	return config_parse(c, "t.json", text, strlen(text), err, errsize);
}

/* The same value given as an override (--set SECTION.KEY=LIT) of a
 * config that has another: its literal is judged as in a file. */
static enum status parse_int_set(size_t k, const char *lit, struct config *c, char *err,
				 size_t errsize)
{
	static const char text[] = "{\"data\": {\"n_samples\": 1000}, \"train\": {\"epochs\": 7}}";
	char set[300], *sets[2] = {"train.epochs=8", set};
	msgf(set, sizeof set, "%s.%s=%s%s%s", int_keys[k].section, int_keys[k].key,
	     int_keys[k].array ? "[" : "", lit, int_keys[k].array ? "]" : "");
	return config_parse_with(c, "t.json", text, strlen(text), sets, 2, err, errsize);
}

static size_t int_value(size_t k, const struct config *c)
{
	const char *key = int_keys[k].key;
	if (!strcmp(key, "n_samples")) return c->n_samples;
	if (!strcmp(key, "centers")) return c->centers;
	if (!strcmp(key, "n_features")) return c->n_features;
	if (!strcmp(key, "random_state")) return c->random_state;
	if (!strcmp(key, "n_train")) return c->n_train;
	if (!strcmp(key, "hidden")) return c->hidden[0];
	if (!strcmp(key, "epochs")) return c->epochs;
	if (!strcmp(key, "batch_sizes")) return c->batch_sizes[0];
	if (!strcmp(key, "seeds")) return c->seeds[0];
	if (!strcmp(key, "repeats")) return c->repeats;
	return c->warmup;
}

static void test_config_integers(void **state)
{
	/* forms of value v that are v exactly ("%s" is v's digits) */
	static const char *const same[] = {"%s", "%s.0", "%s.000000000000000000000000", "%se0",
		"%s0e-1", "%s00000e-5", "0%s", "%sE+0"};
	/* forms that are not integers, or not v: their doubles mostly are */
	static const char *const other[] = {"%s.0000000000000000001", "%s.00000000000000000000000000001",
		"%s.5", "%s1e-1", "%s0000000000000000000000000000001e-30", "%s.0000000000000000001e0",
		"%s9007199254740993", "18446744073709551617%s", "-%s", "%s.1e-20"};
	char lit[100], err[512];
	struct config c;
	(void)state;
	json_init();
	for (size_t k = 0; k < sizeof int_keys / sizeof int_keys[0]; k++) {
		const char *v = int_keys[k].value;
		for (size_t f = 0; f < sizeof same / sizeof same[0]; f++) {
			msgf(lit, sizeof lit, same[f], v);
			if (parse_int(k, lit, &c, err, sizeof err) != ST_OK)
				fail_msg("%s.%s: %s refused: %s", int_keys[k].section, int_keys[k].key, lit, err);
			assert_int_equal(int_value(k, &c), strtoull(v, NULL, 10));
			config_free(&c);
			if (parse_int_set(k, lit, &c, err, sizeof err) != ST_OK)
				fail_msg("--set %s.%s=%s refused: %s", int_keys[k].section, int_keys[k].key, lit, err);
			assert_int_equal(int_value(k, &c), strtoull(v, NULL, 10));
			if (strcmp(int_keys[k].key, "epochs") != 0)
				assert_int_equal(c.epochs, 8); /* the first override */
			config_free(&c);
		}
		for (size_t f = 0; f < sizeof other / sizeof other[0]; f++) {
			char want[200];
			msgf(lit, sizeof lit, other[f], v);
			if (parse_int(k, lit, &c, err, sizeof err) != ST_INPUT)
				fail_msg("%s.%s: %s accepted", int_keys[k].section, int_keys[k].key, lit);
			/* the message quotes the literal as written */
			msgf(want, sizeof want, ", found %s", lit);
			if (!strstr(err, want))
				fail_msg("%s.%s: %s: message \"%s\"", int_keys[k].section,
					 int_keys[k].key, lit, err);
			/* as an override: refused, the option named */
			if (parse_int_set(k, lit, &c, err, sizeof err) != ST_INPUT)
				fail_msg("--set %s.%s=%s accepted", int_keys[k].section, int_keys[k].key, lit);
			msgf(want, sizeof want, "--set %s.%s=", int_keys[k].section, int_keys[k].key);
			if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, lit))
				fail_msg("--set %s.%s=%s: message \"%s\"", int_keys[k].section,
					 int_keys[k].key, lit, err);
		}
	}
}

static void test_data_float32(void **state)
{
	static const struct {
		double low, high, std;
		int fits;
	} cases[] = {
		/* the config's bounds: every value fits */
		{-1e38, 1e38, 0, 1}, {-1e38, 1e38, 1e37, 1}, {-10, 10, 1e37, 1},
		/* beyond them (not reachable through config_parse) */
		{-1e300, 1e300, 2, 0}, {-10, 10, 1e308, 0}, {3.3e38, 3.4e38, 1e37, 0},
		{-3.5e38, -3.4e38, 1, 0},
	};
	char err[512];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct config c;
		struct dataset ds;
		enum status st;
		assert_int_equal(config_defaults(&c), ST_OK);
		c.n_samples = 200;
		c.center_box[0] = cases[i].low;
		c.center_box[1] = cases[i].high;
		c.cluster_std = cases[i].std;
		err[0] = '\0';
		st = data_generate(&ds, &c, err, sizeof err);
		if (cases[i].fits) {
			if (st != ST_OK)
				fail_msg("case %zu refused: %s", i, err);
			for (size_t j = 0; j < ds.n * ds.d; j++)
				assert_true(isfinite(ds.x[j]));
			data_free(&ds);
		} else {
			if (st != ST_INPUT)
				fail_msg("case %zu: status %d, expected ST_INPUT", i, (int)st);
			assert_non_null(strstr(err, "do not fit float32"));
			assert_non_null(strstr(err, "data.center_box or data.cluster_std"));
			assert_null(ds.x);
			assert_null(ds.x64);
		}
		config_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer),
		cmocka_unit_test(test_pairing),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_config_integers),
		cmocka_unit_test(test_data_float32),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
