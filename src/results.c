/* results.c: a finished sweep read back from disk (run.json and
 * summary.csv), checked for consistency.  Knows where the files are and
 * what compare needs of them; the config is config.c's (config_parse), the
 * CSV format csv.c's and runfile.c's. */
#define _POSIX_C_SOURCE 200809L
#include "results.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data.h"
#include "json.h"

#define RUN_JSON_MAX_BYTES (16u << 20)
#define MAX_FIELDS 4096

const cJSON *results_get(const struct results *r, const char *path)
{
	return json_get(r->run_json, path);
}

/* Index of run (b, p, s) in r->runs: batch major, then point, then seed
 * (the order of config_run). */
static size_t run_index(const struct config *c, size_t b, size_t p, size_t s)
{
	return (b * config_points(c) + p) * c->n_seeds + s;
}

const struct summary_row *results_run(const struct results *r, size_t b, size_t p, size_t s)
{
	return &r->runs[run_index(&r->cfg, b, p, s)];
}

void results_run_name(const struct results *r, const struct summary_row *row,
		      char *buf, size_t size)
{
	size_t n;
	msgf(buf, size, "batch_size %zu", row->batch_size);
	for (size_t a = 0; a < r->cfg.n_grid; a++) {
		char v[64];
		config_grid_text(&r->cfg, a, (size_t)row->grid[a], v, sizeof v);
		n = strlen(buf);
		msgf(buf + n, size - n, ", %s %s", r->cfg.grid[a].path, v);
	}
	n = strlen(buf);
	msgf(buf + n, size - n, ", seed %lu", (unsigned long)row->seed);
}

void results_free(struct results *r)
{
	cJSON_Delete(r->run_json);
	cJSON_Delete(r->resolved);
	config_free(&r->cfg);
	runfile_tables_free(&r->tables);
	free(r->runs);
	memset(r, 0, sizeof *r);
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

/* A CSV dataset's shape is not in the config but in run.json's
 * "data_source" (report.c), which gives it back to the config, or, before
 * a sweep has read its data, in the files. */
static enum status csv_shape(struct results *r, const char *path, char *err, size_t errsize)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(r->run_json, "data_source");
	const cJSON *files = cJSON_GetObjectItemCaseSensitive(src, "files");
	const cJSON *ntr = cJSON_GetObjectItemCaseSensitive(src, "n_train");
	const cJSON *nf = cJSON_GetObjectItemCaseSensitive(src, "n_features");
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(src, "classes"), *f;
	double n = 0;
	if (!src)
		/* a run.json written before the data were read (a shard's, at
		 * its start): the shape from the files themselves */
		return data_resolve(&r->cfg, path, SIZE_MAX, err, errsize);
	cJSON_ArrayForEach(f, files) {
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(f, "rows");
		n += cJSON_IsNumber(rows) ? rows->valuedouble : -1e300;
	}
	if (!cJSON_IsNumber(ntr) || !cJSON_IsNumber(nf) || !cJSON_IsArray(cls) ||
	    !(ntr->valuedouble >= 1 && ntr->valuedouble < n && n <= 1e8) ||
	    !(nf->valuedouble >= 1 && nf->valuedouble <= 1e8) || cJSON_GetArraySize(cls) < 2) {
		msgf(err, errsize, "%s: data_source: expected the CSV dataset's files with their rows, n_train, n_features and classes, found %s",
		     path, src ? "other values" : "nothing");
		return ST_INPUT;
	}
	return config_set_shape(&r->cfg, path, (size_t)n, (size_t)ntr->valuedouble,
				(size_t)nf->valuedouble, (size_t)cJSON_GetArraySize(cls), err, errsize);
}

/* run.json's "config" object into r->cfg: printed back to text exactly
 * (json_print_exact) and parsed by config_parse, which validates it as it
 * would a config file (messages "DIR/run.json: config: sweep.seeds[1]: ...") and fills in the
 * keys a run.json written before they existed lacks.  Then r->resolved
 * (cfg as JSON again) and cfg's tables. */
static enum status load_config(struct results *r, const char *path, char *err, size_t errsize)
{
	char name[PATH_MAX + 16], *text;
	enum status s;

	if (!(text = json_print_exact(r->config))) {
		msgf(err, errsize, "%s: out of memory", path);
		return ST_NOMEM;
	}
	msgf(name, sizeof name, "%s: config", path);
	s = config_parse(&r->cfg, name, text, strlen(text), err, errsize);
	free(text);
	if (s != ST_OK)
		return s;
	if (r->cfg.generator == GEN_CSV && (s = csv_shape(r, path, err, errsize)) != ST_OK) {
		config_free(&r->cfg);
		return s;
	}
	if (!(text = config_to_json(&r->cfg))) {
		msgf(err, errsize, "%s: out of memory", path);
		return ST_NOMEM;
	}
	s = json_parse(text, &r->resolved, NULL);
	free(text);
	if (s == ST_OK)
		s = runfile_tables_init(&r->tables, &r->cfg);
	if (s != ST_OK)
		msgf(err, errsize, "%s: %s", path, s == ST_NOMEM ? "out of memory" :
		     "internal error: the resolved config is not JSON (please report this)");
	return s;
}

/* Read and check run.json; with want_complete, refuse an incomplete
 * sweep's. */
static enum status load_run_json(struct results *r, int want_complete, char *err,
				 size_t errsize)
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
	if (complete && !cJSON_IsBool(complete)) {
		char *t = json_print_exact(complete), found[64];
		if (!t)
			return ST_NOMEM;
		fmt_text(found, sizeof found, t, strlen(t), 40, 0);
		free(t);
		msgf(err, errsize, "%s: \"complete\": expected true or false, found %s", path, found);
		return ST_INPUT;
	}
	if (want_complete && cJSON_IsFalse(complete)) {
		msgf(err, errsize, "%s: incomplete sweep (run.json says \"complete\": false): "
		     "it is still running or was interrupted\n"
		     "hint: let it finish (or run bsweep again with the same config and -o %s) "
		     "before comparing", r->dir, r->dir);
		return ST_INPUT;
	}
	return load_config(r, path, err, errsize);
}

/* From the header's fields: where[] for the summary table t, -1 for the
 * columns compare does not read (RUNFILE_COMPARED) or the file lacks.
 * ST_OK, or ST_INPUT naming the missing columns (a grid's columns are
 * required). */
static enum status map_header(const struct csv_table *t, struct csv_reader *rd, long nf,
			      long *where, char *err, size_t errsize)
{
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

/* Was the column of table t at this offset in the file? */
static int present(const struct csv_table *t, const long *where, size_t offset)
{
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->cols[c].offset == offset)
			return where[c] >= 0;
	return 0;
}

/* The grid point whose value indices are grid[] (each checked by the
 * column's values): the inverse of config_grid_index, checked against
 * it.  SIZE_MAX when they disagree (a bug). */
static size_t point_of(const struct config *c, const int *grid)
{
	size_t p = 0;
	for (size_t a = 0; a < c->n_grid; a++)
		p = p * c->grid[a].n + (size_t)grid[a];
	for (size_t a = 0; a < c->n_grid; a++)
		if (config_grid_index(c, p, a) != (size_t)grid[a])
			return SIZE_MAX;
	return p;
}

/* Put row into its cell of the run table.  ST_OK, or ST_INPUT with a
 * message. */
static enum status place(struct results *r, unsigned char *seen, const struct summary_row *row,
			 const char *loc, char *err, size_t errsize)
{
	const struct config *c = &r->cfg;
	size_t b = 0, s = 0, p = point_of(c, row->grid), k;
	char name[1024];
	while (b < c->n_batch_sizes && c->batch_sizes[b] != row->batch_size)
		b++;
	while (s < c->n_seeds && c->seeds[s] != row->seed)
		s++;
	results_run_name(r, row, name, sizeof name);
	if (p == SIZE_MAX) {
		msgf(err, errsize, "%s: internal error: no grid point for %s (please report this)",
		     loc, name);
		return ST_INPUT;
	}
	if (b == c->n_batch_sizes || s == c->n_seeds) {
		msgf(err, errsize, "%s: %s is not a run of the config in run.json", loc, name);
		return ST_INPUT;
	}
	k = run_index(c, b, p, s);
	if (seen[k]) {
		msgf(err, errsize, "%s: a second row for %s", loc, name);
		return ST_INPUT;
	}
	seen[k] = 1;
	r->runs[k] = *row;
	return ST_OK;
}

/* The rows after the header, into the run table. */
static enum status read_rows(struct results *r, struct csv_reader *rd, long nf,
			     const long *where, unsigned char *seen, char *err, size_t errsize)
{
	const struct csv_table *t = &r->tables.summary;
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
		if ((s = csv_read_row(t, rd->field, where, &row, loc, err, errsize)) != ST_OK)
			return s;
		/* files from before the repeat columns: one repeat */
		if (!present(t, where, offsetof(struct summary_row, total_seconds_min)))
			row.total_seconds_min = row.total_seconds;
		if (!present(t, where, offsetof(struct summary_row, total_seconds_max)))
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
	for (size_t k = 0; k < config_runs(&r->cfg); k++) {
		struct run_point p = config_run(&r->cfg, k);
		struct summary_row want = {.batch_size = p.batch_size, .seed = p.seed};
		char name[1024];
		if (seen[run_index(&r->cfg, p.batch_index, p.point, p.seed_index)])
			continue;
		for (size_t a = 0; a < r->cfg.n_grid; a++)
			want.grid[a] = (int)config_grid_index(&r->cfg, p.point, a);
		results_run_name(r, &want, name, sizeof name);
		msgf(err, errsize, "%s: no row for %s (a run of the config in run.json)",
		     rd->path, name);
		return ST_INPUT;
	}
	return ST_OK;
}

/* Read summary.csv into the run table. */
static enum status load_summary(struct results *r, char *err, size_t errsize)
{
	char path[PATH_MAX], name[32];
	struct csv_reader rd;
	struct stat st;
	long where[64], nf;
	unsigned char *seen = NULL;
	size_t n_runs = config_runs(&r->cfg);
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
	/* config_parse keeps the runs at most CONFIG_MAX_RUNS, and the
	 * table's columns (summary's and a grid's) fewer than where[]'s 64 */
	seen = xcalloc(n_runs, 1);
	r->runs = xcalloc(n_runs, sizeof *r->runs);
	if (!seen || !r->runs) {
		msgf(err, errsize, "%s: out of memory", path);
		s = ST_NOMEM;
	} else if ((nf = csv_next(&rd)) <= 0) {
		msgf(err, errsize, "%s: empty file (no header line)", path);
		s = ST_INPUT;
	} else if (nf > MAX_FIELDS) {
		msgf(err, errsize, "%s: more than %d columns", path, MAX_FIELDS);
		s = ST_INPUT;
	} else if ((s = map_header(&r->tables.summary, &rd, nf, where, err, errsize)) == ST_OK) {
		s = read_rows(r, &rd, nf, where, seen, err, errsize);
	}
	csv_close(&rd);
	free(seen);
	return s;
}

/* The directory dir, its run.json and config into r. */
static enum status open_dir(struct results *r, const char *dir, int want_complete, char *err,
			    size_t errsize)
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
	s = load_run_json(r, want_complete, err, errsize);
	if (s != ST_OK)
		results_free(r);
	return s;
}

enum status results_open(struct results *r, const char *dir, char *err, size_t errsize)
{
	return open_dir(r, dir, 0, err, errsize);
}

enum status results_load(struct results *r, const char *dir, char *err, size_t errsize)
{
	enum status s = open_dir(r, dir, 1, err, errsize);
	if (s == ST_OK && (s = load_summary(r, err, errsize)) != ST_OK)
		results_free(r);
	return s;
}
