/* merge.c: bsweep merge DIR.  Checks that DIR holds every run of the
 * config in its run.json exactly once, whole (runfile_finished), of this
 * bsweep version (run.json and every shard's record, runs/shard-K-of-N.json)
 * and the same config (each record's), with no file of a run the config
 * does not have; then writes the combined files through sweep_merge, the
 * code an unsharded sweep ends with.  Runs trained by two shards are
 * found through the records' "runs_trained" (a run file has one name, so
 * a second copy cannot sit beside it: two splits of the same sweep, say
 * --shard 0/2 and --shard 1/3, may both have trained it).  Problems are
 * listed by run name (b<B>[_g<P>]_s<SEED>) and nothing is written.
 * Does not train.  Takes the directory's lock before it reads anything
 * (refused while a shard holds it; none where the file system has no
 * locks) and, once the checks pass, removes the temporary files killed
 * shards left.
 */
#define _POSIX_C_SOURCE 200809L
#include "merge.h"

#include <dirent.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fingerprint.h"
#include "json.h"
#include "outdir.h"
#include "results.h"
#include "runfile.h"
#include "sweep.h"
#include "util.h"

/* Runs named in one problem line at most; the rest are counted. */
#define MERGE_LIST_MAX 20

static void usage(FILE *f)
{
	fputs(
"Usage: bsweep merge [OPTIONS] DIR\n"
"\n"
"Assemble the combined files of a sweep run in shards (bsweep --shard K/N\n"
"-o DIR CONFIG, one process per shard, on one machine or several) into DIR:\n"
"epochs.csv, summary.csv, the analysis files and run.json, equal to those of\n"
"the same sweep run unsharded (apart from the measurement columns).\n"
"\n"
"Checks first, and writes nothing when a check fails: every run of the\n"
"config in DIR/run.json is in DIR/runs/, whole; no run was trained by two\n"
"shards of different splits; no file in DIR/runs/ is of a run the config\n"
"does not have; run.json and the shards' records (runs/shard-K-of-N.json)\n"
"are of this bsweep version and of that config; no shard still holds\n"
"DIR's lock.  Runs are named\n"
"b<BATCH>[_g<POINT>]_s<SEED>, as their files.  When the runs ran on several\n"
"machines (summary.csv's host and machine columns), says so: their times\n"
"are not comparable with each other.\n"
"\n"
"Options:\n"
"  -q, --quiet   no result table\n"
"  -h, --help    print this help and exit\n"
"\n"
"Exit status: 0 merged; 1 runs missing, damaged, trained twice or not of\n"
"the config (listed), a shard still running, or a write failure; 2 usage\n"
"error, or DIR is not a sweep of this config and bsweep version.\n", f);
}

/* A list of run names for one kind of problem. */
struct names {
	char **v;
	size_t n, cap;
};

static int names_add(struct names *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int names_add(struct names *l, const char *fmt, ...)
{
	char buf[MSG_MAX], **v;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (l->n == l->cap) {
		/* doubled: up to CONFIG_MAX_RUNS names */
		size_t cap = l->cap ? 2 * l->cap : 16;
		if (!(v = xmalloc(cap * sizeof *v)))
			return -1;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		free(l->v);
		l->v = v;
		l->cap = cap;
	}
	v = l->v;
	if (!(v[l->n] = xmalloc(strlen(buf) + 1)))
		return -1;
	memcpy(v[l->n++], buf, strlen(buf) + 1);
	return 0;
}

static int names_has(const struct names *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static void names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* "bsweep merge: DIR: 3 runs missing: b4_s0, b8_s2, b16_s1" (sep between
 * the names), cut after MERGE_LIST_MAX. */
static void print_names(const char *dir, const struct names *l, const char *one,
			const char *many, const char *sep)
{
	if (!l->n)
		return;
	note("bsweep merge: %s: %zu %s: ", dir, l->n, l->n == 1 ? one : many);
	for (size_t i = 0; i < l->n && i < MERGE_LIST_MAX; i++)
		note("%s%s", i ? sep : "", l->v[i]);
	if (l->n > MERGE_LIST_MAX)
		note("%sand %zu more", sep, l->n - MERGE_LIST_MAX);
	fputc('\n', stderr);
}

/* What the checks found. */
struct merge {
	const char *dir;
	struct results r;          /* run.json and its config */
	char version[32];          /* this bsweep's */
	size_t runs;
	int *trained_by;           /* per run: the record naming it, -1 none */
	struct names records;      /* the shard records' names */
	struct names missing, damaged, twice, strays, machines;
	size_t jobs, threads;      /* the most of the runs' */
	struct fingerprint fp;     /* the first record's machine (by name) */
	char first[256];           /* that record's name, "" before one */
	char host[CSV_WORD_MAX], machine_id[CSV_WORD_MAX]; /* its, or "" */
	int lock;                  /* DIR/.lock (outdir_open), -1 none */
};

/* The machine and build a record describes (its fields as run.json keeps
 * them, fingerprint_fields), over those of fp; its host and machine id. */
static void machine_of(const cJSON *root, struct merge *m)
{
	const cJSON *v;
	for (size_t i = 0; i < fingerprint_n_fields; i++) {
		const struct fingerprint_field *f = &fingerprint_fields[i];
		char *at = (char *)&m->fp + f->offset;
		v = json_get(root, f->json_path);
		if (f->type == FP_STRING && cJSON_IsString(v))
			msgf(at, f->size, "%s", v->valuestring);
		else if (f->type == FP_LONG && cJSON_IsNumber(v))
			*(long *)(void *)at = (long)v->valuedouble;
		else if (f->type == FP_BOOL && cJSON_IsBool(v))
			*(int *)(void *)at = cJSON_IsTrue(v);
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "host");
	csv_word(m->host, cJSON_IsString(v) ? v->valuestring : "");
	v = cJSON_GetObjectItemCaseSensitive(root, "machine_id");
	csv_word(m->machine_id, cJSON_IsString(v) ? v->valuestring : "");
}

/* The run of config c a file name in runs/ names, or -1. */
static long run_of_name(const struct config *c, const char *name)
{
	size_t B, point, b, s;
	unsigned long seed;
	int has_point;
	if (runfile_parse_name(name, &B, &has_point, &point, &seed) != 0 ||
	    has_point != (c->n_grid > 0) || point >= config_points(c))
		return -1;
	for (b = 0; b < c->n_batch_sizes && c->batch_sizes[b] != B; b++)
		;
	for (s = 0; s < c->n_seeds && c->seeds[s] != seed; s++)
		;
	if (b == c->n_batch_sizes || s == c->n_seeds)
		return -1;
	/* config order: the run list names the index; find it */
	for (size_t k = 0; k < config_runs(c); k++) {
		struct run_point p = config_run(c, k);
		if (p.batch_index == b && p.seed_index == s && p.point == point)
			return (long)k;
	}
	return -1;
}

/* A file's "bsweep_version" against ours: ST_OK, or ST_INPUT with a
 * message. */
static enum status check_version(const struct merge *m, const cJSON *root, const char *path,
				 char *err, size_t errsize)
{
	char v[64];
	json_scalar_text(v, sizeof v, json_get(root, "bsweep_version"), NULL);
	if (strcmp(v, m->version) == 0)
		return ST_OK;
	msgf(err, errsize, "%s: written by bsweep %s, this is bsweep %s: the runs of one sweep "
	     "must come from one version\nhint: merge with the bsweep that ran the shards, or run "
	     "the sweep again with this one", path, v, m->version);
	return ST_INPUT;
}

/* One shard record: its version and config, and the runs it trained. */
static enum status read_record(struct merge *m, const char *name, char *err, size_t errsize)
{
	char path[4400], *text = NULL, where[512] = "config", va[128], vb[128];
	cJSON *root = NULL;
	const cJSON *da, *db, *list, *item;
	int idx = (int)m->records.n;
	enum status st;
	msgf(path, sizeof path, "%s/runs/%s", m->dir, name);
	if (names_add(&m->records, "%s", name) != 0)
		return ST_NOMEM;
	if ((st = read_file(path, 1 << 24, &text, NULL, err, errsize)) != ST_OK)
		return st;
	st = json_parse(text, &root, NULL);
	free(text);
	if (st != ST_OK || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		if (st == ST_NOMEM)
			return ST_NOMEM;
		msgf(err, errsize, "%s: not valid JSON (a shard's record)", path);
		return ST_INPUT;
	}
	if ((st = check_version(m, root, path, err, errsize)) != ST_OK)
		goto out;
	/* the same experiment: name and timing may differ (outputs.md) */
	if (json_diff(json_get(root, "config"), m->r.config, config_not_experiment, where + 6,
		      sizeof where - 6, &da, &db)) {
		json_scalar_text(va, sizeof va, da, NULL);
		json_scalar_text(vb, sizeof vb, db, NULL);
		msgf(err, errsize, "%s: a shard of another config (%s is %s there, %s in %s/run.json)"
		     "\nhint: remove the record and that shard's run files, or merge into "
		     "another directory", path, where, va, vb, m->dir);
		st = ST_INPUT;
		goto out;
	}
	list = cJSON_GetObjectItemCaseSensitive(root, "runs_trained");
	cJSON_ArrayForEach(item, list) {
		char file[160];
		long k;
		/* a run's name is its files' stem */
		if (!cJSON_IsString(item) || strlen(item->valuestring) > 100)
			continue;
		msgf(file, sizeof file, "%s.summary.csv", item->valuestring);
		if ((k = run_of_name(&m->r.cfg, file)) < 0)
			continue; /* a stray, if its files are there, is found below */
		if (m->trained_by[k] >= 0 && m->trained_by[k] != idx) {
			if (names_add(&m->twice, "%s (%s, %s)", item->valuestring,
				      m->records.v[m->trained_by[k]], name) != 0) {
				st = ST_NOMEM;
				goto out;
			}
		} else {
			m->trained_by[k] = idx;
		}
	}
	/* run.json's machine: the first record's by name, whatever the
	 * order the directory lists them in */
	if (!m->first[0] || strcmp(name, m->first) < 0) {
		msgf(m->first, sizeof m->first, "%s", name);
		machine_of(root, m);
	}
	if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(root, "complete")))
		warn("%s: that shard did not finish (its record says \"complete\": false)%s", path,
		     "; its runs are checked one by one");
out:
	cJSON_Delete(root);
	return st;
}

/* The files of runs/: shard records read, files of runs the config does
 * not have listed. */
static enum status scan_runs(struct merge *m, char *err, size_t errsize)
{
	char path[4200];
	DIR *d;
	struct dirent *e;
	enum status st = ST_OK;
	msgf(path, sizeof path, "%s/runs", m->dir);
	if (!(d = opendir(path)))
		return ST_OK; /* no runs/: every run is missing */
	while (st == ST_OK && (e = readdir(d))) {
		size_t k, n;
		if (runfile_is_shard_record(e->d_name, &k, &n))
			st = read_record(m, e->d_name, err, errsize);
		else if (runfile_owns(e->d_name, 1) && run_of_name(&m->r.cfg, e->d_name) < 0 &&
			 names_add(&m->strays, "runs/%s", e->d_name) != 0)
			st = ST_NOMEM;
	}
	closedir(d);
	return st;
}

/* Every run: whole, or missing, or damaged; where the whole ones ran. */
static enum status check_runs(struct merge *m)
{
	char why[MSG_MAX], name[128];
	for (size_t k = 0; k < m->runs; k++) {
		struct run_point p = config_run(&m->r.cfg, k);
		struct summary_row row;
		int r = runfile_finished(m->dir, &m->r.cfg, &m->r.tables, p, why, sizeof why);
		enum status st;
		if (r == -2)
			return ST_NOMEM;
		runfile_run_name(name, sizeof name, &m->r.tables, p);
		if (r == 0 && names_add(&m->missing, "%s", name) != 0)
			return ST_NOMEM;
		if (r < 0 && names_add(&m->damaged, "%s (%s)", name, why) != 0)
			return ST_NOMEM;
		if (r != 1)
			continue;
		if ((st = runfile_read_summary(m->dir, &m->r.cfg, &m->r.tables, p, &row, why,
					       sizeof why)) == ST_NOMEM)
			return ST_NOMEM;
		if (st != ST_OK) {
			if (names_add(&m->damaged, "%s (%s)", name, why) != 0)
				return ST_NOMEM;
			continue;
		}
		m->jobs = row.jobs > m->jobs ? row.jobs : m->jobs;
		m->threads = row.blas_threads > m->threads ? row.blas_threads : m->threads;
		msgf(why, sizeof why, "%s (%s)", row.where.host, row.where.machine);
		if (!names_has(&m->machines, why) && names_add(&m->machines, "%s", why) != 0)
			return ST_NOMEM;
	}
	return ST_OK;
}

static int parse_options(int argc, char **argv, int *quiet)
{
	static const struct option longopts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'q': *quiet = 1; break;
		case 'h':
			usage(stdout);
			return finish_stdout();
		default:
			if (optopt)
				return usage_error("merge", "unknown option '-%c'", optopt);
			return usage_error("merge", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind < 1)
		return usage_error("merge", "expected a results directory");
	if (argc - optind > 1)
		return usage_error("merge", "expected one results directory, found extra argument '%s'",
				   argv[optind + 1]);
	if (!*argv[optind])
		return usage_error("merge", "expected a directory, found an empty string");
	return -1;
}

/* The checks and, when they pass, the merge; an exit code. */
static int merge_dir(struct merge *m, int argc, char **argv, int quiet)
{
	struct sweep_options o = {0};
	struct merge_facts facts;
	char err[MSG_MAX], path[4200];
	enum status st;
	size_t distinct = 0;

	/* this machine's, until a shard's record says where the runs ran */
	fingerprint_collect(&m->fp);
	msgf(m->version, sizeof m->version, "%s", m->fp.version);
	/* first: a shard still running holds the lock (its runs may be
	 * missing yet, its temporary files live, and run.json may change) */
	if ((st = outdir_open(m->dir, &m->lock, OUTDIR_MERGING, err, sizeof err)) != ST_OK)
		return cli_fail(st, 0, err);
	if ((st = results_open(&m->r, m->dir, err, sizeof err)) != ST_OK)
		return cli_fail(st, 0, err);
	msgf(path, sizeof path, "%s/%s", m->dir, RUNFILE_RUN_JSON);
	m->runs = config_runs(&m->r.cfg);
	if ((st = check_version(m, m->r.run_json, path, err, sizeof err)) != ST_OK)
		return cli_fail(st, 0, err);
	if (!(m->trained_by = xmalloc(m->runs * sizeof *m->trained_by + 1)))
		return cli_fail(ST_NOMEM, 0, "out of memory");
	for (size_t k = 0; k < m->runs; k++)
		m->trained_by[k] = -1;
	if ((st = scan_runs(m, err, sizeof err)) != ST_OK ||
	    (st = check_runs(m)) != ST_OK)
		return cli_fail(st, 0, st == ST_NOMEM && !err[0] ? "out of memory" : err);
	if (m->missing.n || m->damaged.n || m->twice.n || m->strays.n) {
		print_names(m->dir, &m->missing, "run missing", "runs missing", ", ");
		print_names(m->dir, &m->damaged, "run damaged", "runs damaged", "; ");
		print_names(m->dir, &m->twice, "run trained by two shards",
			    "runs trained by two shards", ", ");
		print_names(m->dir, &m->strays, "file of a run the config does not have",
			    "files of runs the config does not have", ", ");
		note("bsweep merge: %s: nothing written\n", m->dir);
		if (m->missing.n || m->damaged.n)
			fputs("hint: run the shards that own them again with --resume "
			      "(bsweep --shard K/N --resume -o DIR CONFIG; bsweep --dry-run --shard K/N "
			      "CONFIG lists a shard's runs), then merge again\n", stderr);
		if (m->twice.n)
			fputs("hint: the directory holds shards of two splits; remove the records "
			      "(runs/shard-K-of-N.json) of the split you did not mean\n", stderr);
		if (m->strays.n)
			fputs("hint: move those files away (they are not runs of run.json's config)\n",
			      stderr);
		return EXIT_RUNTIME;
	}
	/* several machines: flagged, not mixed silently */
	for (size_t i = 0; i < m->machines.n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			seen |= strcmp(strrchr(m->machines.v[i], '('),
				       strrchr(m->machines.v[j], '(')) == 0;
		distinct += !seen;
	}
	if (m->machines.n > 1) {
		char list[MSG_MAX] = "";
		for (size_t i = 0; i < m->machines.n; i++) {
			size_t n = strlen(list);
			msgf(list + n, sizeof list - n, "%s%s", i ? ", " : "", m->machines.v[i]);
		}
		warn("timings from %zu machines: %s; their times are not comparable with each "
		     "other (summary.csv's host and machine columns say where each run ran)",
		     distinct > 1 ? distinct : m->machines.n, list);
	}
	/* every run is there, whole, and no shard still writes: a temporary
	 * file is a killed shard's (shards leave them, since another shard's
	 * may be live) */
	outdir_remove_temps(m->dir);
	o.config_path = path;
	o.out_dir = m->dir;
	o.quiet = quiet;
	o.argc = argc;
	o.argv = argv;
	facts = (struct merge_facts){m->machines.v, m->machines.n, (int)m->jobs, (int)m->threads,
				     m->fp, m->host[0] ? m->host : NULL,
				     m->machine_id[0] ? m->machine_id : NULL};
	st = sweep_merge(&m->r.cfg, &o, &facts, err, sizeof err);
	return cli_fail(st, 0, err);
}

int merge_main(int argc, char **argv)
{
	struct merge m;
	int quiet = 0, rc;
	if ((rc = parse_options(argc, argv, &quiet)) >= 0)
		return rc;
	memset(&m, 0, sizeof m);
	m.dir = argv[optind];
	m.lock = -1;
	/* the whole command line for run.json: "bsweep merge ..." */
	rc = merge_dir(&m, argc + 1, argv - 1, quiet);
	if (m.lock >= 0)
		close(m.lock);
	results_free(&m.r);
	free(m.trained_by);
	names_free(&m.records);
	names_free(&m.missing);
	names_free(&m.damaged);
	names_free(&m.twice);
	names_free(&m.strays);
	names_free(&m.machines);
	return rc;
}
