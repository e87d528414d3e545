/* compare.c: `bsweep compare DIR_A DIR_B [DIR_C ...]`: one config's
 * results from several directories (machines, builds, thread counts) side
 * by side, the first directory being the reference.  Reading the files is
 * results.c's job; this file decides what may be compared and prints it.
 *
 * What may be compared: the resolved configs in run.json must be equal
 * apart from config.name and config.timing (repeats and warmup are how a
 * run is measured, not what it computes), and so must data_hash (the same
 * config giving other data means another data generator: an error).  The
 * configs are compared with every default filled in (results.h), so a
 * run.json written before a key existed matches one that gives the key
 * its default.  A grid (sweep.grid) must have the same axes in the same
 * order with the same values; it is checked first, for a message that
 * names the axis.  Different BLAS threads, jobs or repeats are warned
 * about, since they are often the point of the comparison.
 *
 * A row of the comparison is a batch size, or with a grid a batch size
 * and a grid point (batch sizes ascending, then the points in config
 * order); every table and verdict below is per row.
 *
 * Time of a row in one directory (seconds): the median over the seeds of
 * each run's median (total_seconds), the min of the runs' mins, the max
 * of their maxes and the median of their MADs.  With one repeat per run a
 * run's MAD is 0, so the spread is taken across the seeds instead (same
 * steps, only the shuffles differ): MAD of the run times.
 *
 * Noise rule, against the first directory: a difference is significant
 * when the min..max ranges do not overlap AND
 *     |median_d - median_ref| > 3 * 1.4826 * sqrt(MAD_d^2 + MAD_ref^2)
 * (1.4826 MAD estimates a standard deviation for normal noise).  Both
 * sides need at least 3 measurements (repeats, or seeds with one repeat),
 * otherwise the verdict is "n/a".
 * A significant difference is printed as hyperfine prints one, "F ± e
 * times faster (slower) than REF", F >= 1 the ratio or its inverse and e
 * its error propagated from the two spreads (times_text); the text output
 * ends the table with these definitions and names the spread its MAD
 * column is (spread_of).  The summary line per directory counts the rows
 * each way.
 *
 * Results: the same seed must give the same curves on every machine, how
 * exactly depending on the path the config's network trains on
 * (mlp_auto_path, by shape; a grid cannot change the shape, so one path
 * holds for the whole comparison).  On the fused path every operation is
 * bsweep's own, in one order on every x86-64 CPU and instruction set
 * (docs/semantics.md, "The same bits on every x86-64 machine"), so
 * final_val_acc and final_val_loss must be equal bit for bit: a
 * difference there is news (another bsweep version or C library, or a
 * fault), and a tolerance would hide it.  On the BLAS path OpenBLAS picks
 * its kernels by CPU and its sums may differ in the last bits, so
 * final_val_acc must be equal and final_val_loss equal within 1e-4
 * relative.  Runs that differ are listed and warned about (the exit
 * status stays 0: it is a finding, not a failure).
 */
#define _XOPEN_SOURCE 700  /* realpath */
#include "compare.h"

#include <errno.h>
#include <stddef.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "csv.h"
#include "fingerprint.h"
#include "json.h"
#include "mlp.h"
#include "plot.h"
#include "results.h"
#include "stats.h"
#include "util.h"

#define MIN_MEASUREMENTS 3      /* per side, for a significance verdict */
#define NOISE_SDS 3.0
#define LOSS_RTOL 1e-4
#define MAX_LISTED 20           /* differing runs listed in the text output */

static void usage(FILE *f)
{
	fputs(
"Usage: bsweep compare [--csv] [-o FIGURE] DIR_A DIR_B [DIR_C ...]\n"
"\n"
"Compare the results of one config from several results directories\n"
"(machines, builds, thread counts); the first directory is the reference.\n"
"For each batch size (and grid point, with sweep.grid): every directory's\n"
"time per run (median, min, max, MAD), its ratio to the first directory's\n"
"and whether the difference exceeds the noise; the final validation\n"
"accuracies, which must agree on every machine (see Results below); then the\n"
"machine, build and settings that differ.\n"
"\n"
"Options:\n"
"      --csv      print one CSV row per batch size (x grid point) x directory\n"
"                 instead, a grid's values in columns named by their keys\n"
"                 (what scripts/compare.gp and `make compare` plot)\n"
"  -o, --out FILE also draw the comparison into FILE, its format by its\n"
"                 extension (.png, .svg or .pdf), with gnuplot and the\n"
"                 scripts `bsweep plot` uses (see `bsweep plot --help`);\n"
"                 prints FILE's path after the comparison\n"
"  -h, --help     print this help and exit\n"
"\n"
"Time of a batch size (and grid point): median over its seeds of each run's\n"
"median time; min of the mins, max of the maxes; median of the runs' MADs\n"
"(with one repeat per run: the MAD of the run times across seeds).  A\n"
"difference is significant when the min..max ranges do not overlap and\n"
"  |median - median_first| > 3 x 1.4826 x sqrt(MAD^2 + MAD_first^2);\n"
"it needs at least 3 measurements on each side (repeats, or seeds with one\n"
"repeat), otherwise \"n/a\".  Ratio = median / median_first (> 1: slower).\n"
"A significant difference is shown as \"F \u00b1 e times faster (or\n"
"slower) than FIRST\", F = 1/ratio (or ratio), e = F x sqrt((s/median)^2 +\n"
"(s_first/median_first)^2) with s = 1.4826 x MAD (error propagation); else\n"
"\"no significant difference\".  The table is followed by these definitions\n"
"and by which spread its MAD column is, per directory when they differ.\n"
"\n"
"Results: every run must agree with the first directory's.  On the fused\n"
"path (small networks, trained by bsweep's own kernels) one bsweep version\n"
"gives the same bits on every x86-64 CPU and instruction set, so\n"
"final_val_acc and final_val_loss must be equal bit for bit.  On the BLAS\n"
"path OpenBLAS's sums may differ in the last bits across CPUs:\n"
"final_val_acc must be equal, final_val_loss within 1e-4 relative.  The\n"
"output says which rule it applied.\n"
"\n"
"Refused (exit 2): results of different configs (config.name and\n"
"config.timing may differ; a grid must have the same axes, order and values)\n"
"or of different data (data_hash), incomplete sweeps, missing or malformed\n"
"run.json or summary.csv.  Warned about: other BLAS threads, jobs or\n"
"repeats; runs whose final accuracy or loss differ (the rule above).\n"
"\n"
"Exit status: 0 success, 1 I/O error or out of memory,\n"
"             2 usage error or results that cannot be compared.\n", f);
}

/* ------------------------------------------------------------ labels */

/* The last k '/'-separated components of path (trailing slashes ignored),
 * characters that would break a CSV field or a line replaced by '_'. */
static char *path_tail(const char *path, size_t k)
{
	size_t end = strlen(path), start;
	char *s;
	while (end > 1 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && k > 0) {
		if (path[start - 1] == '/' && --k == 0)
			break;
		start--;
	}
	s = xmalloc(end - start + 1);
	if (!s)
		return NULL;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)path[i];
		s[i - start] = c == ',' || c == '"' || c < 0x20 || c == 0x7f ? '_' : (char)c;
	}
	s[end - start] = '\0';
	return s;
}

static size_t n_components(const char *path)
{
	size_t n = 1;
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1] && p[1] != '/')
			n++;
	return n;
}

/* A malloc'd copy of s, or NULL. */
static char *copy(const char *s)
{
	char *c = xmalloc(strlen(s) + 1);
	if (c)
		strcpy(c, s);
	return c;
}

/* What identifies a directory: its real path, or (when it cannot be
 * resolved) the name as given.  NULL when out of memory. */
static char *identity(const char *dir)
{
	char *real = realpath(dir, NULL), *id;
	if (!real)
		return path_tail(dir, SIZE_MAX);
	id = copy(real);
	free(real);
	return id;
}

/* The name a label is cut from: the directory as given, or resolved when
 * its base name says nothing ("", ".", "..", "/").  NULL when out of
 * memory. */
static char *label_source(const char *dir)
{
	char *base = path_tail(dir, 1), *real, *name;
	int vague;
	if (!base)
		return NULL;
	vague = !*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
		strcmp(base, "/") == 0;
	free(base);
	if (vague && (real = realpath(dir, NULL))) {
		name = copy(real);
		free(real);
		return name;
	}
	return copy(dir);
}

/* Lengthen the labels (k[i] components of name[i]) until no two different
 * directories (id) share one.  Returns 0, or -1 when out of memory. */
static int unclash(char **labels, char **name, char **id, size_t *k, size_t n)
{
	int changed = 1;
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			int clash = 0;
			for (size_t j = 0; j < n; j++)
				clash |= j != i && strcmp(labels[i], labels[j]) == 0 &&
					 strcmp(id[i], id[j]) != 0;
			if (clash && k[i] < n_components(name[i])) {
				k[i]++;
				changed = 1;
			}
		}
		for (size_t i = 0; changed && i < n; i++) {
			free(labels[i]);
			if (!(labels[i] = path_tail(name[i], k[i])))
				return -1;
		}
	}
	return 0;
}

/* "#2", "#3" after the second and later labels of one directory (given
 * twice, perhaps spelled differently: "A", "A/", "./A"), which then share
 * the first one's label.  Returns 0, or -1 when out of memory. */
static int number_repeats(char **labels, char **id, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		size_t same = 1, len;
		char *s;
		for (size_t j = 0; j < i; j++)
			same += strcmp(id[i], id[j]) == 0;
		if (same > 1)
			for (size_t j = 0; j < i; j++)
				if (strcmp(id[i], id[j]) == 0) {
					char *first = copy(labels[j]);
					if (!first)
						return -1;
					free(labels[i]);
					labels[i] = first;
					break;
				}
		if (same == 1)
			continue;
		len = strlen(labels[i]) + 24;
		if (!(s = xmalloc(len)))
			return -1;
		msgf(s, len, "%s#%zu", labels[i], same);
		free(labels[i]);
		labels[i] = s;
	}
	return 0;
}

/* Labels: each directory's base name, with more leading components for
 * names that clash ("laptop/blobs", "cluster/blobs") and "#2", "#3" for
 * the same directory given twice.  A name "." or ".." is resolved first. */
static int make_labels(char **labels, const char *const *dirs, size_t n)
{
	char **name = xcalloc(n, sizeof *name), **id = xcalloc(n, sizeof *id);
	size_t *k = xcalloc(n, sizeof *k);
	int rc = -1;
	if (!name || !id || !k)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *src = label_source(dirs[i]);
		/* the whole name without trailing slashes, to cut from */
		name[i] = src ? path_tail(src, SIZE_MAX) : NULL;
		labels[i] = src ? path_tail(src, 1) : NULL;
		id[i] = identity(dirs[i]);
		k[i] = 1;
		free(src);
		if (!name[i] || !labels[i] || !id[i])
			goto out;
	}
	if (unclash(labels, name, id, k, n) == 0 && number_repeats(labels, id, n) == 0)
		rc = 0;
out:
	for (size_t i = 0; name && id && i < n; i++) {
		free(name[i]);
		free(id[i]);
	}
	free(name);
	free(id);
	free(k);
	return rc;
}

/* ------------------------------------------------------------ what may be compared */

/* The values of axis a of c as "[0.001, 0.01]", cut with "..." when long. */
static void axis_values(char *buf, size_t size, const struct config *c, size_t a)
{
	size_t n = 0;
	msgf(buf, size, "[");
	for (size_t i = 0; i < c->grid[a].n; i++) {
		char v[64];
		config_grid_text(c, a, i, v, sizeof v);
		n = strlen(buf);
		if (n + strlen(v) + 8 > size || n > 100) {
			msgf(buf + n, size - n, "...");
			break;
		}
		msgf(buf + n, size - n, "%s%s", i ? ", " : "", v);
	}
	n = strlen(buf);
	msgf(buf + n, size - n, "]");
}

/* The index of the axis named path in c, or c->n_grid. */
static size_t axis_named(const struct config *c, const char *path)
{
	size_t a = 0;
	while (a < c->n_grid && strcmp(c->grid[a].path, path) != 0)
		a++;
	return a;
}

/* The axes of c, "train.learning_rate, train.momentum". */
static void axes_text(char *buf, size_t size, const struct config *c)
{
	buf[0] = '\0';
	for (size_t a = 0; a < c->n_grid; a++) {
		size_t n = strlen(buf);
		msgf(buf + n, size - n, "%s%s", a ? ", " : "", c->grid[a].path);
	}
}

/* The first difference between the grids of a and b: an axis that only
 * one has, the axes in another order, or a value of an axis.  Returns 1
 * with the difference as "PATH: X in A, Y in B" in buf (A and B the
 * directories' names), or 0 when the grids are the same. */
static int grid_differs(char *buf, size_t size, const struct results *ra,
			const struct results *rb)
{
	const struct config *a = &ra->cfg, *b = &rb->cfg;
	char va[160], vb[160];
	for (int side = 0; side < 2; side++) {
		const struct config *x = side ? b : a, *y = side ? a : b;
		for (size_t i = 0; i < x->n_grid; i++) {
			if (axis_named(y, x->grid[i].path) < y->n_grid)
				continue;
			axis_values(side ? vb : va, sizeof va, x, i);
			msgf(side ? va : vb, sizeof va, "absent");
			msgf(buf, size, "config.sweep.grid[\"%s\"]: %s in %s, %s in %s",
			     x->grid[i].path, va, ra->dir, vb, rb->dir);
			return 1;
		}
	}
	for (size_t i = 0; i < a->n_grid; i++)
		if (strcmp(a->grid[i].path, b->grid[i].path) != 0) {
			axes_text(va, sizeof va, a);
			axes_text(vb, sizeof vb, b);
			msgf(buf, size, "config.sweep.grid: the axes in another order: %s in %s; "
			     "%s in %s", va, ra->dir, vb, rb->dir);
			return 1;
		}
	for (size_t i = 0; i < a->n_grid; i++)
		for (size_t j = 0; j < a->grid[i].n || j < b->grid[i].n; j++) {
			if (j < a->grid[i].n && j < b->grid[i].n &&
			    a->grid[i].values[j] == b->grid[i].values[j])
				continue;
			msgf(va, sizeof va, "absent");
			msgf(vb, sizeof vb, "absent");
			if (j < a->grid[i].n)
				config_grid_text(a, i, j, va, sizeof va);
			if (j < b->grid[i].n)
				config_grid_text(b, i, j, vb, sizeof vb);
			msgf(buf, size, "config.sweep.grid[\"%s\"][%zu]: %s in %s, %s in %s",
			     a->grid[i].path, j, va, ra->dir, vb, rb->dir);
			return 1;
		}
	return 0;
}

/* Refuse results of different configs, grids or data.  Returns an exit
 * code. */
static int check_comparable(const struct results *res, size_t n)
{
	const cJSON *h0 = results_get(&res[0], "data_hash");
	for (size_t i = 1; i < n; i++) {
		const cJSON *da = NULL, *db = NULL, *h = results_get(&res[i], "data_hash");
		char path[512] = "config", va[128], vb[128], grid[MSG_MAX];
		if (grid_differs(grid, sizeof grid, &res[0], &res[i])) {
			note("%s: %s and %s hold results of different grids: %s\n"
				"hint: only config.name and config.timing may differ between "
				"the directories compared\n", util_progname, res[0].dir,
				res[i].dir, grid);
			return EXIT_USAGE;
		}
		if (json_diff(res[0].resolved, res[i].resolved, config_not_experiment, path,
			      sizeof path, &da, &db)) {
			if (json_value_text(va, sizeof va, da) != ST_OK ||
			    json_value_text(vb, sizeof vb, db) != ST_OK) {
				note("%s: out of memory\n", util_progname);
				return EXIT_RUNTIME;
			}
			note("%s: %s and %s hold results of different configs: "
				"%s: %s in %s, %s in %s\n"
				"hint: only config.name and config.timing may differ between "
				"the directories compared\n", util_progname, res[0].dir,
				res[i].dir, path, va, res[0].dir, vb, res[i].dir);
			return EXIT_USAGE;
		}
		if (cJSON_IsString(h0) && cJSON_IsString(h) &&
		    strcmp(h0->valuestring, h->valuestring) != 0) {
			note("%s: %s and %s: same config but different data "
				"(data_hash %s in %s, %s in %s)\n"
				"hint: the builds generate different data from the config; "
				"their results are not comparable\n", util_progname,
				res[0].dir, res[i].dir, h0->valuestring, res[0].dir,
				h->valuestring, res[i].dir);
			return EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!cJSON_IsString(results_get(&res[i], "data_hash")))
			warn("%s: run.json has no data_hash: cannot check that the data "
			     "are the same", res[i].dir);
	return EXIT_OK;
}

/* The keys shown (when they differ) in "machine, build and settings":
 * every field of the fingerprint (fingerprint_fields), then how the runs
 * were executed and measured.  Where run.json keeps each: the first path
 * present wins, else the default (what a run.json written before the key
 * existed meant). */
struct setting {
	const char *name, *path, *alt, *dflt;
	int warn;               /* a difference changes what the times measure */
};
static const struct setting execution[] = {
	{"blas_threads", "execution.blas_threads", "machine.blas_threads", NULL, 1},
	{"jobs", "execution.jobs", NULL, "1", 1},
	{"side_by_side", "execution.side_by_side", NULL, "false", 0},
	{"repeats", "config.timing.repeats", NULL, "1", 1},
	{"warmup", "config.timing.warmup", NULL, "0", 0},
};
#define N_EXECUTION (sizeof execution / sizeof execution[0])
#define N_SETTINGS (fingerprint_n_fields + N_EXECUTION)

/* Setting k of the list above. */
static struct setting setting_at(size_t k)
{
	if (k < fingerprint_n_fields) {
		struct setting s = {fingerprint_fields[k].name, fingerprint_fields[k].json_path,
				    NULL, NULL, 0};
		return s;
	}
	return execution[k - fingerprint_n_fields];
}

static void setting_text(char *buf, size_t size, const struct results *r,
			 const struct setting *s)
{
	const cJSON *v = results_get(r, s->path);
	if (!v && s->alt)
		v = results_get(r, s->alt);
	json_scalar_text(buf, size, v, s->dflt);  /* "(array)", "(object)" will do here */
}

/* Does setting s differ between any two directories? */
static int setting_differs(const struct results *res, size_t n, const struct setting *s)
{
	char a[640], b[640];
	setting_text(a, sizeof a, &res[0], s);
	for (size_t i = 1; i < n; i++) {
		setting_text(b, sizeof b, &res[i], s);
		if (strcmp(a, b) != 0)
			return 1;
	}
	return 0;
}

static void warn_settings(const struct results *res, size_t n)
{
	for (size_t k = 0; k < N_SETTINGS; k++) {
		struct setting set = setting_at(k);
		if (!set.warn || !setting_differs(res, n, &set))
			continue;
		note("%s: warning: %s differ:", util_progname, set.name);
		for (size_t i = 0; i < n; i++) {
			char v[640];
			setting_text(v, sizeof v, &res[i], &set);
			note("%s %s in %s", i ? "," : "", v, res[i].dir);
		}
		fputc('\n', stderr);
	}
}

/* ------------------------------------------------------------ statistics */

/* One directory at one row (batch size, grid point). */
struct cell {
	double median, lo, hi, mad;  /* seconds */
	size_t repeats;              /* fewest repeats among the runs */
	size_t n;                    /* measurements behind the spread */
	int from_seeds;              /* one repeat: spread across the seeds */
	double acc_mean, loss_mean;  /* over the seeds */
	size_t n_differ;             /* runs whose results differ from the first directory's */
};

enum verdict { V_REF, V_NA, V_NOISE, V_FASTER, V_SLOWER };

/* The same value (NaN the same as NaN)?  summary.csv holds shortest
 * round-trip doubles, so values read equal were written from the same
 * bits: on the fused path this is the bit-for-bit test. */
static int same_value(double x, double y)
{
	return x == y || (isnan(x) && isnan(y));
}

/* Do two runs' results differ: bit for bit when exact (the fused path),
 * else the loss up to LOSS_RTOL (the BLAS path's rounding; see the top of
 * this file)?  Returns a mask: 1 status, 2 final_val_acc, 4 final_val_loss
 * differ. */
static int run_differs(const struct summary_row *a, const struct summary_row *b, int exact)
{
	double x = a->final_val_loss, y = b->final_val_loss;
	int m = 0;
	if (a->status != b->status)
		m |= 1;
	if (!same_value(a->final_val_acc, b->final_val_acc))
		m |= 2;
	if (!same_value(x, y) && (exact || !(fabs(x - y) <= LOSS_RTOL * fmax(fabs(x), fabs(y)))))
		m |= 4;
	return m;
}

/* Fill c for batch index b and grid point p of r, its results compared
 * with ref's by run_differs (exact or not); tmp holds n_seed doubles. */
static void cell_fill(struct cell *c, const struct results *r, const struct results *ref,
		      size_t b, size_t p, int exact, double *tmp)
{
	size_t ns = r->cfg.n_seeds;
	memset(c, 0, sizeof *c);
	c->lo = INFINITY;
	c->hi = -INFINITY;
	c->repeats = SIZE_MAX;
	for (size_t s = 0; s < ns; s++) {
		const struct summary_row *x = results_run(r, b, p, s);
		c->lo = fmin(c->lo, x->total_seconds_min);
		c->hi = fmax(c->hi, x->total_seconds_max);
		c->repeats = x->repeats < c->repeats ? x->repeats : c->repeats;
		c->acc_mean += x->final_val_acc / (double)ns;
		c->loss_mean += x->final_val_loss / (double)ns;
		c->n_differ += run_differs(x, results_run(ref, b, p, s), exact) != 0;
		tmp[s] = x->total_seconds;
	}
	c->median = stats_median(tmp, ns);
	if (c->repeats >= 2) {
		c->n = c->repeats;
		for (size_t s = 0; s < ns; s++)
			tmp[s] = results_run(r, b, p, s)->total_seconds_mad;
		c->mad = stats_median(tmp, ns);
	} else {
		c->n = ns;
		c->from_seeds = 1;
		for (size_t s = 0; s < ns; s++)
			tmp[s] = fabs(results_run(r, b, p, s)->total_seconds - c->median);
		c->mad = stats_median(tmp, ns);
	}
}

static enum verdict verdict(const struct cell *c, const struct cell *ref)
{
	double noise = NOISE_SDS * STATS_MAD_TO_SD * sqrt(c->mad * c->mad + ref->mad * ref->mad);
	if (c->n < MIN_MEASUREMENTS || ref->n < MIN_MEASUREMENTS)
		return V_NA;
	if ((c->hi < ref->lo || ref->hi < c->lo) && fabs(c->median - ref->median) > noise)
		return c->median < ref->median ? V_FASTER : V_SLOWER;
	return V_NOISE;
}

/* "n/a (1 repeat, 2 seeds)": why there is no verdict. */
static void na_text(char *buf, size_t size, const struct cell *c, const struct cell *ref)
{
	const struct cell *few = c->n <= ref->n ? c : ref;
	if (few->from_seeds)
		msgf(buf, size, "n/a (1 repeat, %zu seed%s)", few->n, few->n == 1 ? "" : "s");
	else
		msgf(buf, size, "n/a (%zu repeats)", few->n);
}

/* ------------------------------------------------------------ output */

struct comparison {
	size_t n_dir, n_batch, n_point, n_seed;
	const struct results *res;
	const struct config *cfg; /* the first directory's (the grid, batch
				     sizes and seeds are every directory's) */
	int exact;              /* cfg trains on the fused path: results must
				   agree bit for bit (run_differs) */
	char **labels;
	size_t *order;          /* batch indices by ascending batch size */
	struct cell *cells;     /* [(b * n_point + p) * n_dir + d], config order */
	const char *axis[CONFIG_MAX_GRID]; /* a grid axis' column title */
	int axis_width[CONFIG_MAX_GRID];   /* and its width */
	struct csv_table csv;   /* --csv's columns: compare_csv, with a grid
				   a column per axis after batch_size */
	struct csv_column *csv_cols; /* csv's, with a grid */
	double scale;           /* seconds to the text table's unit */
	const char *unit;       /* "s", "ms" or "us" */
	double *tmp;            /* (n_seed) scratch */
};

static const struct cell *cell_at(const struct comparison *x, size_t b, size_t p, size_t d)
{
	return &x->cells[(b * x->n_point + p) * x->n_dir + d];
}

/* The text table's unit: the largest of s, ms, us in which every median
 * is at least 0.1, so that 3 decimals show 3 significant digits or more. */
static void choose_unit(struct comparison *x)
{
	double lo = INFINITY;
	for (size_t i = 0; i < x->n_batch * x->n_point * x->n_dir; i++)
		if (x->cells[i].median > 0)
			lo = fmin(lo, x->cells[i].median);
	x->scale = lo >= 0.1 || !isfinite(lo) ? 1 : lo >= 1e-4 ? 1e3 : 1e6;
	x->unit = x->scale == 1 ? "s" : x->scale == 1e3 ? "ms" : "us";
}

static void fmt_time(char *buf, size_t size, const struct comparison *x, double seconds)
{
	if (isfinite(seconds))
		msgf(buf, size, "%.3f", seconds * x->scale);
	else
		msgf(buf, size, "n/a");
}

/* ------------------------------------------------------------ grid points */

/* Does path end with the components t ("learning_rate",
 * "warmup.epochs")? */
static int ends_with(const char *path, const char *t)
{
	size_t n = strlen(path), k = strlen(t);
	return n >= k && strcmp(path + n - k, t) == 0 && (n == k || path[n - k - 1] == '.');
}

/* The title of axis a's column: the last component of its key's path
 * ("learning_rate"), with more leading components while another axis'
 * path ends the same ("warmup.epochs" beside "train.epochs"). */
static const char *axis_title(const struct config *c, size_t a)
{
	const char *path = c->grid[a].path, *t = path + strlen(path);
	for (;;) {
		int clash = 0;
		while (t > path && t[-1] != '.')
			t--;
		for (size_t o = 0; o < c->n_grid; o++)
			clash |= o != a && ends_with(c->grid[o].path, t);
		if (!clash || t == path)
			return t;
		t--;
	}
}

/* The titles and widths of the grid's columns in the text tables: the
 * title or the widest value. */
static void grid_columns(struct comparison *x)
{
	for (size_t a = 0; a < x->cfg->n_grid; a++) {
		size_t w;
		x->axis[a] = axis_title(x->cfg, a);
		w = strlen(x->axis[a]);
		for (size_t i = 0; i < x->cfg->grid[a].n; i++) {
			char v[64];
			config_grid_text(x->cfg, a, i, v, sizeof v);
			w = strlen(v) > w ? strlen(v) : w;
		}
		x->axis_width[a] = w > 64 ? 64 : (int)w;
	}
}

/* The grid's column titles, each after a blank (nothing without a grid). */
static void print_axes(FILE *f, const struct comparison *x)
{
	for (size_t a = 0; a < x->cfg->n_grid; a++)
		fprintf(f, " %*s", x->axis_width[a], x->axis[a]);
}

/* Grid point p's values under those titles. */
static void print_point(FILE *f, const struct comparison *x, size_t p)
{
	for (size_t a = 0; a < x->cfg->n_grid; a++) {
		char v[64];
		config_grid_text(x->cfg, a, config_grid_index(x->cfg, p, a), v, sizeof v);
		fprintf(f, " %*s", x->axis_width[a], v);
	}
}

/* ------------------------------------------------------------ the tables */

/* A row of --csv's output: one batch size (and grid point) in one
 * directory. */
struct compare_row {
	size_t batch_size, dir_index;    /* dir_index from 1 */
	const char *label;
	size_t seeds, repeats, measurements;
	double median, min, max, mad, ratio;
	int significant;                 /* index into significance */
	double final_val_acc, final_val_loss;
	size_t runs_differing;
	const char *dir;
	int grid[CONFIG_MAX_GRID];       /* the point's value on each axis
					    (runfile.h's summary_row.grid) */
};

static const char *const significance[] = {"ref", "n/a", "no", "yes", NULL};

#define C(field, type) {#field, type, offsetof(struct compare_row, field), 0, NULL}
#define T(name, field, type) {name, type, offsetof(struct compare_row, field), 0, NULL}
static const struct csv_column compare_cols[] = {
	C(batch_size, CSV_POSITIVE),
	C(dir_index, CSV_POSITIVE),
	C(label, CSV_TEXT),
	C(seeds, CSV_POSITIVE),
	C(repeats, CSV_POSITIVE),
	C(measurements, CSV_POSITIVE),
	T("median_seconds", median, CSV_REAL),
	T("min_seconds", min, CSV_REAL),
	T("max_seconds", max, CSV_REAL),
	T("mad_seconds", mad, CSV_REAL),
	C(ratio, CSV_REAL),
	{"significant", CSV_ENUM, offsetof(struct compare_row, significant), 0, significance},
	C(final_val_acc, CSV_REAL),
	C(final_val_loss, CSV_REAL),
	C(runs_differing, CSV_SIZE),
	C(dir, CSV_TEXT),
};
#undef C
#undef T
const struct csv_table compare_csv = {
	"compare", compare_cols, sizeof compare_cols / sizeof compare_cols[0]};

/* x->csv: compare_csv, or with a grid the same with a column per axis
 * after batch_size, named and spelled as in summary.csv (the first
 * directory's summary table gives the value texts).  0, or -1 when out of
 * memory. */
static int csv_table_of(struct comparison *x)
{
	const struct csv_table *sum = &x->res[0].tables.summary;
	size_t n = 0;
	x->csv = compare_csv;
	if (!x->cfg->n_grid)
		return 0;
	if (!(x->csv_cols = xcalloc(compare_csv.n_cols + x->cfg->n_grid, sizeof *x->csv_cols)))
		return -1;
	x->csv_cols[n++] = compare_cols[0];
	for (size_t a = 0; a < x->cfg->n_grid; a++) {
		const char *const *names = NULL;
		for (size_t i = 0; i < sum->n_cols; i++)
			if (strcmp(sum->cols[i].name, x->cfg->grid[a].path) == 0)
				names = sum->cols[i].names;
		x->csv_cols[n++] = (struct csv_column){x->cfg->grid[a].path, CSV_ENUM,
			offsetof(struct compare_row, grid) + a * sizeof(int), 0, names};
	}
	for (size_t i = 1; i < compare_csv.n_cols; i++)
		x->csv_cols[n++] = compare_cols[i];
	x->csv = (struct csv_table){compare_csv.name, x->csv_cols, n};
	return 0;
}

static void print_csv(FILE *f, const struct comparison *x)
{
	csv_write_header(f, &x->csv);
	for (size_t d = 0; d < x->n_dir; d++) {
		for (size_t i = 0; i < x->n_batch; i++) {
			size_t b = x->order[i];
			for (size_t p = 0; p < x->n_point; p++) {
				const struct cell *c = cell_at(x, b, p, d), *ref = cell_at(x, b, p, 0);
				enum verdict v = d ? verdict(c, ref) : V_REF;
				struct compare_row row = {
					.batch_size = x->cfg->batch_sizes[b], .dir_index = d + 1,
					.label = x->labels[d], .seeds = x->n_seed,
					.repeats = c->repeats, .measurements = c->n,
					.median = c->median, .min = c->lo, .max = c->hi,
					.mad = c->mad, .ratio = c->median / ref->median,
					.significant = v == V_REF ? 0 : v == V_NA ? 1 :
						       v == V_NOISE ? 2 : 3,
					.final_val_acc = c->acc_mean,
					.final_val_loss = c->loss_mean,
					.runs_differing = c->n_differ, .dir = x->res[d].dir};
				for (size_t a = 0; a < x->cfg->n_grid; a++)
					row.grid[a] = (int)config_grid_index(x->cfg, p, a);
				csv_write_row(f, &x->csv, &row);
			}
		}
	}
}

static int label_width(const struct comparison *x, int min)
{
	int w = min;
	for (size_t d = 0; d < x->n_dir; d++) {
		size_t n = strlen(x->labels[d]);
		if (n > (size_t)w)
			w = n > 64 ? 64 : (int)n;
	}
	return w;
}

/* A significant difference as hyperfine says it: "1.23 ± 0.04 times
 * faster than A" (or slower), the factor >= 1 whichever way it points.
 * The ± is the factor's standard deviation by first-order error
 * propagation of the two medians' spreads, s = STATS_MAD_TO_SD x MAD:
 *     factor x sqrt((s / median)^2 + (s_ref / median_ref)^2). */
static void times_text(char *buf, size_t size, const struct cell *c, const struct cell *ref,
		       const char *ref_label)
{
	int faster = c->median < ref->median;
	double f = faster ? ref->median / c->median : c->median / ref->median;
	double u = STATS_MAD_TO_SD * c->mad / c->median;
	double w = STATS_MAD_TO_SD * ref->mad / ref->median;
	double e = f * sqrt(u * u + w * w);
	if (isfinite(f) && isfinite(e))
		msgf(buf, size, "%.2f \u00b1 %.2f times %s than %s", f, e,
		     faster ? "faster" : "slower", ref_label);
	else
		msgf(buf, size, "%s than %s", faster ? "faster" : "slower", ref_label);
}

/* One line of the time table: row (b, p) in directory d. */
static void print_time_row(FILE *f, const struct comparison *x, size_t b, size_t p, size_t d,
			   int w)
{
	const struct cell *c = cell_at(x, b, p, d), *ref = cell_at(x, b, p, 0);
	char m[32], lo[32], hi[32], mad[32], ratio[32], v[160];
	fmt_time(m, sizeof m, x, c->median);
	fmt_time(lo, sizeof lo, x, c->lo);
	fmt_time(hi, sizeof hi, x, c->hi);
	fmt_time(mad, sizeof mad, x, c->mad);
	if (isfinite(c->median / ref->median))
		msgf(ratio, sizeof ratio, "%.3f", c->median / ref->median);
	else
		msgf(ratio, sizeof ratio, "n/a");
	switch (d ? verdict(c, ref) : V_REF) {
	case V_REF: msgf(v, sizeof v, "reference"); break;
	case V_NA: na_text(v, sizeof v, c, ref); break;
	case V_NOISE: msgf(v, sizeof v, "no significant difference"); break;
	case V_FASTER:
	case V_SLOWER: times_text(v, sizeof v, c, ref, x->labels[0]); break;
	}
	fprintf(f, "%10zu", x->cfg->batch_sizes[b]);
	print_point(f, x, p);
	fprintf(f, "  %-*s %10s %10s %10s %10s %7s  %s\n", w, x->labels[d], m, lo, hi, mad,
		ratio, v);
}

/* Which spread a directory's MAD column is: over the repeats of each
 * run (their median), or over the seeds when a run has one repeat;
 * "mixed" when its rows differ. */
static const char *spread_of(const struct comparison *x, size_t d)
{
	size_t seeds = 0, n = x->n_batch * x->n_point;
	for (size_t k = 0; k < n; k++)
		seeds += x->cells[k * x->n_dir + d].from_seeds != 0;
	return seeds == 0 ? "the spread over each run's repeats (median over the seeds)" :
		seeds == n ? "the spread over the seeds (one repeat per run)" :
		"over the repeats where runs have several, else over the seeds";
}

/* What the time table's columns and verdicts mean, below it. */
static void print_footnote(FILE *f, const struct comparison *x)
{
	int same = 1;
	for (size_t d = 1; d < x->n_dir; d++)
		same &= strcmp(spread_of(x, d), spread_of(x, 0)) == 0;
	fprintf(f, "ratio: median / median_ref, ref = %s, the first directory (> 1: slower).\n"
		"\"F \u00b1 e times faster (slower) than %s\": a significant difference: the min..max\n"
		"  ranges do not overlap and |median - median_ref| > %g x %g x sqrt(MAD^2 + MAD_ref^2),\n"
		"  with at least %d measurements on each side (else n/a); F = 1/ratio (ratio),\n"
		"  e = F x sqrt((s/median)^2 + (s_ref/median_ref)^2), s = %g x MAD (error propagation).\n",
		x->labels[0], x->labels[0], NOISE_SDS, STATS_MAD_TO_SD, MIN_MEASUREMENTS,
		STATS_MAD_TO_SD);
	if (same) {
		fprintf(f, "MAD: %s.\n", spread_of(x, 0));
		return;
	}
	fprintf(f, "MAD:\n");
	for (size_t d = 0; d < x->n_dir; d++)
		fprintf(f, "  %-*s  %s\n", label_width(x, 1), x->labels[d], spread_of(x, d));
}

static void print_times(FILE *f, const struct comparison *x)
{
	int w = label_width(x, 6);
	size_t n_rows = x->n_batch * x->n_point;
	fprintf(f, "time per run in %s (median over seeds; min, max over seeds and repeats; MAD: "
		"see below)\n", x->unit);
	fprintf(f, "%10s", "batch_size");
	print_axes(f, x);
	fprintf(f, "  %-*s %10s %10s %10s %10s %7s  vs %s\n", w, "result",
		"median", "min", "max", "MAD", "ratio", x->labels[0]);
	for (size_t i = 0; i < x->n_batch; i++)
		for (size_t p = 0; p < x->n_point; p++)
			for (size_t d = 0; d < x->n_dir; d++)
				print_time_row(f, x, x->order[i], p, d, w);
	for (size_t d = 1; d < x->n_dir; d++) {
		size_t count[V_SLOWER + 1] = {0}, n_log = 0;
		double log_sum = 0;
		for (size_t k = 0; k < n_rows; k++) {
			const struct cell *c = &x->cells[k * x->n_dir + d];
			const struct cell *ref = &x->cells[k * x->n_dir];
			double r = c->median / ref->median;
			count[verdict(c, ref)]++;
			if (isfinite(r) && r > 0) {
				log_sum += log(r);
				n_log++;
			}
		}
		char ratio[32] = "n/a", over[80];
		if (n_log)
			msgf(ratio, sizeof ratio, "%.3f", exp(log_sum / (double)n_log));
		if (x->cfg->n_grid)
			msgf(over, sizeof over, "pair%s of batch size and grid point",
			     n_rows == 1 ? "" : "s");
		else
			msgf(over, sizeof over, "batch size%s", n_rows == 1 ? "" : "s");
		fprintf(f, "%s (%s) is faster than %s (%s) at %zu of %zu %s, slower at %zu; "
			"no significant difference at %zu", x->labels[d], x->res[d].dir,
			x->labels[0], x->res[0].dir, count[V_FASTER], n_rows, over, count[V_SLOWER],
			count[V_NOISE]);
		if (count[V_NA])
			fprintf(f, "; too few measurements for a verdict at %zu", count[V_NA]);
		fprintf(f, "; geometric mean of the ratios %s\n", ratio);
	}
	print_footnote(f, x);
}

/* The runs whose results differ from the first directory's, at most
 * MAX_LISTED of them; the number of such runs. */
static size_t list_differing(FILE *f, const struct comparison *x)
{
	size_t listed = 0;
	for (size_t i = 0; i < x->n_batch; i++)
		for (size_t p = 0; p < x->n_point; p++)
			for (size_t s = 0; s < x->n_seed; s++) {
				size_t b = x->order[i];
				const struct summary_row *a = results_run(&x->res[0], b, p, s);
				for (size_t d = 1; d < x->n_dir; d++) {
					const struct summary_row *r = results_run(&x->res[d], b, p, s);
					int m = run_differs(r, a, x->exact);
					char name[1024], u[40], v[40];
					if (!m || listed++ >= MAX_LISTED)
						continue;
					results_run_name(&x->res[0], a, name, sizeof name);
					fprintf(f, "  %s, %s:", name, x->labels[d]);
					if (m & 1)
						fprintf(f, " status %s (%s)", run_status_names[r->status],
							run_status_names[a->status]);
					fmt_double(u, sizeof u, r->final_val_acc);
					fmt_double(v, sizeof v, a->final_val_acc);
					if (m & 2)
						fprintf(f, " final_val_acc %s (%s)", u, v);
					fmt_double(u, sizeof u, r->final_val_loss);
					fmt_double(v, sizeof v, a->final_val_loss);
					if (m & 4)
						fprintf(f, " final_val_loss %s (%s)", u, v);
					fputc('\n', f);
				}
			}
	return listed;
}

static void print_results(FILE *f, const struct comparison *x)
{
	int w = label_width(x, 8);
	size_t n_differ = 0, listed;
	fprintf(f, "final validation accuracy (mean over %zu seed%s)\n", x->n_seed,
		x->n_seed == 1 ? "" : "s");
	fprintf(f, "%10s", "batch_size");
	print_axes(f, x);
	for (size_t d = 0; d < x->n_dir; d++)
		fprintf(f, "  %*s", w, x->labels[d]);
	fprintf(f, "  same results\n");
	for (size_t i = 0; i < x->n_batch; i++) {
		for (size_t p = 0; p < x->n_point; p++) {
			size_t b = x->order[i], worst = 0;
			fprintf(f, "%10zu", x->cfg->batch_sizes[b]);
			print_point(f, x, p);
			for (size_t d = 0; d < x->n_dir; d++) {
				const struct cell *c = cell_at(x, b, p, d);
				fprintf(f, "  %*.4f", w, c->acc_mean);
				worst = c->n_differ > worst ? c->n_differ : worst;
			}
			if (worst)
				fprintf(f, "  NO (%zu of %zu seeds differ)\n", worst, x->n_seed);
			else
				fprintf(f, "  yes\n");
		}
	}
	for (size_t k = 0; k < x->n_batch * x->n_point; k++)
		for (size_t d = 1; d < x->n_dir; d++)
			n_differ += x->cells[k * x->n_dir + d].n_differ;
	/* the rule applied and why: the path's guarantee (top of this file) */
	if (!n_differ && x->exact)
		fprintf(f, "all %zu runs agree bit for bit in every directory (fused path: one "
			"bsweep version gives the same bits on every x86-64 CPU and instruction "
			"set)\n", x->n_batch * x->n_point * x->n_seed);
	else if (!n_differ)
		fprintf(f, "all %zu runs agree in every directory (final_val_acc equal, "
			"final_val_loss within 1e-4 relative; BLAS path: OpenBLAS's sums may "
			"differ in the last bits across CPUs)\n",
			x->n_batch * x->n_point * x->n_seed);
	if (!n_differ)
		return;
	if (x->exact)
		fprintf(f, "runs whose results differ from %s's (fused path: final_val_acc and "
			"final_val_loss must be equal bit for bit):\n", x->labels[0]);
	else
		fprintf(f, "runs whose results differ from %s's (BLAS path: final_val_acc must "
			"be equal, final_val_loss within 1e-4 relative):\n", x->labels[0]);
	listed = list_differing(f, x);
	if (listed > MAX_LISTED)
		fprintf(f, "  ... and %zu more\n", listed - MAX_LISTED);
	/* the CPU cannot explain a difference on the fused path: say what can */
	if (x->exact)
		fprintf(f, "hint: a difference on the fused path points at different bsweep versions "
			"or C libraries\n  (bsweep_version, git, os under \"machine, build and "
			"settings\") or at a fault, not at the CPU\n");
}

static void print_settings(FILE *f, const struct comparison *x)
{
	int w = label_width(x, 1), any = 0, first = 1;
	for (size_t k = 0; k < N_SETTINGS; k++) {
		struct setting set = setting_at(k);
		if (!setting_differs(x->res, x->n_dir, &set))
			continue;
		if (!any++)
			fprintf(f, "machine, build and settings that differ:\n");
		fprintf(f, "  %s\n", set.name);
		for (size_t d = 0; d < x->n_dir; d++) {
			char v[640];
			setting_text(v, sizeof v, &x->res[d], &set);
			fprintf(f, "    %-*s  %s\n", w, x->labels[d], v);
		}
	}
	if (!any)
		fprintf(f, "machine, build and settings: no difference\n");
	fprintf(f, "identical:");
	for (size_t k = 0; k < N_SETTINGS; k++) {
		struct setting set = setting_at(k);
		if (setting_differs(x->res, x->n_dir, &set))
			continue;
		fprintf(f, "%s %s", first ? "" : ",", set.name);
		first = 0;
	}
	fprintf(f, "%s\n", first ? " none" : "");
}

static void print_text(FILE *f, const struct comparison *x)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(x->res[0].config, "name");
	size_t rmin = SIZE_MAX, rmax = 0;
	for (size_t i = 0; i < x->n_batch * x->n_point * x->n_dir; i++) {
		rmin = x->cells[i].repeats < rmin ? x->cells[i].repeats : rmin;
		rmax = x->cells[i].repeats > rmax ? x->cells[i].repeats : rmax;
	}
	fprintf(f, "config \"%s\": %zu batch size%s x ",
		cJSON_IsString(name) ? name->valuestring : "?", x->n_batch,
		x->n_batch == 1 ? "" : "s");
	if (x->cfg->n_grid)
		fprintf(f, "%zu grid point%s x ", x->n_point, x->n_point == 1 ? "" : "s");
	fprintf(f, "%zu seed%s, ", x->n_seed, x->n_seed == 1 ? "" : "s");
	if (rmin == rmax)
		fprintf(f, "%zu timed repeat%s per run\n", rmin, rmin == 1 ? "" : "s");
	else
		fprintf(f, "%zu to %zu timed repeats per run\n", rmin, rmax);
	for (size_t a = 0; a < x->cfg->n_grid; a++) {
		fprintf(f, "grid: %s =", x->cfg->grid[a].path);
		for (size_t i = 0; i < x->cfg->grid[a].n; i++) {
			char v[64];
			config_grid_text(x->cfg, a, i, v, sizeof v);
			fprintf(f, "%s %s", i ? "," : "", v);
		}
		fputc('\n', f);
	}
	for (size_t d = 0; d < x->n_dir; d++)
		fprintf(f, "  %-*s  %s\n", label_width(x, 1), x->labels[d], x->res[d].dir);
	fputc('\n', f);
	print_times(f, x);
	fputc('\n', f);
	print_results(f, x);
	fputc('\n', f);
	print_settings(f, x);
}

/* Warn (stderr) about runs whose results differ from the first directory's. */
static void warn_results(const struct comparison *x)
{
	for (size_t d = 1; d < x->n_dir; d++) {
		size_t n = 0;
		for (size_t k = 0; k < x->n_batch * x->n_point; k++)
			n += x->cells[k * x->n_dir + d].n_differ;
		if (n)
			warn("%s: %zu of %zu runs give other results than in %s (final accuracy "
			     "or loss): the builds do not compute the same thing", x->res[d].dir,
			     n, x->n_batch * x->n_point * x->n_seed, x->res[0].dir);
	}
}

/* order[0..n-1] = the indices of keys by ascending key (insertion sort:
 * at most 4096 batch sizes, already sorted in most configs). */
static void sort_indices(size_t *order, const size_t *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		for (; j > 0 && keys[order[j - 1]] > keys[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

/* ------------------------------------------------------------ the subcommand */

/* Load, check and tabulate the directories into x; an exit code. */
/* A directory merged from shards that ran on several machines (run.json's
 * "machines", bsweep merge): its times are not one machine's. */
static void warn_machines(const struct results *res, size_t n)
{
	for (size_t d = 0; d < n; d++) {
		const cJSON *m = results_get(&res[d], "machines"), *item;
		char list[MSG_MAX] = "", v[200];
		int count = cJSON_GetArraySize(m);
		if (!cJSON_IsArray(m) || count < 2)
			continue;
		cJSON_ArrayForEach(item, m) {
			size_t used = strlen(list);
			json_scalar_text(v, sizeof v, item, NULL);
			msgf(list + used, sizeof list - used, "%s%s", used ? ", " : "", v);
		}
		warn("%s: its runs ran on %d machines (%s): its times mix them, so its time "
		     "columns compare machines as much as settings", res[d].dir, count, list);
	}
}

static int compare_dirs(struct comparison *x, struct results *res, size_t *n_loaded,
			char *const *dirs)
{
	char err[MSG_MAX];
	enum status st;
	int rc;
	for (; *n_loaded < x->n_dir; (*n_loaded)++) {
		st = results_load(&res[*n_loaded], dirs[*n_loaded], err, sizeof err);
		if (st != ST_OK)
			return cli_fail(st, 0, err);
	}
	x->res = res;
	if ((rc = check_comparable(res, x->n_dir)) != EXIT_OK)
		return rc;
	warn_settings(res, x->n_dir);
	warn_machines(res, x->n_dir);
	if (make_labels(x->labels, (const char *const *)dirs, x->n_dir) != 0)
		return cli_fail(ST_NOMEM, 0, "out of memory");
	/* equal configs: every directory has the same batch sizes, grid
	 * points and seeds, in the same order */
	x->cfg = &res[0].cfg;
	x->exact = mlp_auto_path(x->cfg, x->cfg->n_features, x->cfg->centers) == MLP_PATH_FUSED;
	x->n_batch = x->cfg->n_batch_sizes;
	x->n_point = config_points(x->cfg);
	x->n_seed = x->cfg->n_seeds;
	x->order = xcalloc(x->n_batch, sizeof *x->order);
	x->cells = xcalloc(x->n_batch * x->n_point * x->n_dir, sizeof *x->cells);
	x->tmp = xcalloc(x->n_seed, sizeof *x->tmp);
	if (!x->order || !x->cells || !x->tmp || csv_table_of(x) != 0)
		return cli_fail(ST_NOMEM, 0, "out of memory");
	for (size_t b = 0; b < x->n_batch; b++)
		for (size_t p = 0; p < x->n_point; p++)
			for (size_t d = 0; d < x->n_dir; d++)
				cell_fill(&x->cells[(b * x->n_point + p) * x->n_dir + d], &res[d],
					  &res[0], b, p, x->exact, x->tmp);
	sort_indices(x->order, x->cfg->batch_sizes, x->n_batch);
	grid_columns(x);
	choose_unit(x);
	warn_results(x);
	return EXIT_OK;
}

/* The options; -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, int *csv, const char **out)
{
	static const struct option longopts[] = {
		{"csv", no_argument, NULL, 'c'},
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char err[MSG_MAX];
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': *csv = 1; break;
		case 'o':
			if (!plot_format_of(optarg))
				return usage_error("compare", "option --out: expected a file name ending in "
						   ".png, .svg or .pdf, found '%s'", optarg);
			/* a directory, or a missing one: said before comparing */
			if (plot_check_out(optarg, err, sizeof err) != ST_OK)
				return usage_error("compare", "option --out: %s", err);
			*out = optarg;
			break;
		case ':':
			return usage_error("compare", "option '%s' needs a value", argv[optind - 1]);
		case 'h':
			usage(stdout);
			return finish_stdout();
		default:
			if (optopt)
				return usage_error("compare", "unknown option '-%c'", optopt);
			return usage_error("compare", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind == 1)
		return usage_error("compare", "expected at least 2 results directories, found 1 ('%s')",
				   argv[optind]);
	if (argc - optind < 2)
		return usage_error("compare", "expected at least 2 results directories");
	for (int d = optind; d < argc; d++)
		if (!*argv[d])
			return usage_error("compare", "expected a directory, found an empty string");
	return -1;
}

/* --out's CSV (plot_compare's callback) */
static void write_csv(FILE *f, const void *x)
{
	print_csv(f, x);
}

int compare_main(int argc, char **argv)
{
	struct comparison x = {0};
	struct results *res = NULL;
	const char *out = NULL;
	int csv = 0, rc;
	size_t n_loaded = 0;

	if ((rc = parse_options(argc, argv, &csv, &out)) >= 0)
		return rc;
	x.n_dir = (size_t)(argc - optind);
	res = xcalloc(x.n_dir, sizeof *res);
	x.labels = xcalloc(x.n_dir, sizeof *x.labels);
	if (!res || !x.labels)
		rc = cli_fail(ST_NOMEM, 0, "out of memory");
	else if ((rc = compare_dirs(&x, res, &n_loaded, argv + optind)) == EXIT_OK) {
		if (csv)
			print_csv(stdout, &x);
		else
			print_text(stdout, &x);
		rc = finish_stdout();
		if (rc == EXIT_OK && out)
			rc = plot_compare(out, argv + optind, x.n_dir, write_csv, &x);
	}
	for (size_t d = 0; d < n_loaded && d < x.n_dir; d++)
		results_free(&res[d]);
	for (size_t d = 0; x.labels && d < x.n_dir; d++)
		free(x.labels[d]);
	free(x.labels);
	free(res);
	free(x.order);
	free(x.cells);
	free(x.tmp);
	free(x.csv_cols);
	return rc;
}
