/* results.c: a finished sweep read back from disk (run.json and
 * summary.csv), checked for consistency.  Knows where the files are and
 * what compare needs of them; the CSV format is csv.c's and runfile.c's. */
#define _POSIX_C_SOURCE 200809L
#include "results.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"

#define RUN_JSON_MAX_BYTES (16u << 20)
#define MAX_FIELDS 4096

const cJSON *results_get(const struct results *r, const char *path)
{
	return json_get(r->run_json, path);
}

const struct summary_row *results_run(const struct results *r, size_t b, size_t s)
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

/* config.sweep.<key> as a malloc'd list of integers in [lo, hi], each
 * stored by put(list, i, value).  ST_OK, or ST_INPUT / ST_NOMEM with a
 * message. */
static enum status int_list(const struct results *r, const char *file, const char *key,
			    double lo, double hi, size_t elem, void **out, size_t *n,
			    char *err, size_t errsize)
{
	char path[64];
	const cJSON *a, *v;
	size_t i = 0;
	msgf(path, sizeof path, "config.sweep.%s", key);
	a = results_get(r, path);
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) < 1) {
		msgf(err, errsize, "%s: %s: expected a non-empty array of integers", file, path);
		return ST_INPUT;
	}
	*n = (size_t)cJSON_GetArraySize(a);
	if (!(*out = xcalloc(*n, elem))) {
		msgf(err, errsize, "%s: out of memory", file);
		return ST_NOMEM;
	}
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi ||
		    v->valuedouble != floor(v->valuedouble)) {
			msgf(err, errsize, "%s: %s[%zu]: expected an integer from %.0f to %.0f",
			     file, path, i, lo, hi);
			return ST_INPUT;
		}
		if (elem == sizeof(size_t))
			((size_t *)*out)[i++] = (size_t)v->valuedouble;
		else
			((uint32_t *)*out)[i++] = (uint32_t)v->valuedouble;
	}
	return ST_OK;
}

/* DIR/name into buf; ST_OK, or ST_INPUT when the path is too long. */
static enum status file_in(char *buf, size_t size, const struct results *r, const char *name,
			   char *err, size_t errsize)
{
	if (path_join(buf, size, r->dir, name) == 0)
		return ST_OK;
	msgf(err, errsize, "%s: path too long", r->dir);
	return ST_INPUT;
}

/* Read and check run.json. */
static enum status load_run_json(struct results *r, char *err, size_t errsize)
{
	char path[PATH_MAX], *text;
	struct stat st;
	const cJSON *complete;
	enum status s;

	if ((s = file_in(path, sizeof path, r, RUNFILE_RUN_JSON, err, errsize)) != ST_OK)
		return s;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT) {
			msgf(err, errsize, "%s: no run.json: not a bsweep results directory", r->dir);
			return ST_INPUT;
		}
		msgf(err, errsize, "%s: %s", path, strerror(errno));
		return ST_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		msgf(err, errsize, "%s: not a regular file", path);
		return ST_INPUT;
	}
	if ((s = read_file(path, RUN_JSON_MAX_BYTES, &text, NULL, err, errsize)) != ST_OK)
		return s;
	s = json_parse(text, &r->run_json, NULL);
	free(text);
	if (s != ST_OK) {
		msgf(err, errsize, "%s: %s", path, s == ST_NOMEM ? "out of memory" : "not valid JSON");
		return s;
	}
	r->config = cJSON_GetObjectItemCaseSensitive(r->run_json, "config");
	if (!cJSON_IsObject(r->run_json) || !cJSON_IsObject(r->config)) {
		msgf(err, errsize, "%s: no \"config\" object: not a bsweep run.json", path);
		return ST_INPUT;
	}
	/* absent in no run.json bsweep ever wrote, but harmless to accept */
	complete = cJSON_GetObjectItemCaseSensitive(r->run_json, "complete");
	if (cJSON_IsFalse(complete)) {
		msgf(err, errsize, "%s: incomplete sweep (run.json says \"complete\": false): "
		     "it is still running or was interrupted\n"
		     "hint: let it finish (or run bsweep again with the same config and -o %s) "
		     "before comparing", r->dir, r->dir);
		return ST_INPUT;
	}
	if ((s = int_list(r, path, "batch_sizes", 1, 2147483647.0, sizeof(size_t),
			  (void **)&r->batch_sizes, &r->n_batch, err, errsize)) != ST_OK)
		return s;
	return int_list(r, path, "seeds", 0, 4294967295.0, sizeof(uint32_t),
			(void **)&r->seeds, &r->n_seed, err, errsize);
}

/* From the header's fields: where[] for the summary table, -1 for the
 * columns compare does not read (RUNFILE_COMPARED) or the file lacks.
 * ST_OK, or ST_INPUT naming the missing columns. */
static enum status map_header(struct csv_reader *rd, long nf, long *where,
			      char *err, size_t errsize)
{
	const struct csv_table *t = &runfile_summary;
	char missing[256] = "";
	size_t n_missing = 0, used = 0;
	for (size_t c = 0; c < t->n_cols; c++) {
		where[c] = -1;
		if (!(t->cols[c].flags & RUNFILE_COMPARED))
			continue;
		for (long i = 0; i < nf && where[c] < 0; i++)
			if (strcmp(rd->field[i], t->cols[c].name) == 0)
				where[c] = i;
		if (where[c] >= 0)
			continue;
		if (t->cols[c].flags & RUNFILE_OPTIONAL)
			continue;
		if (used < sizeof missing)
			used += (size_t)snprintf(missing + used, sizeof missing - used, "%s'%s'",
						 n_missing ? ", " : "", t->cols[c].name);
		n_missing++;
	}
	if (!n_missing)
		return ST_OK;
	msgf(err, errsize, "%s: the header has no column%s %s", rd->path,
	     n_missing > 1 ? "s" : "", missing);
	return ST_INPUT;
}

/* Was the summary column at this offset in the file? */
static int present(const long *where, size_t offset)
{
	for (size_t c = 0; c < runfile_summary.n_cols; c++)
		if (runfile_summary.cols[c].offset == offset)
			return where[c] >= 0;
	return 0;
}

/* Put row into its cell of the grid.  ST_OK, or ST_INPUT with a message. */
static enum status place(struct results *r, unsigned char *seen, const struct summary_row *row,
			 const char *loc, char *err, size_t errsize)
{
	size_t b = 0, s = 0;
	while (b < r->n_batch && r->batch_sizes[b] != row->batch_size)
		b++;
	while (s < r->n_seed && r->seeds[s] != row->seed)
		s++;
	if (b == r->n_batch || s == r->n_seed) {
		msgf(err, errsize, "%s: batch_size %zu, seed %lu is not a run of the "
		     "config in run.json", loc, row->batch_size, (unsigned long)row->seed);
		return ST_INPUT;
	}
	if (seen[b * r->n_seed + s]) {
		msgf(err, errsize, "%s: a second row for batch_size %zu, seed %lu",
		     loc, row->batch_size, (unsigned long)row->seed);
		return ST_INPUT;
	}
	seen[b * r->n_seed + s] = 1;
	r->runs[b * r->n_seed + s] = *row;
	return ST_OK;
}

/* The rows after the header, into the grid. */
static enum status read_rows(struct results *r, struct csv_reader *rd, long nf,
			     const long *where, unsigned char *seen, char *err, size_t errsize)
{
	char loc[PATH_MAX + 32];
	long n;
	enum status s;
	while ((n = csv_next(rd)) > 0) {
		struct summary_row row = {.repeats = 1, .total_seconds_mad = 0};
		msgf(loc, sizeof loc, "%s:%zu", rd->path, rd->lineno);
		if (n != nf) {
			msgf(err, errsize, "%s: %ld fields, the header has %ld", loc, n, nf);
			return ST_INPUT;
		}
		if ((s = csv_read_row(&runfile_summary, rd->field, where, &row, loc, err, errsize)) != ST_OK)
			return s;
		/* files from before the repeat columns: one repeat */
		if (!present(where, offsetof(struct summary_row, total_seconds_min)))
			row.total_seconds_min = row.total_seconds;
		if (!present(where, offsetof(struct summary_row, total_seconds_max)))
			row.total_seconds_max = row.total_seconds;
		if (!(row.total_seconds_min <= row.total_seconds &&
		      row.total_seconds <= row.total_seconds_max)) {
			msgf(err, errsize, "%s: total_seconds is not between total_seconds_min and "
			     "total_seconds_max", loc);
			return ST_INPUT;
		}
		if ((s = place(r, seen, &row, loc, err, errsize)) != ST_OK)
			return s;
	}
	if (n < 0) {
		msgf(err, errsize, "%s: read error: %s", rd->path, strerror(errno));
		return ST_IO;
	}
	for (size_t i = 0; i < r->n_batch * r->n_seed; i++) {
		if (!seen[i]) {
			msgf(err, errsize, "%s: no row for batch_size %zu, seed %lu "
			     "(a run of the config in run.json)", rd->path,
			     r->batch_sizes[i / r->n_seed], (unsigned long)r->seeds[i % r->n_seed]);
			return ST_INPUT;
		}
	}
	return ST_OK;
}

/* Read summary.csv into the run grid. */
static enum status load_summary(struct results *r, char *err, size_t errsize)
{
	char path[PATH_MAX], name[32];
	struct csv_reader rd;
	struct stat st;
	long where[64], nf;
	unsigned char *seen = NULL;
	int missing;
	enum status s;

	msgf(name, sizeof name, "%s.csv", runfile_summary.name);
	if ((s = file_in(path, sizeof path, r, name, err, errsize)) != ST_OK)
		return s;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		msgf(err, errsize, "%s: not a regular file", path);
		return ST_INPUT;
	}
	if ((s = csv_open(&rd, path, MAX_FIELDS, &missing, err, errsize)) != ST_OK) {
		if (missing) {
			msgf(err, errsize, "%s: no summary.csv, although run.json says "
			     "the sweep completed", r->dir);
			return ST_INPUT;
		}
		return s;
	}
	/* the config's lists were checked to be non-empty and at most 2^31
	 * entries each (cJSON array sizes are int) */
	seen = xcalloc(r->n_batch * r->n_seed, 1);
	r->runs = xcalloc(r->n_batch * r->n_seed, sizeof *r->runs);
	if (!seen || !r->runs) {
		msgf(err, errsize, "%s: out of memory", path);
		s = ST_NOMEM;
	} else if ((nf = csv_next(&rd)) <= 0) {
		msgf(err, errsize, "%s: empty file (no header line)", path);
		s = ST_INPUT;
	} else if (nf > MAX_FIELDS) {
		msgf(err, errsize, "%s: more than %d columns", path, MAX_FIELDS);
		s = ST_INPUT;
	} else if ((s = map_header(&rd, nf, where, err, errsize)) == ST_OK) {
		s = read_rows(r, &rd, nf, where, seen, err, errsize);
	}
	csv_close(&rd);
	free(seen);
	return s;
}

enum status results_load(struct results *r, const char *dir, char *err, size_t errsize)
{
	struct stat st;
	enum status s;
	memset(r, 0, sizeof *r);
	r->dir = dir;
	if (stat(dir, &st) != 0) {
		int e = errno;
		msgf(err, errsize, "%s: %s", dir, e == ENOENT ? "no such directory" : strerror(e));
		return e == ENOENT || e == ENOTDIR ? ST_INPUT : ST_IO;
	}
	if (!S_ISDIR(st.st_mode)) {
		msgf(err, errsize, "%s: not a directory (expected a bsweep results directory)", dir);
		return ST_INPUT;
	}
	s = load_run_json(r, err, errsize);
	if (s == ST_OK)
		s = load_summary(r, err, errsize);
	if (s != ST_OK)
		results_free(r);
	return s;
}
