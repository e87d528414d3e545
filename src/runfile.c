/* runfile.c: the column tables of epochs.csv and summary.csv, and the
 * per-run files of a results directory (see runfile.h). */
#define _POSIX_C_SOURCE 200809L
#include "runfile.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "util.h"
#include "schedule.h"
#include "target.h"
#include "weights.h"

#define E(field, type, flags) {#field, type, offsetof(struct epoch_row, e.field), flags, NULL}
/* Every row of epochs.csv and summary.csv starts with what identifies it
 * across sweeps (tidy data: files of several sweeps concatenate): the
 * config's name and the run's (its files' stem); a grid's columns come
 * after batch_size. */
static const struct csv_column epochs_cols[] = {
	{"sweep", CSV_TEXT, offsetof(struct epoch_row, sweep), RUNFILE_ID, NULL},
	{"run", CSV_WORD, offsetof(struct epoch_row, run), RUNFILE_ID, NULL},
	{"batch_size", CSV_POSITIVE, offsetof(struct epoch_row, batch_size), 0, NULL},
	{"seed", CSV_SEED, offsetof(struct epoch_row, seed), 0, NULL},
	E(epoch, CSV_POSITIVE, 0),
	E(steps, CSV_POSITIVE, 0),
	E(epoch_steps, CSV_POSITIVE, 0),
	E(learning_rate, CSV_RATE, 0),
	E(train_loss, CSV_LOSS, 0),
	E(train_acc, CSV_FRACTION, 0),
	E(val_loss, CSV_LOSS, 0),
	E(val_acc, CSV_FRACTION, 0),
	E(train_seconds, CSV_SECONDS, CSV_MEASURED),
	E(eval_seconds, CSV_SECONDS, CSV_MEASURED),
	E(epoch_seconds, CSV_SECONDS, CSV_MEASURED),
	E(elapsed_seconds, CSV_SECONDS, CSV_MEASURED),
};
/* analysis.noise_scale (noise.h): appended to epochs.csv only when on, so
 * the default files stay as they were. */
#define N(field) {#field, CSV_REAL, offsetof(struct epoch_row, e.noise.field), 0, NULL}
static const struct csv_column noise_cols[] = {
	N(grad_norm2),
	N(trace_sigma),
	N(b_simple),
	N(grad_norm2_est),
	N(trace_sigma_est),
	N(b_simple_est),
};
#undef N
const struct csv_table runfile_noise = {"noise", noise_cols,
	sizeof noise_cols / sizeof noise_cols[0]};

/* The columns after those of a sweep with analysis.eval_train: in its
 * epochs files only (a sweep without it has no such columns, rather than
 * columns of NaN). */
static const struct csv_column eval_train_cols[] = {
	E(train_eval_loss, CSV_LOSS, 0),
	E(train_eval_acc, CSV_FRACTION, 0),
};
#undef E

#define S(field, type, flags) {#field, type, offsetof(struct summary_row, field), flags, NULL}
static const struct csv_column summary_cols[] = {
	S(sweep, CSV_TEXT, RUNFILE_ID),
	S(run, CSV_WORD, RUNFILE_ID),
	S(batch_size, CSV_POSITIVE, RUNFILE_COMPARED),
	S(seed, CSV_SEED, RUNFILE_COMPARED),
	S(steps_per_epoch, CSV_POSITIVE, 0),
	S(epochs, CSV_POSITIVE, 0),
	S(steps, CSV_POSITIVE, 0),
	S(examples, CSV_POSITIVE, 0),
	S(effective_learning_rate, CSV_RATE, 0),
	S(final_train_loss, CSV_LOSS, 0),
	S(final_train_acc, CSV_FRACTION, 0),
	S(final_val_loss, CSV_LOSS, RUNFILE_COMPARED),
	S(final_val_acc, CSV_FRACTION, RUNFILE_COMPARED),
	S(best_val_acc, CSV_FRACTION, 0),
	S(best_epoch, CSV_POSITIVE, 0),
	S(epochs_to_95, CSV_POSITIVE, 0),
	S(total_seconds, CSV_SECONDS, CSV_MEASURED | RUNFILE_COMPARED),
	S(samples_per_second, CSV_SECONDS, CSV_MEASURED),
	{"status", CSV_ENUM, offsetof(struct summary_row, status), RUNFILE_COMPARED,
	 run_status_names},
#define OPT (RUNFILE_COMPARED | RUNFILE_OPTIONAL)
	S(repeats, CSV_POSITIVE, OPT),
	S(total_seconds_min, CSV_SECONDS, CSV_MEASURED | OPT),
	S(total_seconds_max, CSV_SECONDS, CSV_MEASURED | OPT),
	S(total_seconds_mad, CSV_SECONDS, CSV_MEASURED | OPT),
#undef OPT
	S(outliers, CSV_SIZE, CSV_MEASURED),
	S(train_seconds, CSV_SECONDS, CSV_MEASURED),
	S(cpu_seconds, CSV_SECONDS, CSV_MEASURED),
	S(peak_rss_kib, CSV_LONG, CSV_MEASURED),
	S(memory_bytes, CSV_SIZE, 0),
	S(initial_val_loss, CSV_LOSS, 0),
	S(warmup, CSV_SIZE, CSV_MEASURED),
	S(jobs, CSV_POSITIVE, CSV_MEASURED),
	S(blas_threads, CSV_POSITIVE, CSV_MEASURED),
	S(steps_to_target, CSV_OPTIONAL, 0),
	S(epochs_to_target, CSV_OPTIONAL, 0),
	S(examples_to_target, CSV_OPTIONAL, 0),
	S(seconds_to_target, CSV_OPTIONAL, CSV_MEASURED),
	/* where the run ran (shards of one sweep may run on several
	 * machines): measurement columns, as the times they qualify */
	{"host", CSV_WORD, offsetof(struct summary_row, where.host), CSV_MEASURED, NULL},
	{"machine", CSV_WORD, offsetof(struct summary_row, where.machine), CSV_MEASURED, NULL},
	{"shard", CSV_WORD, offsetof(struct summary_row, where.shard), CSV_MEASURED, NULL},
};
/* analysis.sharpness (sharp.h): appended only when on, as the noise
 * columns of epochs.csv */
static const struct csv_column sharpness_cols[] = {
	S(sharpness, CSV_REAL, 0),
};
#undef S
const struct csv_table runfile_sharpness = {"summary", sharpness_cols,
	sizeof sharpness_cols / sizeof sharpness_cols[0]};

#define P(field, type) {#field, type, offsetof(struct point_row, field), 0, NULL}
static const struct csv_column points_cols[] = {
	P(batch_size, CSV_POSITIVE),
	P(seeds, CSV_POSITIVE),
	P(diverged, CSV_SIZE),
	P(final_val_acc, CSV_FRACTION),
	P(best_val_acc, CSV_FRACTION),
	P(final_val_loss, CSV_LOSS),
	{"total_seconds", CSV_SECONDS, offsetof(struct point_row, total_seconds), CSV_MEASURED, NULL},
	P(score, CSV_REAL),
	P(selected, CSV_SIZE),
};
#undef P

/* aggregate.csv: the stats of each metric over the seeds */
#define METRIC(key, field, is_size, flags) \
	[AGG_##key] = {#field, offsetof(struct summary_row, field), is_size},
const struct runfile_metric runfile_agg_metrics[RUNFILE_AGG_METRICS] = {
	RUNFILE_AGG_LIST(METRIC)
};
#undef METRIC
/* five columns per metric: <field>_mean, _std, _median, _min, _max */
#define A1(field, k, st, suffix, flags) \
	{#field suffix, CSV_OPTIONAL, offsetof(struct aggregate_row, stat[k][st]), flags, NULL}
#define A(key, field, is_size, flags) \
	A1(field, AGG_##key, AGG_MEAN, "_mean", flags), A1(field, AGG_##key, AGG_STD, "_std", flags), \
	A1(field, AGG_##key, AGG_MEDIAN, "_median", flags), A1(field, AGG_##key, AGG_MIN, "_min", flags), \
	A1(field, AGG_##key, AGG_MAX, "_max", flags),
static const struct csv_column aggregate_cols[] = {
	{"sweep", CSV_TEXT, offsetof(struct aggregate_row, sweep), RUNFILE_ID, NULL},
	{"batch_size", CSV_POSITIVE, offsetof(struct aggregate_row, batch_size), 0, NULL},
	{"seeds", CSV_POSITIVE, offsetof(struct aggregate_row, seeds), 0, NULL},
	{"diverged", CSV_SIZE, offsetof(struct aggregate_row, diverged), 0, NULL},
	RUNFILE_AGG_LIST(A)
};
#undef A
#undef A1
const struct csv_table runfile_aggregate = {
	"aggregate", aggregate_cols, sizeof aggregate_cols / sizeof aggregate_cols[0]};

#define I(field, type) {#field, type, offsetof(struct interp_row, field), 0, NULL}
static const struct csv_column interp_cols[] = {
	I(seed, CSV_SEED),
	I(batch_small, CSV_POSITIVE),
	I(batch_large, CSV_POSITIVE),
	I(alpha, CSV_REAL),
	I(train_loss, CSV_REAL),
	I(train_acc, CSV_FRACTION),
	I(val_loss, CSV_REAL),
	I(val_acc, CSV_FRACTION),
};
#undef I
const struct csv_table runfile_interp = {
	"interpolation", interp_cols, sizeof interp_cols / sizeof interp_cols[0]};

static const struct csv_column regions_cols[] = {
	{"batch_size", CSV_POSITIVE, offsetof(struct region_row, batch_size), 0, NULL},
	{"seed", CSV_SEED, offsetof(struct region_row, seed), 0, NULL},
	{"x0", CSV_REAL, offsetof(struct region_row, x0), 0, NULL},
	{"x1", CSV_REAL, offsetof(struct region_row, x1), 0, NULL},
	{"class", CSV_SIZE, offsetof(struct region_row, predicted), 0, NULL},
	{"probability", CSV_REAL, offsetof(struct region_row, probability), 0, NULL},
};
const struct csv_table runfile_regions = {
	"regions", regions_cols, sizeof regions_cols / sizeof regions_cols[0]};

static const struct csv_column validation_cols[] = {
	{"x0", CSV_REAL, offsetof(struct validation_row, x0), 0, NULL},
	{"x1", CSV_REAL, offsetof(struct validation_row, x1), 0, NULL},
	{"label", CSV_SIZE, offsetof(struct validation_row, label), 0, NULL},
};
const struct csv_table runfile_validation = {
	"validation", validation_cols, sizeof validation_cols / sizeof validation_cols[0]};

const char *const runfile_regime_names[] = {"", "perfect", "diminishing", "maximal", NULL};

#define C(field, type, flags) {#field, type, offsetof(struct scaling_row, field), flags, NULL}
static const struct csv_column scaling_cols[] = {
	C(batch_size, CSV_POSITIVE, 0),
	C(seeds, CSV_POSITIVE, 0),
	C(reached, CSV_SIZE, 0),
	C(reached_fraction, CSV_FRACTION, 0),
	{"steps_to_target_median", CSV_OPTIONAL, offsetof(struct scaling_row, steps_median), 0, NULL},
	{"steps_to_target_min", CSV_OPTIONAL, offsetof(struct scaling_row, steps_min), 0, NULL},
	{"steps_to_target_max", CSV_OPTIONAL, offsetof(struct scaling_row, steps_max), 0, NULL},
	{"examples_to_target_median", CSV_OPTIONAL, offsetof(struct scaling_row, examples_median), 0, NULL},
	{"examples_to_target_min", CSV_OPTIONAL, offsetof(struct scaling_row, examples_min), 0, NULL},
	{"examples_to_target_max", CSV_OPTIONAL, offsetof(struct scaling_row, examples_max), 0, NULL},
	{"seconds_to_target_median", CSV_OPTIONAL, offsetof(struct scaling_row, seconds_median), CSV_MEASURED, NULL},
	{"seconds_to_target_min", CSV_OPTIONAL, offsetof(struct scaling_row, seconds_min), CSV_MEASURED, NULL},
	{"seconds_to_target_max", CSV_OPTIONAL, offsetof(struct scaling_row, seconds_max), CSV_MEASURED, NULL},
	C(resolution_steps, CSV_POSITIVE, 0),
	C(in_fit, CSV_SIZE, 0),
	C(fit_steps, CSV_OPTIONAL, 0),
	C(efficiency, CSV_OPTIONAL, 0),
	{"regime", CSV_ENUM, offsetof(struct scaling_row, regime), 0, runfile_regime_names},
};
#undef C

const struct csv_table runfile_scaling = {
	"scaling", scaling_cols, sizeof scaling_cols / sizeof scaling_cols[0]};
const struct csv_table runfile_points = {
	"points", points_cols, sizeof points_cols / sizeof points_cols[0]};
const struct csv_table runfile_epochs = {
	"epochs", epochs_cols, sizeof epochs_cols / sizeof epochs_cols[0]};
const struct csv_table runfile_summary = {
	"summary", summary_cols, sizeof summary_cols / sizeof summary_cols[0]};
const struct csv_table runfile_eval_train = {
	"epochs", eval_train_cols, sizeof eval_train_cols / sizeof eval_train_cols[0]};

/* The optional column groups at the end of the epochs table, in this
 * order, each on with its analysis key. */
static const struct csv_table *const epochs_tails[] = {&runfile_eval_train, &runfile_noise};
#define N_TAILS (sizeof epochs_tails / sizeof epochs_tails[0])

static int tail_on(const struct config *c, size_t k)
{
	return k == 0 ? c->eval_train : c->noise_scale;
}

/* Where a row keeps the columns that say which run it belongs to. */
struct run_key_at {
	size_t batch_size, grid, seed;
};
static const struct run_key_at epochs_key = {offsetof(struct epoch_row, batch_size),
	offsetof(struct epoch_row, grid), offsetof(struct epoch_row, seed)};
static const struct run_key_at summary_key = {offsetof(struct summary_row, batch_size),
	offsetof(struct summary_row, grid), offsetof(struct summary_row, seed)};

static const struct run_key_at points_key = {offsetof(struct point_row, batch_size),
	offsetof(struct point_row, grid), 0};
static const struct run_key_at scaling_key = {offsetof(struct scaling_row, batch_size),
	offsetof(struct scaling_row, grid), 0};
static const struct run_key_at regions_key = {offsetof(struct region_row, batch_size),
	offsetof(struct region_row, grid), offsetof(struct region_row, seed)};
static const struct run_key_at aggregate_key = {offsetof(struct aggregate_row, batch_size),
	offsetof(struct aggregate_row, grid), 0};

static const struct run_key_at *key_at(const struct csv_table *t)
{
	return strcmp(t->name, runfile_epochs.name) == 0 ? &epochs_key :
	       strcmp(t->name, runfile_points.name) == 0 ? &points_key :
	       strcmp(t->name, runfile_scaling.name) == 0 ? &scaling_key :
	       strcmp(t->name, runfile_regions.name) == 0 ? &regions_key :
	       strcmp(t->name, runfile_aggregate.name) == 0 ? &aggregate_key : &summary_key;
}

/* The index of table t's first grid column: the one after batch_size
 * (after the identifying columns in epochs and summary tables). */
static size_t grid_at(const struct csv_table *t)
{
	size_t i = 0;
	while (i + 1 < t->n_cols && strcmp(t->cols[i].name, "batch_size") != 0)
		i++;
	return i + 1;
}

/* A base table with a CSV_ENUM column per grid axis after batch_size,
 * into cols (base->n_cols + c->n_grid). */
static void with_grid(struct csv_table *t, const struct csv_table *base,
		      struct csv_column *cols, const struct config *c,
		      const char *const *const *names)
{
	size_t n = 0, lead = grid_at(base);
	for (size_t i = 0; i < lead; i++)
		cols[n++] = base->cols[i];
	for (size_t a = 0; a < c->n_grid; a++)
		cols[n++] = (struct csv_column){c->grid[a].path, CSV_ENUM,
			key_at(base)->grid + a * sizeof(int), RUNFILE_COMPARED, names[a]};
	for (size_t i = lead; i < base->n_cols; i++)
		cols[n++] = base->cols[i];
	*t = (struct csv_table){base->name, cols, n};
}

enum status runfile_tables_init(struct runfile_tables *rt, const struct config *c)
{
	size_t n_names = 0, bytes = 0, used = 0;
	const char *const *lists[CONFIG_MAX_GRID];
	char buf[64];
	memset(rt, 0, sizeof *rt);
	rt->grid = c->n_grid > 0;
	for (size_t a = 0; a < c->n_grid; a++) {
		n_names += c->grid[a].n + 1;
		for (size_t i = 0; i < c->grid[a].n; i++) {
			config_grid_text(c, a, i, buf, sizeof buf);
			bytes += strlen(buf) + 1;
		}
	}
	rt->cols = xcalloc(runfile_epochs.n_cols + runfile_eval_train.n_cols +
			   runfile_noise.n_cols + runfile_summary.n_cols +
			   runfile_sharpness.n_cols + runfile_points.n_cols +
			   runfile_scaling.n_cols + runfile_regions.n_cols +
			   runfile_aggregate.n_cols + 6 * c->n_grid,
			   sizeof *rt->cols);
	rt->names = xcalloc(n_names + 1, sizeof *rt->names);
	rt->text = xmalloc(bytes + 1);
	if (!rt->cols || !rt->names || !rt->text) {
		runfile_tables_free(rt);
		return ST_NOMEM;
	}
	n_names = 0;
	for (size_t a = 0; a < c->n_grid; a++) {
		lists[a] = rt->names + n_names;
		for (size_t i = 0; i < c->grid[a].n; i++) {
			config_grid_text(c, a, i, rt->text + used, bytes + 1 - used);
			rt->names[n_names++] = rt->text + used;
			used += strlen(rt->text + used) + 1;
		}
		rt->names[n_names++] = NULL;
	}
	with_grid(&rt->epochs, &runfile_epochs, rt->cols, c, lists);
	/* the optional analysis columns, in the order of epochs_tails */
	for (size_t k = 0; k < N_TAILS; k++)
		if (tail_on(c, k))
			for (size_t i = 0; i < epochs_tails[k]->n_cols; i++)
				rt->cols[rt->epochs.n_cols++] = epochs_tails[k]->cols[i];
	with_grid(&rt->summary, &runfile_summary, rt->cols + rt->epochs.n_cols, c, lists);
	if (c->sharpness)
		for (size_t i = 0; i < runfile_sharpness.n_cols; i++)
			rt->cols[rt->epochs.n_cols + rt->summary.n_cols++] =
				runfile_sharpness.cols[i];
	with_grid(&rt->points, &runfile_points,
		  rt->cols + rt->epochs.n_cols + rt->summary.n_cols, c, lists);
	with_grid(&rt->scaling, &runfile_scaling,
		  rt->cols + rt->epochs.n_cols + rt->summary.n_cols + rt->points.n_cols, c, lists);
	with_grid(&rt->regions, &runfile_regions,
		  rt->cols + rt->epochs.n_cols + rt->summary.n_cols + rt->points.n_cols +
		  rt->scaling.n_cols, c, lists);
	with_grid(&rt->aggregate, &runfile_aggregate,
		  rt->cols + rt->epochs.n_cols + rt->summary.n_cols + rt->points.n_cols +
		  rt->scaling.n_cols + rt->regions.n_cols, c, lists);
	return ST_OK;
}

void runfile_tables_free(struct runfile_tables *rt)
{
	free(rt->cols);
	free(rt->names);
	free(rt->text);
	memset(rt, 0, sizeof *rt);
}

/* Does the header (n fields) end in the columns of table tail? */
static int ends_with(char *const *field, long n, const struct csv_table *tail)
{
	long m = (long)tail->n_cols;
	if (n < m)
		return 0;
	for (long i = 0; i < m; i++)
		if (strcmp(field[n - m + i], tail->cols[i].name) != 0)
			return 0;
	return 1;
}

/* Does the header (n fields) spell table t's columns from skip to
 * n_base, with up to CONFIG_MAX_GRID grid columns after batch_size? */
static int spells(char *const *field, long n, const struct csv_table *t, size_t skip,
		  size_t n_base)
{
	long lead = (long)(grid_at(t) - skip), extra = n - (long)(n_base - skip), i;
	int own = extra >= 0 && extra <= CONFIG_MAX_GRID;
	for (i = 0; own && i < lead; i++)
		own = strcmp(field[i], t->cols[skip + (size_t)i].name) == 0;
	/* grid columns are named by a key's path: a dot in it */
	for (i = lead; own && i < lead + extra; i++)
		own = strchr(field[i], '.') != NULL;
	for (size_t j = skip + (size_t)lead; own && j < n_base; j++)
		own = strcmp(field[extra + (long)(j - skip)], t->cols[j].name) == 0;
	return own;
}

int runfile_own_header(char *const *field, long n)
{
	/* interpolation.csv, validation.csv: no grid columns, no tail */
	if (n == (long)runfile_interp.n_cols && ends_with(field, n, &runfile_interp))
		return 1;
	if (n == (long)runfile_validation.n_cols && ends_with(field, n, &runfile_validation))
		return 1;
	for (int k = 0; k < 6; k++) {
		const struct csv_table *t = k == 0 ? &runfile_epochs : k == 1 ? &runfile_summary :
					    k == 2 ? &runfile_points : k == 3 ? &runfile_scaling :
					    k == 4 ? &runfile_regions : &runfile_aggregate;
		long m = n;
		/* the epochs of a sweep with analysis columns: they come last,
		 * in the order of epochs_tails */
		for (size_t j = N_TAILS; k == 0 && j-- > 0;)
			if (ends_with(field, m, epochs_tails[j]))
				m -= (long)epochs_tails[j]->n_cols;
		if (k == 1 && ends_with(field, m, &runfile_sharpness))
			m -= (long)runfile_sharpness.n_cols;
		if (spells(field, m, t, 0, t->n_cols))
			return 1;
		/* epochs and summary files written before their sweep and
		 * run columns (bsweep 0.1.0) */
		if (k < 2 && spells(field, m, t, 2, t->n_cols))
			return 1;
		/* aggregate.csv of a sweep without a target */
		if (k == 5 && spells(field, m, t, 0, t->n_cols - RUNFILE_AGG_TARGET * AGG_N_STATS))
			return 1;
	}
	return 0;
}

/* "b<digits>[_g<digits>]_s<digits>.<kind>.csv", or the weights folder
 * "b<digits>[_g<digits>]_s<digits>" RUNFILE_WEIGHTS */
static int is_run_name(const char *name)
{
	const char *p = name;
	if (*p++ != 'b' || *p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p[0] == '_' && p[1] == 'g' && p[2] >= '0' && p[2] <= '9')
		for (p += 2; *p >= '0' && *p <= '9'; p++)
			;
	if (*p++ != '_' || *p++ != 's' || *p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return strcmp(p, ".epochs.csv") == 0 || strcmp(p, ".summary.csv") == 0 ||
	       strcmp(p, RUNFILE_WEIGHTS) == 0;
}

int runfile_is_weights(const char *name)
{
	size_t n = strlen(name), m = strlen(RUNFILE_WEIGHTS);
	return is_run_name(name) && n > m && strcmp(name + n - m, RUNFILE_WEIGHTS) == 0;
}

/* "<t->name>.csv" */
static int is_combined(const char *name, const struct csv_table *t)
{
	size_t n = strlen(t->name);
	return strncmp(name, t->name, n) == 0 && strcmp(name + n, ".csv") == 0;
}

int runfile_owns(const char *name, int in_runs)
{
	size_t k, n;
	if (in_runs)
		return is_run_name(name) || runfile_is_shard_record(name, &k, &n);
	return strcmp(name, RUNFILE_RUN_JSON) == 0 || is_combined(name, &runfile_epochs) ||
	       is_combined(name, &runfile_summary) || is_combined(name, &runfile_points) ||
	       is_combined(name, &runfile_scaling) || is_combined(name, &runfile_interp) ||
	       is_combined(name, &runfile_regions) || is_combined(name, &runfile_validation) ||
	       is_combined(name, &runfile_aggregate) ||
	       strcmp(name, RUNFILE_BEST) == 0;
}

int runfile_is_figure_temp(const char *name)
{
	/* ".NAME.tmp.PID.FMT" */
	static const char *const stems[] = {".curves.tmp.", ".loss.tmp.", ".summary.tmp.",
					    ".heatmap.tmp.", ".scaling.tmp.", ".noise.tmp.",
					    ".sharpness.tmp.", ".interpolation.tmp.",
					    ".boundaries.tmp."};
	for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
		size_t n = strlen(stems[i]);
		const char *p = name + n;
		if (strncmp(name, stems[i], n) != 0 || *p < '0' || *p > '9')
			continue;
		while (*p >= '0' && *p <= '9')
			p++;
		return strcmp(p, ".png") == 0 || strcmp(p, ".svg") == 0 || strcmp(p, ".pdf") == 0;
	}
	return 0;
}

int runfile_is_figure(const char *name)
{
	static const char *const stems[] = {"curves.", "loss.", "summary.", "heatmap.",
					    "scaling.", "noise.", "sharpness.", "interpolation.",
					    "boundaries."};
	for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
		size_t n = strlen(stems[i]);
		if (strncmp(name, stems[i], n) == 0 &&
		    (strcmp(name + n, "png") == 0 || strcmp(name + n, "svg") == 0 ||
		     strcmp(name + n, "pdf") == 0))
			return 1;
	}
	return 0;
}

size_t runfile_epochs_to_95(const struct epoch_record *e, size_t n)
{
	double threshold = 0.95 * e[n - 1].val_acc;
	size_t k = n;
	while (k > 1 && e[k - 2].val_acc >= threshold)
		k--;
	return k;
}

void runfile_summary_of(struct summary_row *row, const struct run_result *r,
			const struct run_stats *st)
{
	const struct epoch_record *last = &r->epochs[r->n_epochs - 1];
	row->batch_size = r->batch_size;
	row->seed = r->seed;
	row->steps_per_epoch = r->steps_per_epoch;
	row->epochs = r->n_epochs;
	row->steps = r->steps;
	row->examples = r->examples;
	row->effective_learning_rate = r->peak_learning_rate;
	row->final_train_loss = last->train_loss;
	row->final_train_acc = last->train_acc;
	row->final_val_loss = last->val_loss;
	row->final_val_acc = last->val_acc;
	row->best_val_acc = r->best_val_acc;
	row->best_epoch = r->best_epoch;
	row->epochs_to_95 = runfile_epochs_to_95(r->epochs, r->n_epochs);
	row->total_seconds = st->total_median;
	row->samples_per_second = st->samples_per_second;
	row->status = (int)r->status;
	row->repeats = st->repeats;
	row->total_seconds_min = st->total_min;
	row->total_seconds_max = st->total_max;
	row->total_seconds_mad = st->total_mad;
	row->outliers = st->outliers;
	row->train_seconds = st->train_median;
	row->cpu_seconds = st->cpu_median;
	row->peak_rss_kib = st->peak_rss_kib;
	row->memory_bytes = st->memory_bytes;
	row->initial_val_loss = r->initial_val_loss;
	row->warmup = st->warmup;
	row->jobs = (size_t)st->jobs;
	row->blas_threads = (size_t)st->blas_threads;
	row->steps_to_target = r->target.steps;
	row->epochs_to_target = r->target.epochs;
	row->examples_to_target = r->target.examples;
	row->seconds_to_target = r->target.seconds;
	row->sharpness = r->sharpness;
	row->where = st->where;
}

void runfile_run_name(char *buf, size_t size, const struct runfile_tables *rt,
		      struct run_point p)
{
	if (rt->grid)
		msgf(buf, size, "b%zu_g%zu_s%lu", p.batch_size, p.point, (unsigned long)p.seed);
	else
		msgf(buf, size, "b%zu_s%lu", p.batch_size, (unsigned long)p.seed);
}

/* digits at *p into *v, *p past them; 0, or -1 without digits or on
 * overflow */
static int digits(const char **p, unsigned long long max, unsigned long long *v)
{
	const char *s = *p;
	*v = 0;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (*v > (max - (unsigned)(*s - '0')) / 10)
			return -1;
		*v = *v * 10 + (unsigned)(*s - '0');
	}
	*p = s;
	return 0;
}

int runfile_parse_name(const char *name, size_t *batch_size, int *has_point, size_t *point,
		       unsigned long *seed)
{
	const char *p = name + 1;
	unsigned long long v;
	if (!is_run_name(name) || digits(&p, SIZE_MAX, &v) != 0)
		return -1;
	*batch_size = (size_t)v;
	*has_point = p[1] == 'g';
	*point = 0;
	if (*has_point) {
		p += 2;
		if (digits(&p, SIZE_MAX, &v) != 0)
			return -1;
		*point = (size_t)v;
	}
	p += 2; /* "_s" */
	if (digits(&p, 0xffffffffULL, &v) != 0)
		return -1;
	*seed = (unsigned long)v;
	return 0;
}

void runfile_shard_record(char *buf, size_t size, const char *dir, size_t k, size_t n)
{
	msgf(buf, size, "%s/runs/shard-%zu-of-%zu.json", dir, k, n);
}

int runfile_is_shard_record(const char *name, size_t *k, size_t *n)
{
	const char *p = name + 6;
	unsigned long long a, b;
	if (strncmp(name, "shard-", 6) != 0 || digits(&p, SIZE_MAX, &a) != 0 ||
	    strncmp(p, "-of-", 4) != 0)
		return 0;
	p += 4;
	if (digits(&p, SIZE_MAX, &b) != 0 || strcmp(p, ".json") != 0)
		return 0;
	*k = (size_t)a;
	*n = (size_t)b;
	return 1;
}

/* DIR/runs/b<B>[_g<POINT>]_s<SEED>.<kind>.csv */
static void run_path(char *buf, size_t size, const char *dir, const struct runfile_tables *rt,
		     struct run_point p, const struct csv_table *t)
{
	char name[128];
	runfile_run_name(name, sizeof name, rt, p);
	msgf(buf, size, "%s/runs/%s.%s.csv", dir, name, t->name);
}

void runfile_weights_path(char *buf, size_t size, const char *dir,
			  const struct runfile_tables *rt, struct run_point p)
{
	char name[128];
	runfile_run_name(name, sizeof name, rt, p);
	msgf(buf, size, "%s/runs/%s%s", dir, name, RUNFILE_WEIGHTS);
}

enum status runfile_write_weights(const char *dir, const struct runfile_tables *rt,
				  struct run_point p, const struct mlp *m,
				  char *err, size_t errsize)
{
	char path[4300];
	runfile_weights_path(path, sizeof path, dir, rt, p);
	return weights_write(path, m, err, errsize);
}

/* The grid indices of point p into grid (a row's). */
static void grid_of(const struct config *c, size_t point, int *grid)
{
	for (size_t a = 0; a < CONFIG_MAX_GRID; a++)
		grid[a] = a < c->n_grid ? (int)config_grid_index(c, point, a) : 0;
}

enum status runfile_write(const char *dir, const struct config *c,
			  const struct runfile_tables *rt, struct run_point p,
			  const struct run_result *r, const struct run_stats *st,
			  char *err, size_t errsize)
{
	struct atomic_file af;
	struct summary_row row;
	struct epoch_row er;
	char path[4300];
	enum status s;

	run_path(path, sizeof path, dir, rt, p, &rt->epochs);
	if ((s = afile_open(&af, path, err, errsize)) != ST_OK)
		return s;
	af.no_sync = 1;
	csv_write_header(af.f, &rt->epochs);
	er.sweep = c->name;
	runfile_run_name(er.run, sizeof er.run, rt, p);
	er.batch_size = r->batch_size;
	er.seed = r->seed;
	grid_of(c, p.point, er.grid);
	for (size_t e = 0; e < r->n_epochs; e++) {
		er.e = r->epochs[e];
		csv_write_row(af.f, &rt->epochs, &er);
	}
	if ((s = afile_commit(&af, err, errsize)) != ST_OK)
		return s;

	run_path(path, sizeof path, dir, rt, p, &rt->summary);
	if ((s = afile_open(&af, path, err, errsize)) != ST_OK)
		return s;
	af.no_sync = 1;
	runfile_summary_of(&row, r, st);
	row.sweep = c->name;
	runfile_run_name(row.run, sizeof row.run, rt, p);
	grid_of(c, p.point, row.grid);
	csv_write_header(af.f, &rt->summary);
	csv_write_row(af.f, &rt->summary, &row);
	return afile_commit(&af, err, errsize);
}

/* Which run a file's rows must belong to. */
struct run_want {
	size_t batch_size;
	uint32_t seed;
	int grid[CONFIG_MAX_GRID];
	size_t n_grid;
	const char *sweep;        /* the config's name */
	char run[CSV_WORD_MAX];   /* the run's name, its files' stem */
};

static struct run_want want_of(const struct config *c, const struct runfile_tables *rt,
			       struct run_point p)
{
	struct run_want w = {p.batch_size, p.seed, {0}, c->n_grid, c->name, ""};
	grid_of(c, p.point, w.grid);
	runfile_run_name(w.run, sizeof w.run, rt, p);
	return w;
}

/* Do a row's grid fields (after batch_size) spell run w's values? */
static int same_grid(const struct csv_table *t, char *const *field, const struct run_want *w)
{
	size_t g = grid_at(t);
	for (size_t a = 0; a < w->n_grid; a++)
		if (strcmp(field[g + a], t->cols[g + a].names[w->grid[a]]) != 0)
			return 0;
	return 1;
}

/* "batch_size 8, train.learning_rate 0.01, seed 0": a run by its
 * columns, its n_grid grid values from a row's fields or, when field is
 * NULL, value indices (grid). */
static void run_text(char *buf, size_t size, const struct csv_table *t, size_t n_grid,
		     size_t batch_size, char *const *field, const int *grid, uint32_t seed)
{
	size_t n, g = grid_at(t);
	msgf(buf, size, "batch_size %zu", batch_size);
	for (size_t a = 0; a < n_grid; a++) {
		const char *v = field ? field[g + a] : t->cols[g + a].names[grid[a]];
		char text[300];
		fmt_text(text, sizeof text, v, strlen(v), 60, 0); /* a hostile file's field */
		n = strlen(buf);
		msgf(buf + n, size - n, ", %s %s", t->cols[g + a].name, text);
	}
	n = strlen(buf);
	msgf(buf + n, size - n, ", seed %lu", (unsigned long)seed);
}

/* Read a whole run file of table t strictly: the table's header, then rows
 * of every column, each complete and of its type, for run w.  Calls
 * each(row, ctx) per row (row is the table's row struct, of size <= 1024).
 * Returns the number of rows, or -1 with the reason in why (*missing set
 * when the file does not exist), or -2 when out of memory (why says so). */
static long read_strict(const char *path, const struct csv_table *t, const struct run_want *w,
			void (*each)(const void *row, void *ctx), void *ctx,
			int *missing, char *why, size_t whysize)
{
	struct csv_reader rd;
	long where[64], n, rows = -1;
	_Alignas(max_align_t) unsigned char row[1024];
	_Static_assert(sizeof(struct summary_row) <= sizeof row, "a summary row fits");
	_Static_assert(offsetof(struct epoch_row, sweep) == 0 &&
		       offsetof(struct summary_row, sweep) == 0 &&
		       offsetof(struct epoch_row, run) == offsetof(struct summary_row, run),
		       "run files' rows start alike");
	const struct run_key_at *at = key_at(t);

	switch (csv_open(&rd, path, t->n_cols, missing, why, whysize)) {
	case ST_OK: break;
	case ST_NOMEM: return -2;
	default: return -1;
	}
	for (size_t i = 0; i < t->n_cols; i++)
		/* the sweep's name is free text, not read: its rows are given
		 * this config's (a resumed sweep may have been renamed; the
		 * name does not change what it computes) */
		where[i] = t->cols[i].type == CSV_TEXT ? -1 : (long)i;
	/* the grid columns (after batch_size) are compared with the run's
	 * texts below, not looked up among every value of their axis: an
	 * axis may have 100 000 values, and so many runs */
	for (size_t a = 0; a < w->n_grid; a++)
		where[grid_at(t) + a] = -1;
	n = csv_next(&rd);
	for (size_t i = 0; n == (long)t->n_cols && i < t->n_cols; i++)
		if (strcmp(rd.field[i], t->cols[i].name) != 0)
			n = -1;
	if (n != (long)t->n_cols || rd.partial) {
		if (n > 0 && strcmp(rd.field[0], "batch_size") == 0)
			msgf(why, whysize, "%s: a %s file of an older bsweep, without the columns "
			     "sweep and run", path, t->name);
		else
			msgf(why, whysize, "%s: not the header of a %s file of this bsweep", path,
			     t->name);
		goto out;
	}
	for (rows = 0; (n = csv_next(&rd)) > 0; rows++) {
		const size_t *b = (const size_t *)(const void *)(row + at->batch_size);
		/* epoch_row and summary_row both start with sweep and run */
		const char **sweep = (const char **)(void *)row;
		const char *run = (const char *)(row + offsetof(struct summary_row, run));
		const uint32_t *s = (const uint32_t *)(const void *)(row + at->seed);
		int *g = (int *)(void *)(row + at->grid);
		char loc[4400];
		msgf(loc, sizeof loc, "%s:%zu", path, rd.lineno);
		if (n != (long)t->n_cols || rd.partial) {
			msgf(why, whysize, "%s: %s", loc, rd.partial ? "line cut short" :
			     "not as many fields as the header");
		} else if (csv_read_row(t, rd.field, where, row, loc, why, whysize) != ST_OK) {
			/* why says which column and what was found */
		} else if (*b != w->batch_size || *s != w->seed || !same_grid(t, rd.field, w) ||
			   strcmp(run, w->run) != 0) {
			char found[1200], wanted[1200];
			run_text(found, sizeof found, t, w->n_grid, *b, rd.field, NULL, *s);
			run_text(wanted, sizeof wanted, t, w->n_grid, w->batch_size, NULL, w->grid,
				 w->seed);
			if (*b == w->batch_size && *s == w->seed && same_grid(t, rd.field, w))
				msgf(why, whysize, "%s: run '%s': not this run's (%s)", loc, run,
				     w->run);
			else
				msgf(why, whysize, "%s: %s: not this run's (%s)", loc, found, wanted);
		} else {
			*sweep = w->sweep;
			memcpy(g, w->grid, w->n_grid * sizeof *g);
			if (each)
				each(row, ctx);
			continue;
		}
		rows = -1;
		goto out;
	}
	if (n < 0) {
		msgf(why, whysize, "%s: read error", path);
		rows = -1;
	}
out:
	csv_close(&rd);
	return rows;
}

static void keep_summary(const void *row, void *ctx)
{
	memcpy(ctx, row, sizeof(struct summary_row));
}

/* What the epochs of a run file must agree with: its summary and the
 * config's schedule at its batch size. */
struct epochs_check {
	const struct summary_row *s;
	const struct lr_schedule *sched;
	const struct config *cfg;      /* the run's (its grid point's) */
	struct target_hit hit;         /* the epochs' first meeting the
					  target, at epoch resolution */
	size_t B, n_train;             /* effective batch size, training rows */
	size_t planned;                /* train_epochs: the rows of a whole run */
	size_t n;                      /* rows seen */
	size_t steps, examples;        /* of the rows seen */
	int partial;                   /* the last row seen had fewer steps
					  than an epoch has */
	struct epoch_record last;
	double best;                   /* best val_acc so far, its epoch */
	size_t best_epoch;
	int finite;                    /* every loss finite so far */
	size_t last_below;             /* the last epoch whose val_acc is
					  below 0.95 x the summary's final
					  one (0: none) */
	const char *bad;               /* the first disagreement */
};

static void check_epoch(const void *row, void *ctx)
{
	const struct epoch_record *e = &((const struct epoch_row *)row)->e;
	struct epochs_check *k = ctx;
	size_t S = k->sched->steps_per_epoch;
	k->n++;
	if (!k->bad && e->epoch != k->n)
		k->bad = "epochs not numbered 1, 2, ...";
	/* every epoch has steps_per_epoch steps but a budget's last */
	if (!k->bad && (k->partial || e->epoch_steps > S || e->steps - k->steps != e->epoch_steps))
		k->bad = "steps that do not add up (epoch_steps is steps_per_epoch but in the last epoch)";
	if (!k->bad && e->learning_rate != schedule_lr(k->sched, e->steps - 1))
		k->bad = "learning rates other than the config's schedule";
	k->partial = e->epoch_steps < S;
	k->steps = e->steps;
	/* a partial epoch stops before its last, short batch */
	k->examples += e->epoch_steps == S ? k->n_train : e->epoch_steps * k->B;
	if (k->n == 1 || e->val_acc > k->best) {
		k->best = e->val_acc;
		k->best_epoch = e->epoch;
	}
	k->finite &= isfinite(e->train_loss) && isfinite(e->val_loss);
	if (e->val_acc < 0.95 * k->s->final_val_acc)
		k->last_below = e->epoch;
	k->last = *e;
	target_observe(k->cfg, &k->hit, &(struct target_eval){e->steps, k->examples, S, 0.0,
		       e->train_loss, e->train_acc, e->val_loss, e->val_acc});
}

/* Do the summary's target columns agree with its epochs and the config
 * (target.h)?  At epoch resolution they are the epochs' first hit; with
 * eval_every an evaluation between two epoch ends may have met it
 * earlier, never later, and a run censored between them is censored in
 * its epochs.  NULL, or what does not. */
static const char *target_disagreement(const struct summary_row *s, const struct epochs_check *k)
{
	const struct config *c = k->cfg;
	int reached = !isnan(s->steps_to_target);
	if (isnan(s->steps_to_target) != isnan(s->epochs_to_target) ||
	    isnan(s->steps_to_target) != isnan(s->examples_to_target) ||
	    isnan(s->steps_to_target) != isnan(s->seconds_to_target))
		return "target columns of which some are empty and some not";
	if (c->target_metric == TGT_NONE)
		return reached ? "steps to a target the config does not have" : NULL;
	if (reached && s->steps_to_target < 1)
		return "steps to target below 1";
	if (s->status == RUN_TARGET && (!c->stop_at_target || !reached ||
					s->steps_to_target != (double)s->steps))
		return "status target for a run that did not stop at its target";
	if (s->status == RUN_OK && c->stop_at_target && reached)
		return "status ok for a run that should have stopped at its target";
	if (!reached)
		return target_reached(&k->hit) ? "censored, though an epoch met the target" : NULL;
	if (s->steps_to_target != floor(s->steps_to_target) ||
	    s->epochs_to_target != s->steps_to_target / (double)s->steps_per_epoch ||
	    s->steps_to_target > (double)s->steps)
		return "steps or epochs to target that do not add up";
	if (c->eval_every == 0 || (s->steps_to_target != floor(s->steps_to_target /
		(double)c->eval_every) * (double)c->eval_every)) {
		/* an epoch's end: the epochs' own first hit */
		if (s->steps_to_target != k->hit.steps || s->examples_to_target != k->hit.examples)
			return "steps to target other than the first epoch that met it";
	} else if (target_reached(&k->hit) && s->steps_to_target > k->hit.steps) {
		return "steps to target after the first epoch that met it";
	}
	return NULL;
}

static int same_value(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/* Do the summary s and the epochs (checked into k) agree, and with the
 * config?  NULL, or what does not. */
static const char *disagreement(const struct summary_row *s, const struct epochs_check *k)
{
	const struct lr_schedule *sc = k->sched;
	size_t T = sc->total_steps;
	double ref = train_diverge_reference(s->initial_val_loss, k->cfg->centers);
	const struct epoch_record *e = &k->last;
	if (k->bad)
		return k->bad;
	if (k->n != s->epochs)
		return "not as many epochs as its summary says";
	if (s->epochs > k->planned)
		return "more epochs than the config asks for";
	if (s->steps_per_epoch != sc->steps_per_epoch)
		return "steps_per_epoch other than the config's";
	if (s->steps != k->steps || s->examples != k->examples)
		return "steps or examples other than its epochs'";
	if (s->steps > T)
		return "more steps than the config's budget";
	if (s->effective_learning_rate != sc->peak)
		return "an effective_learning_rate other than the config's";
	if (!same_value(s->final_train_loss, e->train_loss) ||
	    !same_value(s->final_train_acc, e->train_acc) ||
	    !same_value(s->final_val_loss, e->val_loss) || s->final_val_acc != e->val_acc)
		return "final values other than its last epoch's";
	if (s->best_val_acc != k->best || s->best_epoch != k->best_epoch)
		return "a best epoch that is not its epochs' best";
	if (s->epochs_to_95 != k->last_below + 1)
		return "an epochs_to_95 other than its epochs'";
	if (s->status == RUN_OK && (s->epochs != k->planned || s->steps != T || !k->finite ||
				    train_diverged(e->train_loss, e->val_loss, ref)))
		return "status ok for a run that did not finish or diverged";
	if (s->status == RUN_DIVERGED && !train_diverged(e->train_loss, e->val_loss, ref))
		return "status diverged for a last epoch that did not";
	if (s->status == RUN_INTERRUPTED)
		return "status interrupted";
	return target_disagreement(s, k);
}

int runfile_finished(const char *dir, const struct config *c,
		     const struct runfile_tables *rt, struct run_point p,
		     char *why, size_t whysize)
{
	struct summary_row s;
	struct run_want w = want_of(c, rt, p);
	struct config pc;
	char path[4300];
	int missing_s, missing_e;
	long n;
	run_path(path, sizeof path, dir, rt, p, &rt->summary);
	n = read_strict(path, &rt->summary, &w, keep_summary, &s, &missing_s, why, whysize);
	if (n < 0 && missing_s) {
		/* no summary: the run never finished, unless an epochs file
		 * says otherwise */
		run_path(path, sizeof path, dir, rt, p, &rt->epochs);
		if (access(path, F_OK) != 0)
			return 0;
		msgf(why, whysize, "%s: no summary file beside it", path);
		return -1;
	}
	if (n < 0)
		return (int)n;
	if (n != 1) {
		msgf(why, whysize, "%s: %ld rows, expected 1", path, n);
		return -1;
	}
	{
		struct lr_schedule sched;
		struct epochs_check k;
		char epochs[4300];
		const char *bad, *base;
		config_point(c, p.point, &pc);
		schedule_init(&sched, &pc, p.batch_size, pc.n_train);
		memset(&k, 0, sizeof k);
		k.s = &s;
		k.sched = &sched;
		k.cfg = &pc;
		target_clear(&k.hit);
		k.B = p.batch_size < pc.n_train ? p.batch_size : pc.n_train;
		k.n_train = pc.n_train;
		k.planned = train_epochs(&pc, p.batch_size);
		k.finite = 1;
		run_path(epochs, sizeof epochs, dir, rt, p, &rt->epochs);
		if ((n = read_strict(epochs, &rt->epochs, &w, check_epoch, &k, &missing_e, why,
				     whysize)) < 0)
			return (int)n;
		if ((bad = disagreement(&s, &k)) != NULL) {
			base = strrchr(epochs, '/');
			msgf(why, whysize, "%s and %s: %s", path, base ? base + 1 : epochs, bad);
			return -1;
		}
	}
	/* its final weights, when the config asks for them */
	if (c->save_weights) {
		runfile_weights_path(path, sizeof path, dir, rt, p);
		switch (weights_check(path, c, why, whysize)) {
		case 0:
			msgf(why, whysize, "%s: missing (the run's files are there, its "
			     "final weights are not)", path);
			return -1;
		case -1:
			return -1;
		}
	}
	return 1;
}

enum status runfile_read_summary(const char *dir, const struct config *c,
				 const struct runfile_tables *rt, struct run_point p,
				 struct summary_row *row, char *err, size_t errsize)
{
	struct run_want w = want_of(c, rt, p);
	char path[4300];
	int missing;
	long n;
	run_path(path, sizeof path, dir, rt, p, &rt->summary);
	n = read_strict(path, &rt->summary, &w, keep_summary, row, &missing, err, errsize);
	if (n == 1)
		return ST_OK;
	if (n == -2)
		return ST_NOMEM;
	if (n >= 0)
		msgf(err, errsize, "%s: %ld rows, expected 1", path, n);
	return ST_INPUT;
}

/* runfile_read_epochs' callback, as read_strict calls it. */
struct each_epoch {
	void (*each)(const struct epoch_row *row, void *ctx);
	void *ctx;
};

static void each_epoch(const void *row, void *ctx)
{
	const struct each_epoch *x = ctx;
	x->each(row, x->ctx);
}

enum status runfile_read_epochs(const char *dir, const struct config *c,
				const struct runfile_tables *rt, struct run_point p,
				void (*each)(const struct epoch_row *row, void *ctx), void *ctx,
				char *err, size_t errsize)
{
	struct run_want w = want_of(c, rt, p);
	struct each_epoch x = {each, ctx};
	char path[4300];
	int missing;
	run_path(path, sizeof path, dir, rt, p, &rt->epochs);
	switch (read_strict(path, &rt->epochs, &w, each_epoch, &x, &missing, err, errsize)) {
	case -2: return ST_NOMEM;
	case -1: return ST_INPUT;
	}
	return ST_OK;
}

/* The rows of a run file kept from an earlier invocation, each read
 * and written again by the table, so the combined file holds bsweep's own
 * text whatever spelling the run file had (" 8", "01", CRLF). */
struct copy_ctx {
	FILE *out;
	const struct csv_table *t;
};

static void copy_row(const void *row, void *ctx)
{
	const struct copy_ctx *c = ctx;
	csv_write_row(c->out, c->t, row);
}

/* The rows of a run file this process wrote: copied as they are (its own
 * text; parsing and printing every number again would cost more than the
 * training of a small sweep). */
static enum status copy_bytes(FILE *out, const char *path, char *err, size_t errsize)
{
	char buf[65536];
	size_t n;
	int c0;
	FILE *in = fopen_read(path, 1);
	if (!in) {
		msgf(err, errsize, "%s: %s", path, strerror(errno));
		return ST_IO;
	}
	while ((c0 = getc(in)) != EOF && c0 != '\n') /* skip the header */
		;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	if (ferror(in)) {
		msgf(err, errsize, "%s: read error", path);
		fclose(in);
		return ST_IO;
	}
	fclose(in);
	return ST_OK;
}

enum status runfile_write_table(const char *dir, const char *name, const struct csv_table *t,
				const void *rows, size_t row_size, size_t n,
				char *err, size_t errsize)
{
	struct atomic_file af;
	char path[4300];
	enum status s;
	msgf(path, sizeof path, "%s/%s", dir, name);
	if ((s = afile_open(&af, path, err, errsize)) != ST_OK)
		return s;
	csv_write_header(af.f, t);
	for (size_t i = 0; i < n; i++)
		csv_write_row(af.f, t, (const char *)rows + i * row_size);
	return afile_commit(&af, err, errsize);
}

enum status runfile_assemble(const char *dir, const struct config *c,
			     const struct runfile_tables *rt, const struct csv_table *t,
			     const unsigned char *kept, char *err, size_t errsize)
{
	struct atomic_file af;
	char path[4300];
	enum status s;
	msgf(path, sizeof path, "%s/%s.csv", dir, t->name);
	if ((s = afile_open(&af, path, err, errsize)) != ST_OK)
		return s;
	csv_write_header(af.f, t);
	for (size_t k = 0; k < config_runs(c); k++) {
		struct run_point p = config_run(c, k);
		struct copy_ctx ctx = {af.f, t};
		struct run_want w = want_of(c, rt, p);
		int missing;
		long n;
		run_path(path, sizeof path, dir, rt, p, t);
		if (!kept[k])
			s = copy_bytes(af.f, path, err, errsize);
		else if ((n = read_strict(path, t, &w, copy_row, &ctx, &missing, err, errsize)) < 0)
			s = n == -2 ? ST_NOMEM : ST_IO;
		if (s != ST_OK) {
			afile_abort(&af);
			return s;
		}
	}
	return afile_commit(&af, err, errsize);
}
