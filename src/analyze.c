/* analyze.c: `bsweep analyze` (analyze.h): the command line, the checks
 * of the results directory, the target columns found again in the
 * runs' epochs, and the files written through a staging folder.  The
 * analysis itself is analysis.c's, the same the sweep calls; the files'
 * formats are runfile.c's and report.c's. */
#define _POSIX_C_SOURCE 200809L
#include "analyze.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "outdir.h"
#include "report.h"
#include "results.h"
#include "runfile.h"
#include "scaling.h"
#include "target.h"

static void usage(FILE *f)
{
	fputs(
"Usage: bsweep analyze [--target METRIC=VALUE | --no-target] [-q] DIR\n"
"\n"
"Write the analysis of the finished sweep in DIR again from its files,\n"
"without training: the target columns of summary.csv, points.csv and\n"
"best.csv (with a grid), scaling.csv and the fit in run.json (with a\n"
"target).  Without --target, the sweep's own target: the files are then\n"
"byte for byte the ones the sweep wrote.  Another target is found in\n"
"epochs.csv, at each epoch's end.  Every file is replaced at once; the\n"
"figures of the old results are removed (make plots RESULTS=DIR draws\n"
"them again).  epochs.csv, the run files and run.json's config stay.\n"
"\n"
"Options:\n"
"      --target METRIC=VALUE  the target: METRIC val_acc, train_acc (met at\n"
"                     VALUE or above, VALUE in [0, 1]) or val_loss,\n"
"                     train_loss (met at VALUE or below, VALUE >= 0);\n"
"                     refused when runs stopped at the sweep's own\n"
"                     target (analysis.stop_at_target)\n"
"      --no-target    no target: empty target columns, no scaling.csv,\n"
"                     no fit in run.json\n"
"  -q, --quiet        print no fits and no summary (warnings still)\n"
"  -h, --help         print this help and exit\n"
"\n"
"Exit status: 0 success, 1 a file could not be read or written,\n"
"             2 usage error or DIR is not a finished sweep's (missing,\n"
"             no run.json, an interrupted sweep, a run's files missing\n"
"             or damaged); on failure no file is changed.\n", f);
}

struct analyze_args {
	const char *dir;
	int quiet;
	enum target_metric metric;   /* TGT_NONE: the sweep's own target */
	double value;
	int no_target;               /* --no-target */
	int argc;                    /* the whole command line, for run.json */
	char **argv;
};

/* --target METRIC=VALUE into a; -1 to go on, or an exit code.  The
 * ranges are analysis.target's (config.c). */
static int parse_target(const char *s, struct analyze_args *a)
{
	static const struct { const char *name; enum target_metric m; } metrics[] = {
		{"val_acc", TGT_VAL_ACC}, {"val_loss", TGT_VAL_LOSS},
		{"train_acc", TGT_TRAIN_ACC}, {"train_loss", TGT_TRAIN_LOSS},
	};
	const char *eq = strchr(s, '=');
	double hi;
	int loss;
	a->metric = TGT_NONE;
	for (size_t i = 0; eq && i < sizeof metrics / sizeof metrics[0]; i++)
		if ((size_t)(eq - s) == strlen(metrics[i].name) &&
		    strncmp(s, metrics[i].name, (size_t)(eq - s)) == 0)
			a->metric = metrics[i].m;
	if (a->metric == TGT_NONE)
		return usage_error("analyze", "option --target: expected METRIC=VALUE with METRIC "
				   "\"val_acc\", \"val_loss\", \"train_acc\" or \"train_loss\", found '%s'",
				   s);
	loss = a->metric == TGT_VAL_LOSS || a->metric == TGT_TRAIN_LOSS;
	hi = loss ? 1e30 : 1;
	/* a decimal number as in a data file (no hex, spaces, nan) */
	errno = 0;
	if (parse_double(eq + 1, &a->value) != 0 || errno == ERANGE ||
	    !(a->value >= 0 && a->value <= hi))
		return usage_error("analyze", "option --target: %s: expected a number in [0, %g], "
				   "found '%s'", config_target_name(a->metric), hi, eq + 1);
	return -1;
}

/* The options; -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, struct analyze_args *a)
{
	static const struct option longopts[] = {
		{"target", required_argument, NULL, 'T'},
		{"no-target", no_argument, NULL, 'N'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch, rc;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'T':
			if ((rc = parse_target(optarg, a)) >= 0)
				return rc;
			break;
		case 'N': a->no_target = 1; break;
		case 'q': a->quiet = 1; break;
		case 'h':
			usage(stdout);
			return finish_stdout();
		case ':':
			return usage_error("analyze", "option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("analyze", "unknown option '-%c'", optopt);
			return usage_error("analyze", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (a->no_target && a->metric != TGT_NONE)
		return usage_error("analyze", "options --target and --no-target contradict each other");
	if (optind >= argc)
		return usage_error("analyze", "missing DIR (a results directory)");
	if (optind + 1 < argc)
		return usage_error("analyze", "expected one DIR, found extra argument '%s'",
				   argv[optind + 1]);
	if (!*argv[optind])
		return usage_error("analyze", "expected a directory, found an empty string");
	a->dir = argv[optind];
	return -1;
}

/* What analyze holds; released by analyze_free. */
struct analyze {
	const struct analyze_args *a;
	struct results res;          /* run.json and its config (the trained one) */
	int have_res;
	struct config ac;            /* the analysis': res.cfg with the target
					(a shallow copy: owns nothing) */
	int recompute;               /* the target is not the sweep's */
	int lock;
	size_t runs;
	struct summary_row *rows;
	struct scaling sc;
	char stage[4200];            /* "" when none */
};

static void analyze_free(struct analyze *x)
{
	if (x->stage[0])
		outdir_drop_stage(x->stage);
	scaling_free(&x->sc);
	free(x->rows);
	if (x->lock >= 0)
		close(x->lock);
	if (x->have_res)
		results_free(&x->res);
}

/* Every run finished, its files whole: a run without files or an
 * incomplete sweep is refused, naming the first missing run. */
static enum status check_runs(struct analyze *x, char *err, size_t errsize)
{
	const struct config *c = &x->res.cfg;
	const cJSON *complete = cJSON_GetObjectItemCaseSensitive(x->res.run_json, "complete");
	const cJSON *file = cJSON_GetObjectItemCaseSensitive(x->res.run_json, "config_file");
	const char *cfg = cJSON_IsString(file) ? file->valuestring : "CONFIG.json";
	size_t missing = 0, first = 0;
	char why[MSG_MAX], run[MSG_MAX], own[MSG_MAX];

	/* the hints re-run the sweep: with --set options, the config file
	 * alone is another config (refused); run.json holds them all */
	if (cJSON_GetObjectItemCaseSensitive(x->res.run_json, "overrides")) {
		msgf(own, sizeof own, "%s/%s", x->a->dir, RUNFILE_RUN_JSON);
		cfg = own;
	}

	for (size_t k = 0; k < x->runs; k++) {
		struct run_point p = config_run(c, k);
		switch (runfile_finished(x->a->dir, c, &x->res.tables, p, why, sizeof why)) {
		case 0:
			if (!missing++)
				first = k;
			break;
		case -2:
			msgf(err, errsize, "%s", why);
			return ST_NOMEM;
		case -1:
			config_run_text(c, p, run, sizeof run);
			msgf(err, errsize, "run %zu (%s): %s\n"
			     "hint: bsweep --resume -o %s %s trains it again", k + 1, run, why,
			     x->a->dir, cfg);
			return ST_INPUT;
		}
	}
	if (missing) {
		config_run_text(c, config_run(c, first), run, sizeof run);
		msgf(err, errsize, "%s: %zu of %zu runs have not finished (the first: run %zu, %s)%s\n"
		     "hint: finish the sweep first: bsweep --resume -o %s %s", x->a->dir, missing,
		     x->runs, first + 1, run, cJSON_IsFalse(complete) ?
		     ": the sweep is running or was interrupted" : "", x->a->dir, cfg);
		return ST_INPUT;
	}
	if (cJSON_IsFalse(complete)) {
		msgf(err, errsize, "%s/%s: incomplete sweep (run.json says \"complete\": false): "
		     "its runs finished but it did not write its results\n"
		     "hint: finish it first: bsweep --resume -o %s %s", x->a->dir, RUNFILE_RUN_JSON,
		     x->a->dir, cfg);
		return ST_INPUT;
	}
	return ST_OK;
}

/* The first epoch of a run meeting the analysis' target (target.h), as
 * training finds it at an epoch's end. */
struct first_hit {
	const struct config *c;
	size_t S, B, n_train;        /* steps per epoch, batch, training rows */
	size_t examples;             /* so far */
	double seconds;              /* training seconds so far */
	struct target_hit hit;
};

static void observe(const struct epoch_row *row, void *ctx)
{
	const struct epoch_record *e = &row->e;
	struct first_hit *h = ctx;
	/* as train.c counts them: a whole epoch sees every training row, a
	 * budget's partial last one whole batches; the seconds are summed in
	 * the order training sums them, so the same double */
	h->examples += e->epoch_steps == h->S ? h->n_train : e->epoch_steps * h->B;
	h->seconds += e->train_seconds;
	target_observe(h->c, &h->hit, &(struct target_eval){e->steps, h->examples, h->S,
		       h->seconds, e->train_loss, e->train_acc, e->val_loss, e->val_acc});
}

/* Every run's summary row, with the target columns of the analysis'
 * target. */
static enum status read_rows(struct analyze *x, char *err, size_t errsize)
{
	const struct config *c = &x->res.cfg;
	size_t stopped = 0;
	char why[MSG_MAX];
	enum status st;
	if (!(x->rows = xcalloc(x->runs, sizeof *x->rows)))
		return ST_NOMEM;
	for (size_t k = 0; k < x->runs; k++) {
		struct run_point p = config_run(c, k);
		struct summary_row *r = &x->rows[k];
		struct first_hit h = {&x->ac, 0, 0, 0, 0, 0.0, {0, 0, 0, 0}};
		struct config pc;
		if ((st = runfile_read_summary(x->a->dir, c, &x->res.tables, p, r, why,
					       sizeof why)) != ST_OK) {
			msgf(err, errsize, "%s", why);
			return st;
		}
		stopped += r->status == RUN_TARGET;
		if (!x->recompute)
			continue;
		/* the run's own config, as runfile_finished checks its epochs */
		config_point(c, p.point, &pc);
		h.n_train = pc.n_train;
		h.S = r->steps_per_epoch;
		h.B = p.batch_size < pc.n_train ? p.batch_size : pc.n_train;
		target_clear(&h.hit);
		if ((st = runfile_read_epochs(x->a->dir, c, &x->res.tables, p, observe, &h, why,
					      sizeof why)) != ST_OK) {
			msgf(err, errsize, "%s", why);
			return st;
		}
		r->steps_to_target = h.hit.steps;
		r->epochs_to_target = h.hit.epochs;
		r->examples_to_target = h.hit.examples;
		r->seconds_to_target = h.hit.seconds;
	}
	/* without a target there is nothing they lack */
	if (x->recompute && x->ac.target_metric != TGT_NONE && stopped) {
		char v[32];
		fmt_double(v, sizeof v, c->target_value);
		msgf(err, errsize, "option --target: %zu of %zu runs stopped at the sweep's own target "
		     "%s=%s (analysis.stop_at_target) and have no epochs after it, so where they would "
		     "meet another target is unknown\n"
		     "hint: run a sweep with the new target in its config", stopped, x->runs,
		     config_target_name(c->target_metric), v);
		return ST_INPUT;
	}
	return ST_OK;
}

/* The new files into the staging folder, then over the old ones. */
static enum status write_all(struct analyze *x, char *err, size_t errsize)
{
	const char *dir = x->a->dir;
	char path[4400];
	const struct config *c = &x->res.cfg;
	/* eval_every without a target of its own evaluated nothing */
	struct report_recomputed re = {x->a->argc, x->a->argv, time(NULL),
				       c->target_metric != TGT_NONE ? c->eval_every : 0};
	enum status st;
	if ((st = outdir_stage(dir, x->stage, sizeof x->stage, err, errsize)) != ST_OK) {
		x->stage[0] = '\0';
		return st;
	}
	msgf(path, sizeof path, "%s/%s", x->stage, RUNFILE_RUN_JSON);
	if ((st = runfile_write_table(x->stage, "summary.csv", &x->res.tables.summary, x->rows,
				      sizeof *x->rows, x->runs, err, errsize)) != ST_OK ||
	    (st = analysis_write(x->stage, &x->ac, &x->res.tables, x->rows, &x->sc, err,
				 errsize)) != ST_OK ||
	    (st = report_rewrite_analysis(path, x->res.run_json, &x->res.cfg, &x->ac,
					  x->ac.target_metric != TGT_NONE ? &x->sc : NULL,
					  x->recompute ? &re : NULL, err, errsize)) != ST_OK)
		return st;
	/* every file is written: the old figures go first (an image never
	 * outlives its data), then the files move in */
	outdir_remove_figures(dir);
	if ((st = outdir_commit_stage(dir, x->stage, err, errsize)) != ST_OK)
		return st;
	x->stage[0] = '\0';
	/* without a target now: an earlier analysis' scaling.csv is stale */
	msgf(path, sizeof path, "%s/%s.csv", dir, x->res.tables.scaling.name);
	if (x->ac.target_metric == TGT_NONE && unlink(path) != 0 && errno != ENOENT) {
		msgf(err, errsize, "%s: cannot remove: %s", path, strerror(errno));
		return ST_IO;
	}
	return ST_OK;
}

/* run.json read again under the lock: a sweep that wrote the directory
 * between the first reading and the lock (--force, another config) would
 * otherwise have its results analysed as the first one's.  ST_OK when it
 * is the same; ST_IO saying so when not. */
static enum status same_run_json(struct analyze *x, char *err, size_t errsize)
{
	struct results again;
	enum status st = results_open(&again, x->a->dir, err, errsize);
	int same;
	if (st != ST_OK) /* gone or broken since: changed too */
		return st == ST_NOMEM ? ST_NOMEM : ST_IO;
	same = cJSON_Compare(again.run_json, x->res.run_json, 1);
	results_free(&again);
	if (same)
		return ST_OK;
	msgf(err, errsize, "%s/run.json: changed while analyze was starting (another bsweep "
	     "wrote the directory)\nhint: run bsweep analyze again", x->a->dir);
	return ST_IO;
}

static enum status analyze_dir(struct analyze *x, char *err, size_t errsize)
{
	const struct analyze_args *a = x->a;
	char runs[4200];
	struct stat sb;
	enum status st;
	if ((st = results_open(&x->res, a->dir, err, errsize)) != ST_OK)
		return st;
	x->have_res = 1;
	x->runs = config_runs(&x->res.cfg);
	x->ac = x->res.cfg;
	if (a->metric != TGT_NONE &&
	    (a->metric != x->ac.target_metric || a->value != x->ac.target_value)) {
		x->recompute = 1;
		x->ac.target_metric = a->metric;
		x->ac.target_value = a->value;
		/* found at epoch ends only (scaling.csv's resolution_steps) */
		x->ac.eval_every = 0;
	}
	if (a->no_target && x->ac.target_metric != TGT_NONE) {
		x->recompute = 1;
		x->ac.target_metric = TGT_NONE;
		x->ac.target_value = 0.0;
		x->ac.eval_every = 0;
	}
	if (x->ac.select == SEL_STEPS_TO_TARGET && x->ac.target_metric == TGT_NONE) {
		msgf(err, errsize, "option --no-target: the config selects grid points by steps to "
		     "target (sweep.select \"steps_to_target\"), which needs a target");
		return ST_INPUT;
	}
	/* before the lock, which would create it */
	msgf(runs, sizeof runs, "%s/runs", a->dir);
	if (stat(runs, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		msgf(err, errsize, "%s/: missing: the runs' files are gone, nothing to analyze",
		     runs);
		return ST_INPUT;
	}
	/* the lock before the runs are read: a sweep writing there is said so */
	if ((st = outdir_open(a->dir, &x->lock, OUTDIR_EXCLUSIVE, err, errsize)) != ST_OK ||
	    (st = same_run_json(x, err, errsize)) != ST_OK)
		return st;
	outdir_remove_temps(a->dir);
	if ((st = check_runs(x, err, errsize)) != ST_OK ||
	    (st = read_rows(x, err, errsize)) != ST_OK)
		return st;
	if (x->recompute && x->ac.target_metric != TGT_NONE && x->res.cfg.eval_every &&
	    x->res.cfg.target_metric != TGT_NONE)
		warn("the sweep looked for its own target every %zu steps; %s=%g is looked for at "
		     "each epoch's end only (in epochs.csv): its steps to target are rounded up to "
		     "an epoch's end (scaling.csv's resolution_steps, run.json's analysis.resolution)",
		     x->res.cfg.eval_every, config_target_name(a->metric), a->value);
	return write_all(x, err, errsize);
}

/* What was written, on stderr. */
static void print_done(const struct analyze *x)
{
	const struct config *c = &x->ac;
	if (c->target_metric != TGT_NONE)
		analysis_print_fits(stderr, c, &x->sc);
	note("analysis written again in %s/ (summary.csv, aggregate.csv, %s%srun.json)%s\n",
		x->a->dir, c->n_grid ? "points.csv, best.csv, " : "",
		c->target_metric != TGT_NONE ? "scaling.csv, " : "",
		x->recompute ? "" : ", for the sweep's own target");
	note("hint: make plots RESULTS=%s draws the figures again\n", x->a->dir);
}

int analyze_main(int argc, char **argv)
{
	struct analyze_args a = {0};
	struct analyze x;
	char err[MSG_MAX] = "";
	enum status st;
	int rc;

	a.metric = TGT_NONE;
	a.argc = argc;
	a.argv = argv;
	if ((rc = parse_options(argc - 1, argv + 1, &a)) >= 0)
		return rc;
	memset(&x, 0, sizeof x);
	x.a = &a;
	x.lock = -1;
	st = analyze_dir(&x, err, sizeof err);
	if (st == ST_NOMEM && !err[0])
		msgf(err, sizeof err, "out of memory");
	if (st == ST_OK && !a.quiet)
		print_done(&x);
	analyze_free(&x);
	return cli_fail(st, 0, err);
}
