/* sweep.c: loop over batch sizes x seeds, run each, write what it gives.
 *
 * Order: validate sizes and memory, create the output directory, generate
 * the data once, allocate one trainer for the largest batch, then run after
 * run: train, write runs/b<B>_s<SEED>.{epochs,summary}.csv atomically.
 * The combined epochs.csv and summary.csv and run.json come last, each
 * atomically, assembled from the runs in config order.
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>

#include "csv.h"
#include "data.h"
#include "report.h"
#include "train.h"
#include "util.h"

static size_t max_batch(const struct config *c)
{
	size_t m = 0;
	for (size_t i = 0; i < c->n_batch_sizes; i++)
		if (c->batch_sizes[i] > m)
			m = c->batch_sizes[i];
	return m;
}

size_t sweep_memory(const struct config *c)
{
	size_t N = c->n_samples, D = c->n_features, K = c->centers;
	size_t cap = trainer_capacity(c, max_batch(c));
	size_t nd, bytes, t, runs, params = mlp_param_count(c, D, K);
	/* data: x64, float copy, and make_blobs' raw rows; labels, perm */
	if (!size_mul(N, D, &nd) || !size_mul(nd, 8 + 4 + 8, &bytes) ||
	    !size_add(bytes, N * (4 + 4 + 4), &bytes))
		return 0;
	/* model, optimizer (2 x params), batch buffers, permutation */
	if (!(t = mlp_bytes(c, D, K, cap)) || !size_add(bytes, t, &bytes) ||
	    !size_add(bytes, params * 2 * sizeof(float), &bytes) ||
	    !size_mul(cap, D * sizeof(float) + sizeof(int32_t), &t) ||
	    !size_add(bytes, t, &bytes) || !size_add(bytes, N * 4, &bytes))
		return 0;
	/* epoch records of every run */
	if (!size_mul(c->n_batch_sizes, c->n_seeds, &runs) ||
	    !size_mul(runs, c->epochs, &t) ||
	    !size_mul(t, sizeof(struct epoch_record), &t) ||
	    !size_add(bytes, t, &bytes))
		return 0;
	return bytes;
}

int sweep_check_memory(const struct config *c, const char *config_path,
		       char *err, size_t errsize)
{
	size_t bytes = sweep_memory(c);
	if (bytes != 0 && bytes <= SWEEP_MAX_BYTES)
		return 0;
	if (bytes == 0)
		msgf(err, errsize, "%s: the sweep's memory size overflows; it would need far more than the limit of %zu MiB",
		     config_path, SWEEP_MAX_BYTES >> 20);
	else
		msgf(err, errsize, "%s: the sweep needs about %.0f MiB, more than the limit of %zu MiB",
		     config_path, (double)bytes / 1048576.0, SWEEP_MAX_BYTES >> 20);
	msgf(err + strlen(err), errsize - strlen(err),
	     "\nhint: reduce data.n_samples, data.n_features, model.hidden or the largest batch size");
	return -1;
}

static void out_dir_of(const struct config *c, const struct sweep_options *o,
		       char *buf, size_t size)
{
	if (o->out_dir)
		msgf(buf, size, "%s", o->out_dir);
	else
		msgf(buf, size, "results/%s", c->name);
}

void sweep_print_plan(FILE *f, const struct config *c, const struct sweep_options *o)
{
	size_t total = 0, runs = c->n_batch_sizes * c->n_seeds;
	char dir[4096];
	out_dir_of(c, o, dir, sizeof dir);
	fprintf(f, "config: %s (name \"%s\")\n", o->config_path, c->name);
	fprintf(f, "data: make_blobs n_samples=%zu centers=%zu n_features=%zu "
		"cluster_std=%g random_state=%lu; %zu train, %zu validation\n",
		c->n_samples, c->centers, c->n_features, c->cluster_std,
		(unsigned long)c->random_state, c->n_train, c->n_samples - c->n_train);
	fprintf(f, "model: %zu", c->n_features);
	for (size_t l = 0; l < c->n_hidden; l++)
		fprintf(f, " -> %zu (%s)", c->hidden[l], config_activation_name(c->activation));
	fprintf(f, " -> %zu (softmax); %zu parameters\n", c->centers,
		mlp_param_count(c, c->n_features, c->centers));
	fprintf(f, "train: %s lr=%g, %zu epochs, shuffle %s\n",
		config_optimizer_name(c->optimizer), c->learning_rate, c->epochs,
		c->shuffle ? "on" : "off");
	fprintf(f, "runs: %zu batch size%s x %zu seed%s = %zu run%s\n",
		c->n_batch_sizes, c->n_batch_sizes == 1 ? "" : "s", c->n_seeds,
		c->n_seeds == 1 ? "" : "s", runs, runs == 1 ? "" : "s");
	fprintf(f, "%10s %11s %12s\n", "batch_size", "steps/epoch", "steps/run");
	for (size_t i = 0; i < c->n_batch_sizes; i++) {
		size_t spe = train_steps_per_epoch(c->n_train, c->batch_sizes[i] < c->n_train ?
						   c->batch_sizes[i] : c->n_train);
		fprintf(f, "%10zu %11zu %12zu%s\n", c->batch_sizes[i], spe,
			spe * c->epochs,
			c->batch_sizes[i] > c->n_train ? "  (full batch)" : "");
		total += spe * c->epochs * c->n_seeds;
	}
	fprintf(f, "total optimizer steps: %zu\n", total);
	fprintf(f, "memory estimate: %.1f MiB (limit %zu MiB)\n",
		(double)sweep_memory(c) / (1024.0 * 1024.0), SWEEP_MAX_BYTES >> 20);
	fprintf(f, "output: %s/\n", dir);
}

/* SIGINT/SIGTERM: finish the current epoch, keep the finished runs'
 * files, write nothing else, exit 128 + signal. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

struct progress_ctx {
	const struct config *cfg;
	size_t run, runs;
	double last;
};

static void progress_line(void *p, const struct run_result *r)
{
	struct progress_ctx *x = p;
	double now = clock_seconds();
	const struct epoch_record *e = &r->epochs[r->n_epochs - 1];
	if (now - x->last < 0.1 && r->n_epochs < x->cfg->epochs)
		return;
	x->last = now;
	fprintf(stderr, "\r\033[Krun %zu/%zu  batch %zu  seed %lu  epoch %zu/%zu  val_acc %.4f",
		x->run + 1, x->runs, r->batch_size, (unsigned long)r->seed,
		e->epoch, x->cfg->epochs, e->val_acc);
	fflush(stderr);
}

/* Remove temporary files a killed bsweep left in dir (".NAME.tmp-XXXXXX",
 * see csv.h); returns how many. */
static size_t remove_stale_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	char path[4200];
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		const char *t = strstr(e->d_name, ".tmp-");
		if (e->d_name[0] == '.' && t && strlen(t) == 11) {
			msgf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (unlink(path) == 0)
				n++;
		}
	}
	closedir(d);
	return n;
}

/* --force over another config's results: remove that sweep's files
 * (run.json, the combined CSVs and the per-run CSVs) so none is mixed in. */
static void clear_results(const char *dir)
{
	static const char *const names[] = {"run.json", "epochs.csv", "summary.csv"};
	char path[4200];
	DIR *d;
	struct dirent *e;
	for (size_t i = 0; i < 3; i++) {
		msgf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	msgf(path, sizeof path, "%s/runs", dir);
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == 'b' && n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0) {
			msgf(path, sizeof path, "%s/runs/%s", dir, e->d_name);
			unlink(path);
		}
	}
	closedir(d);
}

/* Write one file atomically through a row writer. */
static int write_run_file(const char *path, const char *header,
			  void (*rows)(FILE *, const struct run_result *),
			  const struct run_result *r, size_t n,
			  char *err, size_t errsize)
{
	struct atomic_file af;
	if (afile_open(&af, path, err, errsize) != 0)
		return -1;
	fputs(header, af.f);
	fputc('\n', af.f);
	for (size_t i = 0; i < n; i++)
		rows(af.f, &r[i]);
	return afile_commit(&af, err, errsize);
}

int sweep_run(const struct config *c, const struct sweep_options *o,
	      char *err, size_t errsize)
{
	size_t runs = c->n_batch_sizes * c->n_seeds, bytes = sweep_memory(c);
	struct run_result *res = NULL;
	struct epoch_record *records = NULL;
	struct dataset ds;
	struct trainer tr;
	struct run_info info;
	struct progress_ctx pc = {c, 0, runs, 0.0};
	char dir[4096], path[4200];
	int rc = EXIT_RUNTIME, have_data = 0, have_trainer = 0;
	double t0;

	if (sweep_check_memory(c, o->config_path, err, errsize) != 0)
		return EXIT_USAGE;
	out_dir_of(c, o, dir, sizeof dir);
	msgf(path, sizeof path, "%s/run.json", dir);
	{
		char why[600];
		if (!report_same_config(path, c, why, sizeof why)) {
			if (!o->force) {
				msgf(err, errsize, "%s: holds the results of another sweep (%s); nothing was written\n"
				     "hint: choose another directory with -o, or pass --force to replace them",
				     dir, why);
				return EXIT_USAGE;
			}
			clear_results(dir);
		}
	}
	msgf(path, sizeof path, "%s/runs", dir);
	if (make_dirs(path) != 0) {
		msgf(err, errsize, "%s: cannot create the output directory: %s",
		     path, strerror(errno));
		return EXIT_RUNTIME;
	}

	remove_stale_temps(dir);
	remove_stale_temps(path);
	memset(&info, 0, sizeof info);
	info.cfg = c;
	info.config_path = o->config_path;
	info.argc = o->argc;
	info.argv = o->argv;
	info.threads = o->threads;
	info.start = time(NULL);
	fingerprint_collect(&info.fp);
	msgf(path, sizeof path, "%s/run.json", dir);
	if (report_write_run_json(path, &info, err, errsize) != 0)
		return EXIT_RUNTIME;

	t0 = clock_seconds();
	res = xcalloc(runs, sizeof *res);
	records = xcalloc(runs * c->epochs, sizeof *records);
	if (!res || !records)
		goto oom;
	if (data_generate(&ds, c) != 0)
		goto oom;
	have_data = 1;
	info.data_hash = data_hash(&ds);
	if (trainer_init(&tr, c, &ds, max_batch(c)) != 0)
		goto oom;
	have_trainer = 1;
	tr.stop = &stop_signal;
	catch_signals();

	for (size_t bi = 0, k = 0; bi < c->n_batch_sizes; bi++) {
		for (size_t si = 0; si < c->n_seeds; si++, k++) {
			struct run_result *r = &res[k];
			char base[4200];
			r->epochs = records + k * c->epochs;
			pc.run = k;
			train_run(&tr, c->batch_sizes[bi], c->seeds[si], r,
				  o->progress ? progress_line : NULL, &pc);
			if (r->status == RUN_INTERRUPTED) {
				if (o->progress)
					fputs("\r\033[K", stderr);
				msgf(err, errsize, "interrupted by %s: %zu of %zu runs finished; their files are in %s/runs/; "
				     "the combined files were not written\nhint: run the same command again to redo the sweep",
				     stop_signal == SIGTERM ? "SIGTERM" : "SIGINT", k, runs, dir);
				rc = EXIT_SIGNAL_BASE + (int)stop_signal;
				goto out;
			}
			if (r->status == RUN_DIVERGED) {
				if (o->progress)
					fputs("\r\033[K", stderr);
				warn("batch size %zu, seed %lu: the loss became non-finite at epoch %zu; "
				     "run marked \"diverged\" (try a smaller train.learning_rate)",
				     r->batch_size, (unsigned long)r->seed, r->n_epochs);
			}
			msgf(base, sizeof base, "%s/runs/b%zu_s%lu", dir, r->batch_size,
			     (unsigned long)r->seed);
			msgf(path, sizeof path, "%s.epochs.csv", base);
			if (write_run_file(path, CSV_EPOCHS_HEADER, csv_write_epochs, r, 1,
					   err, errsize) != 0)
				goto out;
			msgf(path, sizeof path, "%s.summary.csv", base);
			if (write_run_file(path, CSV_SUMMARY_HEADER, csv_write_summary, r, 1,
					   err, errsize) != 0)
				goto out;
		}
	}
	if (o->progress)
		fputs("\r\033[K", stderr);

	msgf(path, sizeof path, "%s/epochs.csv", dir);
	if (write_run_file(path, CSV_EPOCHS_HEADER, csv_write_epochs, res, runs,
			   err, errsize) != 0)
		goto out;
	msgf(path, sizeof path, "%s/summary.csv", dir);
	if (write_run_file(path, CSV_SUMMARY_HEADER, csv_write_summary, res, runs,
			   err, errsize) != 0)
		goto out;
	info.end = time(NULL);
	info.wall_seconds = clock_seconds() - t0;
	msgf(path, sizeof path, "%s/run.json", dir);
	if (report_write_run_json(path, &info, err, errsize) != 0)
		goto out;
	if (!o->quiet) {
		report_table(stdout, c, res, runs);
		fflush(stdout);
		fprintf(stderr, "results in %s/ (epochs.csv, summary.csv, run.json)\n", dir);
	}
	rc = EXIT_OK;
	goto out;
oom:
	msgf(err, errsize, "out of memory (the sweep needs about %.1f MiB)",
	     (double)bytes / 1048576.0);
out:
	if (have_trainer)
		trainer_free(&tr);
	if (have_data)
		data_free(&ds);
	free(records);
	free(res);
	return rc;
}
