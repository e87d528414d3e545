/* results.c: a finished sweep read back from disk (run.json and
 * summary.csv), checked for consistency.  Knows the file formats, not what
 * the numbers mean. */
#define _POSIX_C_SOURCE 200809L
#include "results.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#define RUN_JSON_MAX_BYTES (16u << 20)
#define SUMMARY_MAX_BYTES ((size_t)1 << 30)

/* dir + "/" + name, without doubling a trailing slash of dir. */
static int path_join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n > INT_MAX)
		return -1;
	int k = snprintf(buf, size, "%.*s%s%s", (int)n, dir,
			 n && dir[n - 1] == '/' ? "" : "/", name);
	return k < 0 || (size_t)k >= size ? -1 : 0;
}

const cJSON *results_get(const struct results *r, const char *path)
{
	const cJSON *o = r->run_json;
	char key[64];
	while (o && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof key || !cJSON_IsObject(o))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (path[n] == '.');
	}
	return o;
}

const struct result_run *results_run(const struct results *r, size_t b, size_t s)
{
	return &r->runs[b * r->n_seed + s];
}

void results_free(struct results *r)
{
	cJSON_Delete(r->run_json);
	free(r->batch_sizes);
	free(r->seeds);
	free(r->runs);
	memset(r, 0, sizeof *r);
}

/* config.sweep.<key> as a malloc'd list of non-negative integers (at least
 * lo each).  Returns 0, or -1 with a message. */
static int int_list(const struct results *r, const char *file, const char *key,
		    double lo, unsigned long long **out, size_t *n,
		    char *err, size_t errsize)
{
	char path[64];
	const cJSON *a, *v;
	size_t i = 0;
	msgf(path, sizeof path, "config.sweep.%s", key);
	a = results_get(r, path);
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) < 1) {
		msgf(err, errsize, "%s: %s: expected a non-empty array of integers", file, path);
		return -1;
	}
	*n = (size_t)cJSON_GetArraySize(a);
	*out = xcalloc(*n, sizeof **out);
	if (!*out) {
		msgf(err, errsize, "%s: out of memory", file);
		return -1;
	}
	cJSON_ArrayForEach(v, a) {
		/* integers up to 2^53 are exact in a double */
		if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > 9007199254740992.0 ||
		    v->valuedouble != floor(v->valuedouble)) {
			msgf(err, errsize, "%s: %s[%zu]: expected an integer of at least %.0f",
			     file, path, i, lo);
			return -1;
		}
		(*out)[i++] = (unsigned long long)v->valuedouble;
	}
	return 0;
}

/* Read and check run.json.  Returns an exit code. */
static int load_run_json(struct results *r, char *err, size_t errsize)
{
	char path[PATH_MAX], *text;
	struct stat st;
	const cJSON *complete;
	size_t failures;

	if (path_join(path, sizeof path, r->dir, "run.json") != 0) {
		msgf(err, errsize, "%s: path too long", r->dir);
		return EXIT_USAGE;
	}
	if (stat(path, &st) != 0) {
		if (errno == ENOENT) {
			msgf(err, errsize, "%s: no run.json: not a bsweep results directory", r->dir);
			return EXIT_USAGE;
		}
		msgf(err, errsize, "%s: %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	if (!S_ISREG(st.st_mode)) {
		msgf(err, errsize, "%s: not a regular file", path);
		return EXIT_USAGE;
	}
	text = read_file(path, RUN_JSON_MAX_BYTES, NULL, err, errsize);
	if (!text)
		return EXIT_RUNTIME;
	failures = xalloc_failures();
	r->run_json = cJSON_Parse(text);
	free(text);
	if (!r->run_json && xalloc_failures() != failures) {
		msgf(err, errsize, "%s: out of memory", path);
		return EXIT_RUNTIME;
	}
	if (!r->run_json) {
		msgf(err, errsize, "%s: not valid JSON", path);
		return EXIT_USAGE;
	}
	r->config = cJSON_GetObjectItemCaseSensitive(r->run_json, "config");
	if (!cJSON_IsObject(r->run_json) || !cJSON_IsObject(r->config)) {
		msgf(err, errsize, "%s: no \"config\" object: not a bsweep run.json", path);
		return EXIT_USAGE;
	}
	/* absent in no run.json bsweep ever wrote, but harmless to accept */
	complete = cJSON_GetObjectItemCaseSensitive(r->run_json, "complete");
	if (cJSON_IsFalse(complete)) {
		msgf(err, errsize, "%s: incomplete sweep (run.json says \"complete\": false): "
		     "it is still running or was interrupted\n"
		     "hint: let it finish (or run bsweep again with the same config and -o %s) "
		     "before comparing", r->dir, r->dir);
		return EXIT_USAGE;
	}
	if (int_list(r, path, "batch_sizes", 1, &r->batch_sizes, &r->n_batch, err, errsize) != 0 ||
	    int_list(r, path, "seeds", 0, &r->seeds, &r->n_seed, err, errsize) != 0)
		return strstr(err, "out of memory") ? EXIT_RUNTIME : EXIT_USAGE;
	return EXIT_OK;
}

/* Remove blanks, a CR and double quotes around a field, in place. */
static char *clean(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '"')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

/* Split line at commas in place into at most max fields; returns the
 * number of fields (max + 1 when there are more). */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (;;) {
		char *c = strchr(line, ',');
		if (n == max)
			return max + 1;
		if (c)
			*c = '\0';
		f[n++] = clean(line);
		if (!c)
			return n;
		line = c + 1;
	}
}

static int parse_ull(const char *s, unsigned long long *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int parse_double(const char *s, double *out)
{
	char *end;
	if (!*s)
		return -1;
	*out = strtod(s, &end);
	return *end ? -1 : 0;
}

enum col { C_BATCH, C_SEED, C_STATUS, C_ACC, C_LOSS, C_TIME, /* required */
	   C_REPEATS, C_MIN, C_MAX, C_MAD, N_COLS };
#define N_REQUIRED C_REPEATS
static const char *const col_names[N_COLS] = {
	"batch_size", "seed", "status", "final_val_acc", "final_val_loss",
	"total_seconds", "repeats", "total_seconds_min", "total_seconds_max",
	"total_seconds_mad"};

/* The header: where each column is (-1 absent).  Returns an exit code. */
static int read_header(char *line, const char *path, long *where, size_t *nf,
		       char **f, size_t max, char *err, size_t errsize)
{
	char missing[256] = "";
	size_t n_missing = 0, used = 0;
	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte-order mark */
		line += 3;
	*nf = split(line, f, max);
	if (*nf > max) {
		msgf(err, errsize, "%s: more than %zu columns", path, max);
		return EXIT_USAGE;
	}
	for (int c = 0; c < N_COLS; c++) {
		where[c] = -1;
		for (size_t i = 0; i < *nf && where[c] < 0; i++)
			if (strcmp(f[i], col_names[c]) == 0)
				where[c] = (long)i;
		if (c < N_REQUIRED && where[c] < 0 && used < sizeof missing) {
			used += (size_t)snprintf(missing + used, sizeof missing - used, "%s'%s'",
						 n_missing ? ", " : "", col_names[c]);
			n_missing++;
		}
	}
	if (n_missing) {
		msgf(err, errsize, "%s: the header has no column%s %s", path,
		     n_missing > 1 ? "s" : "", missing);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Fill run from the fields of one row.  Returns 0, or -1 with a message. */
static int read_row(struct result_run *run, char **f, const long *where,
		    const char *where_msg, char *err, size_t errsize)
{
	double *dst[N_COLS] = {0};
	const char *bad = NULL;
	int c;
	dst[C_ACC] = &run->final_val_acc;
	dst[C_LOSS] = &run->final_val_loss;
	dst[C_TIME] = &run->seconds;
	dst[C_MIN] = &run->seconds_min;
	dst[C_MAX] = &run->seconds_max;
	dst[C_MAD] = &run->seconds_mad;
	if (parse_ull(f[where[C_BATCH]], &run->batch_size) != 0 || run->batch_size == 0)
		c = C_BATCH, bad = "a positive integer";
	else if (parse_ull(f[where[C_SEED]], &run->seed) != 0)
		c = C_SEED, bad = "a non-negative integer";
	else {
		for (c = 0; c < N_COLS && !bad; c++) {
			if (!dst[c] || where[c] < 0)
				continue;
			if (parse_double(f[where[c]], dst[c]) != 0)
				bad = "a number";
			else if (c >= C_TIME && !(isfinite(*dst[c]) && *dst[c] >= 0))
				bad = "a finite number >= 0";
		}
		c--;
	}
	if (!bad) {
		unsigned long long rep = 1;
		if (where[C_REPEATS] >= 0 &&
		    (parse_ull(f[where[C_REPEATS]], &rep) != 0 || rep < 1 || rep > LONG_MAX))
			c = C_REPEATS, bad = "a positive integer";
		run->repeats = (long)rep;
	}
	if (bad) {
		msgf(err, errsize, "%s: %s: expected %s, found '%s'", where_msg,
		     col_names[c], bad, f[where[c]]);
		return -1;
	}
	msgf(run->status, sizeof run->status, "%s", f[where[C_STATUS]]);
	run->ok = strcmp(run->status, "ok") == 0;
	if (where[C_MIN] < 0)
		run->seconds_min = run->seconds;
	if (where[C_MAX] < 0)
		run->seconds_max = run->seconds;
	if (where[C_MAD] < 0)
		run->seconds_mad = 0;
	return 0;
}

static size_t find(const unsigned long long *v, size_t n, unsigned long long x)
{
	size_t i = 0;
	while (i < n && v[i] != x)
		i++;
	return i;
}

/* Read summary.csv into the run grid.  Returns an exit code. */
static int load_summary(struct results *r, char *err, size_t errsize)
{
	enum { MAX_FIELDS = 4096 };
	char path[PATH_MAX], where_msg[PATH_MAX + 32], *text = NULL, *line, *next;
	char **f = NULL;
	unsigned char *seen = NULL;
	long where[N_COLS];
	size_t nf, lineno = 1, cells;
	struct stat st;
	int rc = EXIT_USAGE;

	if (path_join(path, sizeof path, r->dir, "summary.csv") != 0) {
		msgf(err, errsize, "%s: path too long", r->dir);
		return EXIT_USAGE;
	}
	if (stat(path, &st) != 0) {
		if (errno == ENOENT) {
			msgf(err, errsize, "%s: no summary.csv, although run.json says "
			     "the sweep completed", r->dir);
			return EXIT_USAGE;
		}
	} else if (!S_ISREG(st.st_mode)) {
		msgf(err, errsize, "%s: not a regular file", path);
		return EXIT_USAGE;
	}
	text = read_file(path, SUMMARY_MAX_BYTES, NULL, err, errsize);
	if (!text)
		return EXIT_RUNTIME;
	/* the config's lists were checked to be non-empty and at most 2^31
	 * entries each (cJSON array sizes are int) */
	cells = r->n_batch * r->n_seed;
	f = xcalloc(MAX_FIELDS + 1, sizeof *f);
	seen = xcalloc(cells, 1);
	r->runs = xcalloc(cells, sizeof *r->runs);
	if (!f || !seen || !r->runs) {
		msgf(err, errsize, "%s: out of memory", path);
		rc = EXIT_RUNTIME;
		goto out;
	}
	line = text;
	next = strchr(line, '\n');
	if (next)
		*next++ = '\0';
	if (!*clean(line)) {
		msgf(err, errsize, "%s: empty file (no header line)", path);
		goto out;
	}
	if (read_header(line, path, where, &nf, f, MAX_FIELDS, err, errsize) != EXIT_OK)
		goto out;
	for (line = next; line && *line; line = next) {
		struct result_run run;
		size_t n, b, s;
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*clean(line))
			continue;
		msgf(where_msg, sizeof where_msg, "%s:%zu", path, lineno);
		n = split(line, f, MAX_FIELDS);
		if (n != nf) {
			msgf(err, errsize, "%s: %zu fields, the header has %zu", where_msg, n, nf);
			goto out;
		}
		if (read_row(&run, f, where, where_msg, err, errsize) != 0)
			goto out;
		b = find(r->batch_sizes, r->n_batch, run.batch_size);
		s = find(r->seeds, r->n_seed, run.seed);
		if (b == r->n_batch || s == r->n_seed) {
			msgf(err, errsize, "%s: batch_size %llu, seed %llu is not a run of the "
			     "config in run.json", where_msg, run.batch_size, run.seed);
			goto out;
		}
		if (seen[b * r->n_seed + s]) {
			msgf(err, errsize, "%s: a second row for batch_size %llu, seed %llu",
			     where_msg, run.batch_size, run.seed);
			goto out;
		}
		seen[b * r->n_seed + s] = 1;
		r->runs[b * r->n_seed + s] = run;
	}
	for (size_t i = 0; i < cells; i++) {
		if (!seen[i]) {
			msgf(err, errsize, "%s: no row for batch_size %llu, seed %llu "
			     "(a run of the config in run.json)", path,
			     r->batch_sizes[i / r->n_seed], r->seeds[i % r->n_seed]);
			goto out;
		}
	}
	r->has_repeat_columns = where[C_REPEATS] >= 0 && where[C_MIN] >= 0 &&
				where[C_MAX] >= 0 && where[C_MAD] >= 0;
	rc = EXIT_OK;
out:
	free(text);
	free(f);
	free(seen);
	return rc;
}

int results_load(struct results *r, const char *dir, char *err, size_t errsize)
{
	struct stat st;
	int rc;
	memset(r, 0, sizeof *r);
	r->dir = dir;
	if (stat(dir, &st) != 0) {
		int e = errno;
		msgf(err, errsize, "%s: %s", dir, e == ENOENT ? "no such directory" : strerror(e));
		return e == ENOENT || e == ENOTDIR ? EXIT_USAGE : EXIT_RUNTIME;
	}
	if (!S_ISDIR(st.st_mode)) {
		msgf(err, errsize, "%s: not a directory (expected a bsweep results directory)", dir);
		return EXIT_USAGE;
	}
	rc = load_run_json(r, err, errsize);
	if (rc == EXIT_OK)
		rc = load_summary(r, err, errsize);
	if (rc != EXIT_OK)
		results_free(r);
	return rc;
}
