/* main.c: the command line.  Parses argv, loads the config, calls the
 * pipeline and maps its status to an exit code (cli.c):
 *   0 success, 1 runtime failure (I/O, memory), 2 usage or config error,
 *   128 + signal when interrupted.
 * Nothing here trains or writes results itself.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "analyze.h"
#include "blas.h"
#include "cli.h"
#include "compare.h"
#include "config.h"
#include "data.h"
#include "fingerprint.h"
#include "isa.h"
#include "json.h"
#include "merge.h"
#include "plot.h"
#include "pool.h"
#include "shard.h"
#include "sweep.h"
#include "util.h"

static void usage(FILE *f)
{
	fputs(
"Usage: bsweep [OPTIONS] CONFIG.json\n"
"       bsweep data [OPTIONS] CONFIG.json\n"
"       bsweep compare [--csv] [-o FIGURE] DIR_A DIR_B [DIR...]\n"
"       bsweep plot [--format png|svg|pdf] [-q] DIR...\n"
"       bsweep analyze [--target METRIC=VALUE | --no-target] [-q] DIR\n"
"       bsweep merge [-q] DIR\n"
"\n"
"Train a fresh network for every batch size x seed of CONFIG.json and write\n"
"per-epoch learning curves and timings to CSV (default results/<name>/).\n"
"`bsweep data` writes the generated dataset as CSV instead (stdout or -o).\n"
"`bsweep compare` compares the times and results of one experiment run on\n"
"several machines, builds or settings (see `bsweep compare --help`).\n"
"`bsweep plot` draws a results directory's figures with gnuplot (see\n"
"`bsweep plot --help`).\n"
"`bsweep analyze` writes the analysis of a finished sweep again, perhaps\n"
"for another target, without training (see `bsweep analyze --help`).\n"
"`bsweep merge` assembles the combined files of a sweep run in shards\n"
"(--shard K/N; see `bsweep merge --help`).\n"
"\n"
"Options:\n"
"  -o, --out PATH     output directory (sweep) or file (data)\n"
"  -t, --threads N    OpenBLAS threads per run, 1 to 256 (default 1: the\n"
"                     matrices are small, more threads are slower)\n"
"  -j, --jobs N       runs executed at once, in N processes, 1 to 256\n"
"                     (default 1); results equal -j 1's apart from times\n"
"  -r, --repeats N    train each run N times, report the median time and\n"
"                     its spread (default timing.repeats in the config, 1)\n"
"  -w, --warmup N     unrecorded trainings before the repeats (default\n"
"                     timing.warmup, 0)\n"
"  -s, --set KEY=VALUE  override one config member (repeatable, in order):\n"
"                     KEY a dotted path (train.epochs, sweep.seeds, name),\n"
"                     VALUE JSON (3, [8,64], true, \"a\") or else a plain\n"
"                     string (--set data.generator=moons); recorded in\n"
"                     run.json's \"overrides\"\n"
"      --resume       keep the runs already finished in the output directory\n"
"                     (after an interrupted sweep) and train only the rest\n"
"      --shard K/N    train only the K-th (0 to N-1) of N disjoint shares of\n"
"                     the runs, balanced by cost; shards of one sweep may\n"
"                     write one directory at once (see `bsweep merge`)\n"
"      --shard auto   K and N from a Slurm array task, Open MPI or PMI\n"
"  -q, --quiet        no progress line and no result table\n"
"  -f, --force        replace results of a different config in the output\n"
"                     directory (otherwise refused, exit 2)\n"
"  -n, --dry-run      validate the config, print the plan and what the run\n"
"                     would do with the output directory, write nothing;\n"
"                     exit 2 when the real run would be refused\n"
"      --print-config print the resolved config (defaults filled in) as JSON\n"
"  -h, --help         print this help and exit\n"
"  -V, --version      print version, build and machine description\n"
"\n"
"Exit status: 0 success, 1 runtime failure (I/O, memory),\n"
"             2 usage or config error (nothing is written),\n"
"             130/143 interrupted by SIGINT/SIGTERM (finished runs are kept).\n"
"\n"
"Files: epochs.csv, summary.csv, run.json and runs/ in the output directory.\n"
"CONFIG.json may be a results directory's run.json: the config it records\n"
"runs again (bsweep -o DIR2 DIR1/run.json).\n"
"See bsweep(1), and docs/configuration.md and docs/outputs.md in the source\ntree, for the config keys and the CSV columns.\n", f);
}

#define MAX_SETS 256 /* --set options */

/* What the command line asks for. */
struct args {
	struct sweep_options o;
	int data_mode, dry_run, print_config, version;
	int shard_auto;                        /* --shard auto */
	long threads, jobs, repeats, warmup;   /* repeats, warmup: -1 unset */
	const char *sweep_only;                /* the long name of the first
						  option given that only a
						  sweep takes, or NULL */
	char *sets[MAX_SETS];                  /* --set KEY=VALUE, in order */
	size_t n_sets;
};

/* Parse the options into a.  Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{"out", required_argument, NULL, 'o'},
		{"threads", required_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"print-config", no_argument, NULL, 'P'},
		{"force", no_argument, NULL, 'f'},
		{"jobs", required_argument, NULL, 'j'},
		{"repeats", required_argument, NULL, 'r'},
		{"warmup", required_argument, NULL, 'w'},
		{"resume", no_argument, NULL, 'R'},
		{"shard", required_argument, NULL, 'S'},
		{"set", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	char err[MSG_MAX];
	int ch;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:t:j:r:w:s:qnfhV", longopts, NULL)) != -1) {
		for (const struct option *l = longopts; l->name && !a->sweep_only; l++)
			if (l->val == ch && strchr("tjrwqnfRS", ch))
				a->sweep_only = l->name;
		switch (ch) {
		case 'o':
			if (!*optarg)
				return usage_error(NULL, "option --out: expected a path, found an empty string");
			a->o.out_dir = optarg;
			break;
		case 't':
			if (parse_long(optarg, 1, 256, &a->threads) != 0)
				return usage_error(NULL, "option --threads: expected an integer from 1 to 256, found '%s'",
						   optarg);
			break;
		case 'j':
			if (parse_long(optarg, 1, POOL_MAX_JOBS, &a->jobs) != 0)
				return usage_error(NULL, "option --jobs: expected an integer from 1 to %d, found '%s'",
						   POOL_MAX_JOBS, optarg);
			break;
		case 'r':
			if (parse_long(optarg, 1, CONFIG_MAX_REPEATS, &a->repeats) != 0)
				return usage_error(NULL, "option --repeats: expected an integer from 1 to %d, found '%s'",
						   CONFIG_MAX_REPEATS, optarg);
			break;
		case 'w':
			if (parse_long(optarg, 0, CONFIG_MAX_REPEATS, &a->warmup) != 0)
				return usage_error(NULL, "option --warmup: expected an integer from 0 to %d, found '%s'",
						   CONFIG_MAX_REPEATS, optarg);
			break;
		case 's':
			if (config_check_set(optarg, err, sizeof err) != ST_OK)
				return usage_error(NULL, "%s", err);
			if (a->n_sets == MAX_SETS)
				return usage_error(NULL, "option --set: expected at most %d, found more",
						   MAX_SETS);
			a->sets[a->n_sets++] = optarg;
			break;
		case 'R': a->o.resume = 1; break;
		case 'S':
			if (strcmp(optarg, "auto") == 0)
				a->shard_auto = 1;
			else if (shard_parse(optarg, &a->o.shard, err, sizeof err) != ST_OK)
				return usage_error(NULL, "%s", err);
			else
				a->shard_auto = 0;
			break;
		case 'q': a->o.quiet = 1; break;
		case 'f': a->o.force = 1; break;
		case 'n': a->dry_run = 1; break;
		case 'P': a->print_config = 1; break;
		case 'h':
			usage(stdout);
			return finish_stdout();
		case 'V': a->version = 1; break;
		case ':':
			return usage_error(NULL, "option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error(NULL, "unknown option '-%c'", optopt);
			return usage_error(NULL, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

/* Letters and '-' only, a letter first: what a subcommand looks like. */
static int is_word(const char *s)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-";
	return *s && *s != '-' && strspn(s, letters) == strlen(s);
}

/* A first argument that is a word and names no file: a mistyped
 * subcommand, with the nearest one when it is close. */
static int unknown_command(const char *word)
{
	static const char *const commands[] = {"data", "compare", "analyze", "merge", "plot"};
	const char *best = NULL;
	char list[100] = "", near[100] = "";
	size_t bestd = 3; /* at most 2 edits away */
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		size_t d = edit_distance(word, commands[i]);
		if (d < bestd) {
			bestd = d;
			best = commands[i];
		}
		msgf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
		     commands[i]);
	}
	if (best)
		msgf(near, sizeof near, "; did you mean '%s'?", best);
	return usage_error(NULL, "unknown command '%s'%s (commands: %s; or give a CONFIG.json)",
			   word, near, list);
}

/* The combinations the options cannot make, and the one CONFIG.json.
 * Returns -1 to go on, or an exit code. */
static int check_args(int argc, char **argv, struct args *a)
{
	if (a->o.resume && a->o.force)
		return usage_error(NULL, "options --resume and --force contradict each other: --resume keeps "
				   "finished runs, --force replaces another config's results");
	if (a->data_mode && a->sweep_only)
		return usage_error(NULL, "option --%s applies to a sweep, not to 'bsweep data'",
				   a->sweep_only);
	if (optind >= argc)
		return usage_error(NULL, "missing CONFIG.json");
	if (!a->data_mode && access(argv[optind], F_OK) != 0 && is_word(argv[optind]))
		return unknown_command(argv[optind]);
	if (optind + 1 < argc)
		return usage_error(NULL, "expected one CONFIG.json, found extra argument '%s'",
				   argv[optind + 1]);
	a->o.config_path = argv[optind];
	return -1;
}

/* --shard auto: K and N from the environment, and where they came from
 * (stderr, unless -q); an exit code. */
static int shard_auto(struct args *a)
{
	char err[MSG_MAX], source[256];
	if (shard_from_env(&a->o.shard, source, sizeof source, err, sizeof err) != ST_OK)
		return usage_error(NULL, "%s", err);
	/* not again in blas_best_core's second start: the first said it */
	if (!a->o.quiet && !blas_replaced_core()[0])
		fprintf(stderr, "bsweep: --shard auto: shard %zu/%zu, from the %s\n", a->o.shard.k,
			a->o.shard.n, source);
	return EXIT_OK;
}

static int cmd_version(void)
{
	struct fingerprint fp;
	fingerprint_collect(&fp);
	printf("bsweep %s\n", fp.version);
	fingerprint_print(stdout, &fp);
	printf("blas_threads: %d\n", blas_threads());
	return finish_stdout();
}

/* The files behind c, by what names them: the config, its CSV data (NULL
 * where there is none). */
#define N_INPUTS 3
static const char *const input_names[N_INPUTS] = {"the config", "data.path",
						  "data.validation_path"};
static void inputs_of(const struct config *c, const char *config_path,
		      const char *paths[N_INPUTS])
{
	paths[0] = config_path;
	paths[1] = c->generator == GEN_CSV ? c->data_path : NULL;
	paths[2] = c->generator == GEN_CSV && c->split == SPLIT_FILE ? c->val_path : NULL;
}

/* bsweep data: the dataset as CSV on stdout or into -o FILE (atomic),
 * which must not be one of the files it comes from. */
static int cmd_data(const struct config *c, const char *config_path, const char *out)
{
	struct dataset ds;
	char err[MSG_MAX];
	enum status st;
	const char *paths[N_INPUTS];
	struct stat so, si;
	inputs_of(c, config_path, paths);
	for (size_t i = 0; out && i < N_INPUTS; i++)
		if (paths[i] && stat(out, &so) == 0 && stat(paths[i], &si) == 0 &&
		    so.st_dev == si.st_dev && so.st_ino == si.st_ino)
			return usage_error(NULL, "option --out: %s is %s (%s): an output must not "
					   "replace its input", out, input_names[i], paths[i]);
	if ((st = data_generate(&ds, c, err, sizeof err)) != ST_OK)
		return cli_fail(st, 0, err);
	if (out && strcmp(out, "-") != 0) {
		struct atomic_file af;
		if ((st = afile_open(&af, out, err, sizeof err)) == ST_OK) {
			data_write_csv(&ds, af.f);
			st = afile_commit(&af, err, sizeof err);
		}
		data_free(&ds);
		return cli_fail(st, 0, err);
	}
	data_write_csv(&ds, stdout);
	data_free(&ds);
	return finish_stdout();
}

static int cmd_print_config(const struct config *c)
{
	char *text = config_to_json(c);
	if (!text)
		return cli_fail(ST_NOMEM, 0, "out of memory");
	puts(text);
	free(text);
	return finish_stdout();
}

/* Frees main's config in a forked worker (sweep_options.release). */
static void release_config(void *c)
{
	config_free(c);
}

static int cmd_sweep(const struct config *c, struct sweep_options *o)
{
	char err[MSG_MAX];
	int sig;
	enum status st;
	o->release = release_config;
	o->release_ctx = (void *)c;
	st = sweep_run(c, o, &sig, err, sizeof err);
	return cli_fail(st, sig, err);
}

/* OpenBLAS's threads, with room for what a sweep of c (NULL: none) will
 * map; an exit code. */
static int set_threads(const struct args *a, const struct config *c)
{
	char err[MSG_MAX];
	enum status st = blas_set_threads((int)a->threads, c ? sweep_blas_room(c) : 0,
					  err, sizeof err);
	return cli_fail(st, 0, err);
}

/* Can the files behind c be read again by a second start of the program
 * (blas_best_core)?  Not a pipe, a terminal or a FIFO: only regular
 * files. */
static int rereadable(const struct config *c, const char *config_path)
{
	const char *paths[N_INPUTS];
	struct stat st;
	inputs_of(c, config_path, paths);
	for (size_t i = 0; i < N_INPUTS; i++)
		if (paths[i] && (stat(paths[i], &st) != 0 || !S_ISREG(st.st_mode)))
			return 0;
	return 1;
}

/* The config, with the command line's overrides; an exit code. */
static int load_config(struct config *c, struct args *a)
{
	char err[MSG_MAX];
	enum status st = config_load_with(c, a->o.config_path, a->sets, a->n_sets, err, sizeof err);
	if (st != ST_OK)
		return cli_fail(st, 0, err);
	/* the command line overrides the config's timing */
	if (a->repeats > 0)
		c->repeats = (size_t)a->repeats;
	if (a->warmup >= 0)
		c->warmup = (size_t)a->warmup;
	/* a CSV dataset's shape is the file's: read before the memory check */
	st = data_resolve(c, a->o.config_path, SWEEP_MAX_BYTES, err, sizeof err);
	if (st != ST_OK) {
		config_free(c);
		return cli_fail(st, 0, err);
	}
	st = sweep_check_memory(c, a->o.jobs, a->o.config_path, err, sizeof err);
	if (st != ST_OK) {
		config_free(c);
		return cli_fail(st, 0, err);
	}
	return EXIT_OK;
}

/* The fused kernels' variant, once, before any thread: a BSWEEP_ISA
 * naming none, or one this CPU lacks, is a usage error (exit 2), never a
 * silent fallback, since it was asked for to compare or test. */
static int select_isa(void)
{
	char err[256];
	enum status st = isa_select(err, sizeof err);
	return st == ST_OK ? EXIT_OK : cli_fail(st, 0, err);
}

int main(int argc, char **argv)
{
	struct args a = {.threads = 1, .jobs = 1, .repeats = -1, .warmup = -1};
	struct config cfg;
	int rc;

	cli_init();
	blas_at_load(argv);
	json_init();
	a.o.argc = argc;
	a.o.argv = argv;
	if (argc > 1 && strcmp(argv[1], "compare") == 0)
		return compare_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "analyze") == 0)
		return analyze_main(argc, argv);
	if (argc > 1 && strcmp(argv[1], "merge") == 0) {
		/* it draws the decision regions again, through BLAS, when the
		 * config has them: with the kernels the unsharded sweep has */
		blas_best_core(argv);
		return merge_main(argc - 1, argv + 1);
	}
	if (argc > 1 && strcmp(argv[1], "plot") == 0)
		return plot_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "data") == 0) {
		a.data_mode = 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	if ((rc = parse_args(argc, argv, &a)) >= 0)
		return rc;
	if ((rc = select_isa()) != EXIT_OK)
		return rc;
	if (a.version) {
		blas_best_core(argv); /* what a sweep that calls BLAS would use */
		return (rc = set_threads(&a, NULL)) != EXIT_OK ? rc : cmd_version();
	}
	if ((rc = check_args(argc, argv, &a)) >= 0)
		return rc;
	if (a.shard_auto && (rc = shard_auto(&a)) != EXIT_OK)
		return rc;
	a.o.sets = a.sets;
	a.o.n_sets = a.n_sets;
	a.o.jobs = (int)a.jobs;
	a.o.threads = (int)a.threads;
	a.o.progress = !a.o.quiet && isatty(STDERR_FILENO);
	if ((rc = load_config(&cfg, &a)) != EXIT_OK)
		return rc;
	if (!a.data_mode && !a.dry_run && !a.print_config && sweep_uses_blas(&cfg) &&
	    rereadable(&cfg, a.o.config_path))
		blas_best_core(argv); /* may start again: nothing done yet */
	if ((rc = set_threads(&a, a.data_mode || a.dry_run || a.print_config ? NULL : &cfg)) != EXIT_OK) {
		config_free(&cfg);
		return rc;
	}

	if (a.print_config)
		rc = cmd_print_config(&cfg);
	else if (a.dry_run) {
		/* exit 2 when the real run would be refused, with its message */
		char err[MSG_MAX];
		enum status st = sweep_print_plan(stdout, &cfg, &a.o, err, sizeof err);
		if ((rc = finish_stdout()) == EXIT_OK)
			rc = cli_fail(st, 0, err);
	} else if (a.data_mode)
		rc = cmd_data(&cfg, a.o.config_path, a.o.out_dir);
	else
		rc = cmd_sweep(&cfg, &a.o);
	config_free(&cfg);
	return rc;
}
