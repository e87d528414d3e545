/* main.c: the command line.  Parses argv, loads the config, calls the
 * pipeline and maps failures to exit codes:
 *   0 success, 1 runtime failure (I/O, memory), 2 usage or config error.
 * Nothing here trains or writes results itself.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>
#include <cblas.h>

#include "compare.h"
#include "config.h"
#include "csv.h"
#include "data.h"
#include "fingerprint.h"
#include "sweep.h"
#include "util.h"

static void usage(FILE *f)
{
	fputs(
"Usage: bsweep [OPTIONS] CONFIG.json\n"
"       bsweep data [OPTIONS] CONFIG.json\n"
"       bsweep compare [--csv] DIR_A DIR_B [DIR...]\n"
"\n"
"Train a fresh network for every batch size x seed of CONFIG.json and write\n"
"per-epoch learning curves and timings to CSV (default results/<name>/).\n"
"`bsweep data` writes the generated dataset as CSV instead (stdout or -o).\n"
"`bsweep compare` compares the times and results of one experiment run on\n"
"several machines, builds or settings (see `bsweep compare --help`).\n"
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
"      --resume       keep the runs already finished in the output directory\n"
"                     (after an interrupted sweep) and train only the rest\n"
"  -q, --quiet        no progress line and no result table\n"
"  -f, --force        replace results of a different config in the output\n"
"                     directory (otherwise refused, exit 2)\n"
"  -n, --dry-run      validate the config, print the plan, write nothing\n"
"      --print-config print the resolved config (defaults filled in) as JSON\n"
"  -h, --help         print this help and exit\n"
"  -V, --version      print version, build and machine description\n"
"\n"
"Exit status: 0 success, 1 runtime failure (I/O, memory),\n"
"             2 usage or config error (nothing is written),\n"
"             130/143 interrupted by SIGINT/SIGTERM (finished runs are kept).\n"
"\n"
"Files: epochs.csv, summary.csv, run.json and runs/ in the output directory.\n"
"See bsweep(1) and README.md for the config keys and the CSV columns.\n", f);
}

/* OpenBLAS's own (exported, used by its fork handler), not in cblas.h. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

static void *json_malloc(size_t n) { return xmalloc(n); }

/* bsweep data: the dataset as CSV on stdout or into -o FILE (atomic). */
static int cmd_data(const struct config *c, const char *out)
{
	struct dataset ds;
	char err[1024];
	int rc = EXIT_OK;
	if (data_generate(&ds, c) != 0) {
		fprintf(stderr, "%s: out of memory generating the data\n", util_progname);
		return EXIT_RUNTIME;
	}
	if (out && strcmp(out, "-") != 0) {
		struct atomic_file af;
		if (afile_open(&af, out, err, sizeof err) != 0 ||
		    (data_write_csv(&ds, af.f), afile_commit(&af, err, sizeof err)) != 0) {
			fprintf(stderr, "%s: %s\n", util_progname, err);
			rc = EXIT_RUNTIME;
		}
	} else {
		if (data_write_csv(&ds, stdout) != 0 || fflush(stdout) != 0) {
			fprintf(stderr, "%s: standard output: %s\n", util_progname,
				strerror(errno));
			rc = EXIT_RUNTIME;
		}
	}
	data_free(&ds);
	return rc;
}

int main(int argc, char **argv)
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
		{NULL, 0, NULL, 0},
	};
	cJSON_Hooks hooks = {json_malloc, free};
	struct sweep_options o = {0};
	struct config cfg;
	int data_mode = 0, dry_run = 0, print_config = 0, version = 0, ch, rc;
	long threads = 1, jobs = 1, repeats = -1, warmup = -1;
	char err[2048];

	cJSON_InitHooks(&hooks);
	o.argc = argc;
	o.argv = argv;
	if (argc > 1 && strcmp(argv[1], "compare") == 0)
		return compare_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "data") == 0) {
		data_mode = 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:t:j:r:w:qnfhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (!*optarg)
				return usage_error(NULL, "option --out: expected a path, found an empty string%s", "");
			o.out_dir = optarg;
			break;
		case 't':
			if (parse_long(optarg, 1, 256, &threads) != 0)
				return usage_error(NULL, "option --threads: expected an integer from 1 to 256, found '%s'",
						   optarg);
			break;
		case 'j':
			if (parse_long(optarg, 1, SWEEP_MAX_JOBS, &jobs) != 0)
				return usage_error(NULL, "option --jobs: expected an integer from 1 to 256, found '%s'",
						   optarg);
			break;
		case 'r':
			if (parse_long(optarg, 1, CONFIG_MAX_REPEATS, &repeats) != 0)
				return usage_error(NULL, "option --repeats: expected an integer from 1 to 1000, found '%s'",
						   optarg);
			break;
		case 'w':
			if (parse_long(optarg, 0, CONFIG_MAX_REPEATS, &warmup) != 0)
				return usage_error(NULL, "option --warmup: expected an integer from 0 to 1000, found '%s'",
						   optarg);
			break;
		case 'R': o.resume = 1; break;
		case 'q': o.quiet = 1; break;
		case 'f': o.force = 1; break;
		case 'n': dry_run = 1; break;
		case 'P': print_config = 1; break;
		case 'h':
			usage(stdout);
			return finish_stdout();
		case 'V': version = 1; break;
		case ':':
			return usage_error(NULL, "option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error(NULL, "unknown option '-%s'", (char[]){(char)optopt, 0});
			return usage_error(NULL, "unknown option '%s'", argv[optind - 1]);
		}
	}
	openblas_set_num_threads((int)threads);
	if (threads == 1 && blas_thread_shutdown_)
		/* OpenBLAS starts a worker thread per core when it loads, and
		 * an idle worker spins on sched_yield for about 0.1 s: with
		 * one thread it would only burn the other core (and slow
		 * -j 2's second worker).  Stop the pool; OpenBLAS restarts it
		 * itself should a call ever want threads.  (Weak: other BLAS
		 * libraries have no such pool.) */
		blas_thread_shutdown_();
	if (version) {
		struct fingerprint fp;
		fingerprint_collect(&fp);
		printf("bsweep %s\n", fp.version);
		fingerprint_print(stdout, &fp);
		return finish_stdout();
	}
	if (o.resume && o.force)
		return usage_error(NULL, "options --resume and --force contradict each other: --resume keeps "
				   "finished runs, --force replaces another config's results%s", "");
	if (data_mode && dry_run)
		return usage_error(NULL, "option --dry-run applies to a sweep, not to 'bsweep data'%s", "");
	if (optind >= argc)
		return usage_error(NULL, "missing CONFIG.json%s", "");
	if (optind + 1 < argc)
		return usage_error(NULL, "expected one CONFIG.json, found extra argument '%s'",
				   argv[optind + 1]);
	o.config_path = argv[optind];

	if (config_load(&cfg, o.config_path, err, sizeof err) != 0) {
		/* config_load sets errno: ENOMEM is ours, anything else the
		 * config's */
		int oom = errno == ENOMEM;
		fprintf(stderr, "%s: %s\n", util_progname, err);
		return oom ? EXIT_RUNTIME : EXIT_USAGE;
	}
	/* the command line overrides the config's timing */
	if (repeats > 0)
		cfg.repeats = (size_t)repeats;
	if (warmup >= 0)
		cfg.warmup = (size_t)warmup;
	o.jobs = (int)jobs;
	if (sweep_check_memory(&cfg, o.jobs, o.config_path, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", util_progname, err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	o.threads = (int)threads;
	o.progress = !o.quiet && isatty(STDERR_FILENO);

	if (print_config) {
		char *text = config_to_json(&cfg);
		if (!text) {
			fprintf(stderr, "%s: out of memory\n", util_progname);
			rc = EXIT_RUNTIME;
		} else {
			puts(text);
			free(text);
			rc = finish_stdout();
		}
	} else if (dry_run) {
		sweep_print_plan(stdout, &cfg, &o);
		rc = finish_stdout();
	} else if (data_mode) {
		rc = cmd_data(&cfg, o.out_dir);
	} else {
		rc = sweep_run(&cfg, &o, err, sizeof err);
		if (rc != EXIT_OK && err[0])
			fprintf(stderr, "%s: %s\n", util_progname, err);
	}
	config_free(&cfg);
	return rc;
}
