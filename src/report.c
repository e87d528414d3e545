/* report.c: the end-of-sweep table and run.json.  run.json is built with
 * cJSON from the resolved config (config_to_json), the fingerprint's
 * field table and the sweep's execution facts. */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <cJSON.h>

#include "afile.h"
#include "aggregate.h"
#include "describe.h"
#include "json.h"
#include "util.h"

/* The label of grid axis a's column in the table: the last components
 * of its key's path that no other axis' path ends with ("learning_rate";
 * "warmup.steps" beside "budget.steps"). */
static const char *grid_label(const struct config *c, size_t a)
{
	const char *p = c->grid[a].path, *label = p + strlen(p);
	for (;;) {
		int unique = 1;
		while (label > p && label[-1] != '.')
			label--;
		for (size_t b = 0; b < c->n_grid && unique; b++) {
			const char *q = c->grid[b].path;
			size_t lq = strlen(q), ll = strlen(label);
			unique = b == a || lq < ll || strcmp(q + lq - ll, label) != 0 ||
				 (lq > ll && q[lq - ll - 1] != '.');
		}
		if (unique || label == p)
			return label;
		label--; /* past the dot: one component more */
	}
}

/* The width of grid axis a's column: its label or its widest value.
 * Once per axis: an axis may have 100 000 values and the table as many
 * rows. */
static int grid_width(const struct config *c, size_t a)
{
	size_t w = strlen(grid_label(c, a));
	char v[64];
	for (size_t i = 0; i < c->grid[a].n; i++) {
		config_grid_text(c, a, i, v, sizeof v);
		if (strlen(v) > w)
			w = strlen(v);
	}
	return (int)w;
}

/* The table's first columns: batch_size and the grid axes' labels. */
static void table_head(FILE *f, const struct config *c, int *width)
{
	fprintf(f, "%10s", "batch_size");
	for (size_t a = 0; a < c->n_grid; a++) {
		width[a] = grid_width(c, a);
		fprintf(f, " %*s", width[a], grid_label(c, a));
	}
}

/* A row's first columns: its batch size and grid values. */
static void table_key(FILE *f, const struct config *c, const int *width, size_t batch_size,
		      const int *grid)
{
	char v[64];
	fprintf(f, "%10zu", batch_size);
	for (size_t a = 0; a < c->n_grid; a++) {
		config_grid_text(c, a, (size_t)grid[a], v, sizeof v);
		fprintf(f, " %*s", width[a], v);
	}
}

/* "0.6833 ± 0.0236" (fmt, each) into buf: mean and std of a metric;
 * "-" without a value, the mean alone without a std. */
static void mean_std(char *buf, size_t size, const char *fmt, const double *st)
{
	char m[32], d[32];
	if (isnan(st[AGG_MEAN])) {
		msgf(buf, size, "-");
		return;
	}
	msgf(m, sizeof m, fmt, st[AGG_MEAN]);
	if (isnan(st[AGG_STD])) {
		msgf(buf, size, "%s", m);
		return;
	}
	msgf(d, sizeof d, fmt, st[AGG_STD]);
	msgf(buf, size, "%s +- %s", m, d);
}

/* The table with seeds: a row per batch size and grid point.  ST_OK, or
 * ST_NOMEM (nothing printed). */
static enum status table_seeds(FILE *f, const struct config *c, const struct summary_row *r)
{
	int width[CONFIG_MAX_GRID];
	size_t n = c->n_batch_sizes * config_points(c);
	double *scratch = xmalloc(aggregate_bytes(c));
	if (!scratch)
		return ST_NOMEM;
	table_head(f, c, width);
	fprintf(f, " %5s %-17s %-17s %-21s %s\n", "seeds", "final_train_acc", "final_val_acc",
		"total_seconds", "note (mean +- std over the seeds; aggregate.csv)");
	for (size_t k = 0; k < n; k++) {
		struct aggregate_row g;
		char tr[64], va[64], t[64], note[96] = "";
		aggregate_row_of(c, r, k, scratch, &g);
		mean_std(tr, sizeof tr, "%.4f", g.stat[AGG_FINAL_TRAIN_ACC]);
		mean_std(va, sizeof va, "%.4f", g.stat[AGG_FINAL_VAL_ACC]);
		mean_std(t, sizeof t, "%.4g", g.stat[AGG_TOTAL_SECONDS]);
		if (g.diverged)
			msgf(note, sizeof note, "%zu of %zu diverged, left out", g.diverged,
			     g.seeds);
		else if (g.batch_size > c->n_train)
			msgf(note, sizeof note, "full batch: only %zu training rows", c->n_train);
		table_key(f, c, width, g.batch_size, g.grid);
		fprintf(f, " %5zu %-17s %-17s %-21s %s\n", g.seeds, tr, va, t, note);
	}
	free(scratch);
	return ST_OK;
}

enum status report_table(FILE *f, const struct config *c, const struct summary_row *r,
			 size_t n)
{
	int width[CONFIG_MAX_GRID];
	if (c->n_seeds > 1)
		return table_seeds(f, c, r);
	table_head(f, c, width);
	fprintf(f, " %10s %15s %15s %13s %13s  %s\n", "seed", "steps_per_epoch",
		"final_train_acc", "final_val_acc", "total_seconds", "note");
	for (size_t i = 0; i < n; i++) {
		char note[96] = "";
		if (r[i].status != RUN_OK)
			msgf(note, sizeof note, "%s at epoch %zu", run_status_names[r[i].status],
			     r[i].epochs);
		else if (r[i].batch_size > c->n_train)
			msgf(note, sizeof note, "full batch: only %zu training rows",
			     c->n_train);
		if (c->repeats > 1)
			msgf(note + strlen(note), sizeof note - strlen(note), "%smedian of %zu, MAD %.1f%%",
			     note[0] ? "; " : "", c->repeats,
			     r[i].total_seconds > 0.0 ?
			     100.0 * r[i].total_seconds_mad / r[i].total_seconds : 0.0);
		table_key(f, c, width, r[i].batch_size, r[i].grid);
		fprintf(f, " %10lu %15zu %15.4f %13.4f %13.4f  %s\n",
			(unsigned long)r[i].seed,
			r[i].steps_per_epoch, r[i].final_train_acc, r[i].final_val_acc,
			r[i].total_seconds, note);
	}
	return ST_OK;
}

static void iso_time(char *buf, size_t size, time_t t)
{
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		msgf(buf, size, "unknown");
}

/* Every cJSON_Add* returns NULL when out of memory: then give up. */
#define CHECK(e) do { if (!(e)) return -1; } while (0)

/* item into obj under key; on failure item is freed too.  0, or -1. */
static int add_item(cJSON *obj, const char *key, cJSON *item)
{
	if (item && cJSON_AddItemToObject(obj, key, item))
		return 0;
	cJSON_Delete(item);
	return -1;
}

/* Fingerprint field i into obj under key. */
static int add_field(cJSON *obj, const char *key, const struct fingerprint *fp, size_t i)
{
	const struct fingerprint_field *f = &fingerprint_fields[i];
	const char *v = (const char *)fp + f->offset;
	switch (f->type) {
	case FP_STRING: CHECK(add_item(obj, key, json_text(v)) == 0); break;
	case FP_LONG: CHECK(cJSON_AddNumberToObject(obj, key, (double)*(const long *)(const void *)v)); break;
	case FP_BOOL: CHECK(cJSON_AddBoolToObject(obj, key, *(const int *)(const void *)v)); break;
	}
	return 0;
}

/* The fingerprint fields whose json_path starts with prefix ("" for the
 * top level: no dot), into obj. */
static int add_fields(cJSON *obj, const char *prefix, const struct fingerprint *fp)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < fingerprint_n_fields; i++) {
		const char *path = fingerprint_fields[i].json_path;
		if (n ? strncmp(path, prefix, n) == 0 : !strchr(path, '.'))
			CHECK(add_field(obj, path + n, fp, i) == 0);
	}
	return 0;
}

/* run.json's "execution": how the runs were executed (times taken with
 * runs side by side compete for cores and memory bandwidth). */
static int add_execution(cJSON *root, const struct run_info *info)
{
	cJSON *ex;
	CHECK(ex = cJSON_AddObjectToObject(root, "execution"));
	CHECK(cJSON_AddNumberToObject(ex, "jobs", (double)info->jobs));
	CHECK(cJSON_AddNumberToObject(ex, "blas_threads", (double)info->threads));
	CHECK(cJSON_AddBoolToObject(ex, "side_by_side", info->jobs > 1));
	CHECK(cJSON_AddNumberToObject(ex, "resumed_runs", (double)info->resumed_runs));
	return 0;
}

/* run.json's "resources": the whole process so far, every thread
 * (OpenBLAS's with -t > 1), and its finished worker processes (-j). */
static int add_resources(cJSON *root, const struct run_info *info)
{
	struct rusage me, kids;
	cJSON *res;
	CHECK(res = cJSON_AddObjectToObject(root, "resources"));
	CHECK(cJSON_AddNumberToObject(res, "sweep_wall_seconds", info->wall_seconds));
	if (getrusage(RUSAGE_SELF, &me) != 0 || getrusage(RUSAGE_CHILDREN, &kids) != 0)
		return 0;
	CHECK(cJSON_AddNumberToObject(res, "cpu_user_seconds",
		(double)(me.ru_utime.tv_sec + kids.ru_utime.tv_sec) +
		(double)(me.ru_utime.tv_usec + kids.ru_utime.tv_usec) * 1e-6));
	CHECK(cJSON_AddNumberToObject(res, "cpu_system_seconds",
		(double)(me.ru_stime.tv_sec + kids.ru_stime.tv_sec) +
		(double)(me.ru_stime.tv_usec + kids.ru_stime.tv_usec) * 1e-6));
	/* the largest process: the workers add up only if they peak at the
	 * same moment */
	CHECK(cJSON_AddNumberToObject(res, "peak_rss_kib",
		(double)(me.ru_maxrss > kids.ru_maxrss ? me.ru_maxrss : kids.ru_maxrss)));
	return 0;
}

/* One fit (scaling.h) into obj: null for the numbers it has not. */
static int add_fit(cJSON *obj, const struct scaling_fit *f, const size_t *batches)
{
	cJSON *b;
	CHECK(cJSON_AddBoolToObject(obj, "ok", f->ok));
#define NUM(key, v) CHECK(isfinite(v) ? cJSON_AddNumberToObject(obj, key, v) : \
			  cJSON_AddNullToObject(obj, key))
	NUM("s_min", f->s_min);
	NUM("e_min", f->e_min);
	NUM("b_crit", f->b_crit);
	NUM("b_crit_lo", f->b_crit_lo);
	NUM("b_crit_hi", f->b_crit_hi);
#undef NUM
	CHECK(b = cJSON_AddArrayToObject(obj, "batch_sizes"));
	for (size_t i = 0; i < f->n_used; i++) {
		cJSON *n = cJSON_CreateNumber((double)batches[i]);
		if (!n || !cJSON_AddItemToArray(b, n)) {
			cJSON_Delete(n);
			return -1;
		}
	}
	CHECK(cJSON_AddNumberToObject(obj, "resamples", (double)f->resamples));
	CHECK(cJSON_AddNumberToObject(obj, "resamples_fitted", (double)f->resamples_used));
	CHECK(cJSON_AddBoolToObject(obj, "degenerate", f->degenerate));
	if (f->why[0])
		CHECK(cJSON_AddStringToObject(obj, f->ok ? "warning" : "reason", f->why));
	else
		CHECK(cJSON_AddNullToObject(obj, "warning"));
	return 0;
}

/* The command line as a JSON array under key in obj. */
static int add_command_line(cJSON *obj, const char *key, int argc, char *const *argv)
{
	cJSON *cmd;
	CHECK(cmd = cJSON_AddArrayToObject(obj, key));
	for (int i = 0; i < argc; i++) {
		cJSON *arg = json_text(argv[i]);
		if (!arg || !cJSON_AddItemToArray(cmd, arg)) {
			cJSON_Delete(arg);
			return -1;
		}
	}
	return 0;
}

/* run.json's "analysis" (with a target, that of c): the steps between
 * evaluations, and the fit of S(B) ("fit"; with a grid, "fits": one per
 * grid point, with its "point" and "grid" values).  With re (bsweep
 * analyze, for a target other than the sweep's), the target columns
 * came from epochs.csv, at epoch resolution: the resolution says so, and
 * "recomputed_by" and "recomputed_utc" say by which command and when. */
static int add_analysis(cJSON *root, const struct config *c, const struct scaling *sc,
			const struct report_recomputed *re)
{
	size_t NB = c->n_batch_sizes;
	cJSON *an, *fits, *o, *g;
	char v[200];
	CHECK(an = cJSON_AddObjectToObject(root, "analysis"));
	CHECK(cJSON_AddStringToObject(an, "target_metric", config_target_name(c->target_metric)));
	CHECK(cJSON_AddNumberToObject(an, "target_value", c->target_value));
	CHECK(cJSON_AddNumberToObject(an, "eval_every", (double)c->eval_every));
	if (!re)
		msgf(v, sizeof v, c->eval_every ? "every epoch's end and every %zu steps" :
		     "every epoch's end", c->eval_every);
	else if (re->sweep_eval_every)
		msgf(v, sizeof v, "every epoch's end (recomputed from epochs.csv; the sweep "
		     "evaluated every %zu steps for its own target only)", re->sweep_eval_every);
	else
		msgf(v, sizeof v, "every epoch's end (recomputed from epochs.csv)");
	CHECK(cJSON_AddStringToObject(an, "resolution", v));
	if (re) {
		CHECK(add_command_line(an, "recomputed_by", re->argc, re->argv) == 0);
		iso_time(v, sizeof v, re->when);
		CHECK(cJSON_AddStringToObject(an, "recomputed_utc", v));
	}
	if (!c->n_grid) {
		CHECK(o = cJSON_AddObjectToObject(an, "fit"));
		return add_fit(o, &sc->fits[0], sc->fit_batches);
	}
	CHECK(fits = cJSON_AddArrayToObject(an, "fits"));
	for (size_t p = 0; p < sc->n_fits; p++) {
		if (!(o = cJSON_CreateObject()) || !cJSON_AddItemToArray(fits, o)) {
			cJSON_Delete(o);
			return -1;
		}
		CHECK(cJSON_AddNumberToObject(o, "point", (double)p));
		CHECK(g = cJSON_AddObjectToObject(o, "grid"));
		for (size_t a = 0; a < c->n_grid; a++) {
			config_grid_text(c, a, config_grid_index(c, p, a), v, sizeof v);
			CHECK(cJSON_AddStringToObject(g, c->grid[a].path, v));
		}
		CHECK(add_fit(o, &sc->fits[p], sc->fit_batches + p * NB) == 0);
	}
	return 0;
}

/* An array of n strings as root's key; 0, or -1 when out of memory. */
static int add_strings(cJSON *root, const char *key, char *const *s, size_t n)
{
	cJSON *a;
	CHECK(a = cJSON_AddArrayToObject(root, key));
	for (size_t i = 0; i < n; i++) {
		cJSON *v = json_text(s[i]);
		if (!v || !cJSON_AddItemToArray(a, v)) {
			cJSON_Delete(v);
			return -1;
		}
	}
	return 0;
}

/* The whole of run.json into root; 0, or -1 when out of memory. */
/* A CSV dataset: each file as read (its path resolved against the
 * config's directory and its bytes' hash) and the class of each label:
 * "classes"[i] is the label text of class index i. */
static int add_data_source(cJSON *root, const struct run_info *info)
{
	const struct config *c = info->cfg;
	const struct table *t = info->data_src;
	cJSON *src, *files, *f, *cls;
	char buf[64];
	CHECK(src = cJSON_AddObjectToObject(root, "data_source"));
	CHECK(files = cJSON_AddArrayToObject(src, "files"));
	for (size_t i = 0; i < 2; i++) {
		const char *p = i == 0 ? c->data_path : c->val_path;
		if (i == 1 && c->split != SPLIT_FILE)
			break;
		f = cJSON_CreateObject();
		if (!f || !cJSON_AddItemToArray(files, f)) {
			cJSON_Delete(f);
			return -1;
		}
		CHECK(json_add_text(f, "path", p));
		msgf(buf, sizeof buf, "fnv1a64:%016llx", (unsigned long long)t->hash[i]);
		CHECK(cJSON_AddStringToObject(f, "file_hash", buf));
		CHECK(cJSON_AddNumberToObject(f, "rows", (double)t->rows[i]));
	}
	/* the shape the config had from the files (config_set_shape): what
	 * compare and analyze need without reading the files again */
	CHECK(cJSON_AddNumberToObject(src, "n_train", (double)c->n_train));
	CHECK(cJSON_AddNumberToObject(src, "n_features", (double)c->n_features));
	CHECK(cJSON_AddStringToObject(src, "label_order", t->numeric ? "numeric" : "bytes"));
	CHECK(cls = cJSON_AddArrayToObject(src, "classes"));
	for (size_t k = 0; k < t->k; k++) {
		cJSON *name = cJSON_CreateString(t->classes[k]);
		if (!name || !cJSON_AddItemToArray(cls, name)) {
			cJSON_Delete(name);
			return -1;
		}
	}
	return 0;
}

static int build_run_json(cJSON *root, const struct run_info *info, const char *cfg_text)
{
	char buf[64], desc[512];
	cJSON *machine;
	CHECK(add_fields(root, "", &info->fp) == 0);
	CHECK(add_command_line(root, "command_line", info->argc, info->argv) == 0);
	CHECK(add_item(root, "config_file", json_text(info->config_path)) == 0);
	/* what the command line changed in that file's config */
	if (info->n_sets)
		CHECK(add_command_line(root, "overrides", (int)info->n_sets, info->sets) == 0);
	describe_sweep(info->cfg, desc, sizeof desc); /* the figures' subtitle */
	CHECK(cJSON_AddStringToObject(root, "description", desc));
	iso_time(buf, sizeof buf, info->start);
	CHECK(cJSON_AddStringToObject(root, "start_utc", buf));
	/* written once when the sweep starts (so the directory names its
	 * config from the first file on) and again when it completes */
	if (info->end) {
		iso_time(buf, sizeof buf, info->end);
		CHECK(cJSON_AddStringToObject(root, "end_utc", buf));
	} else {
		CHECK(cJSON_AddNullToObject(root, "end_utc"));
	}
	CHECK(cJSON_AddBoolToObject(root, "complete", info->end != 0));
	if (info->host)
		CHECK(add_item(root, "host", json_text(info->host)) == 0);
	if (info->machine_id)
		CHECK(cJSON_AddStringToObject(root, "machine_id", info->machine_id));
	if (info->shard)
		CHECK(cJSON_AddStringToObject(root, "shard", info->shard));
	if (info->shard || info->n_trained)
		CHECK(add_strings(root, "runs_trained", info->trained, info->n_trained) == 0);
	if (info->n_machines)
		CHECK(add_strings(root, "machines", info->machines, info->n_machines) == 0);
	msgf(buf, sizeof buf, "fnv1a64:%016llx", (unsigned long long)info->data_hash);
	CHECK(cJSON_AddStringToObject(root, "data_hash", buf));
	if (info->data_src)
		CHECK(add_data_source(root, info) == 0);
	CHECK(machine = cJSON_AddObjectToObject(root, "machine"));
	CHECK(add_fields(machine, "machine.", &info->fp) == 0);
	/* also in "execution", where compare looks first */
	CHECK(cJSON_AddNumberToObject(machine, "blas_threads", (double)info->threads));
	CHECK(add_execution(root, info) == 0);
	CHECK(add_resources(root, info) == 0);
	if (info->scaling)
		CHECK(add_analysis(root, info->cfg, info->scaling, NULL) == 0);
	/* config_to_json's text as it is: it writes every double so that it
	 * reads back exactly, which cJSON's own printing does not */
	CHECK(cJSON_AddRawToObject(root, "config", cfg_text));
	return 0;
}
#undef CHECK

/* Write text and a newline to path atomically (fsynced unless no_sync).
 * ST_OK, or ST_IO with a message. */
static enum status write_text(const char *path, const char *text, int no_sync, char *err,
			      size_t errsize)
{
	struct atomic_file af;
	enum status st;
	if ((st = afile_open(&af, path, err, errsize)) != ST_OK)
		return st;
	af.no_sync = no_sync;
	fputs(text, af.f);
	fputc('\n', af.f);
	return afile_commit(&af, err, errsize);
}

enum status report_rewrite_analysis(const char *path, const cJSON *old,
				    const struct config *trained, const struct config *c,
				    const struct scaling *sc, const struct report_recomputed *re,
				    char *err, size_t errsize)
{
	cJSON *root = cJSON_Duplicate(old, 1), *tmp = cJSON_CreateObject(), *an = NULL, *cf = NULL;
	cJSON *was;
	char *cfg_text = config_to_json(trained), *text = NULL;
	enum status st = ST_NOMEM;
	/* the new members are made with their keys in tmp and moved over by
	 * pointer: cJSON's replacing by key does not check its copy of the key */
	int ok = root && tmp && cfg_text && (!sc || add_analysis(tmp, c, sc, re) == 0) &&
		 cJSON_AddRawToObject(tmp, "config", cfg_text);
	if (ok) {
		an = cJSON_DetachItemFromObjectCaseSensitive(tmp, "analysis");
		cf = cJSON_DetachItemFromObjectCaseSensitive(tmp, "config");
		/* "analysis" replaced where it is (every member keeps its place,
		 * and cJSON prints the others' values as it did), or removed */
		if ((was = cJSON_GetObjectItemCaseSensitive(root, "analysis")) && an) {
			cJSON_ReplaceItemViaPointer(root, was, an);
			an = NULL;
		} else if (was) {
			cJSON_DeleteItemFromObjectCaseSensitive(root, "analysis");
		}
		/* a new "analysis" goes before "config", the last member, as the
		 * sweep writes them */
		was = cJSON_GetObjectItemCaseSensitive(root, "config");
		if (was && !an) {
			cJSON_ReplaceItemViaPointer(root, was, cf);
		} else {
			cJSON_DeleteItemFromObjectCaseSensitive(root, "config");
			if (an)
				cJSON_AddItemToArray(root, an);
			cJSON_AddItemToArray(root, cf);
			an = NULL;
		}
		cf = NULL;
	}
	if (ok && (text = cJSON_Print(root)) != NULL)
		st = write_text(path, text, 0, err, errsize);
	if (st == ST_NOMEM)
		msgf(err, errsize, "%s: out of memory", path);
	free(cfg_text);
	free(text);
	cJSON_Delete(an);
	cJSON_Delete(cf);
	cJSON_Delete(tmp);
	cJSON_Delete(root);
	return st;
}

enum status report_write_run_json(const char *path, const struct run_info *info,
				  char *err, size_t errsize)
{
	cJSON *root = cJSON_CreateObject();
	char *cfg_text = config_to_json(info->cfg), *text = NULL;
	enum status st = ST_NOMEM;

	if (root && cfg_text && build_run_json(root, info, cfg_text) == 0 &&
	    (text = cJSON_Print(root)) != NULL) {
		/* only the final run.json must survive a power cut */
		st = write_text(path, text, info->end == 0, err, errsize);
	} else {
		msgf(err, errsize, "%s: out of memory", path);
	}
	free(cfg_text);
	free(text);
	cJSON_Delete(root);
	return st;
}
