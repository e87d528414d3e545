/* sweep.c: the experiment from start to end.
 *
 * Order: check the memory estimate, check the output directory belongs to
 * this experiment and lock it (outdir.c), list the runs to do (all, or
 * with --resume those not finished), write run.json (complete: false),
 * generate the data once, train the runs (pool.c: in this process or in
 * worker processes, each run's files written when it ends), assemble the
 * combined epochs.csv and summary.csv from the runs in config order,
 * rewrite run.json (complete: true), print the table.
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
#include "data.h"
#include "measure.h"
#include "outdir.h"
#include "pool.h"
#include "report.h"
#include "train.h"
#include "util.h"

size_t sweep_memory(const struct config *c, int jobs)
{
	size_t N = c->n_samples, D = c->n_features, nd, bytes, w, runs;
	/* data: x64, float copy, and make_blobs' raw rows; labels */
	if (!size_mul(N, D, &nd) || !size_mul(nd, 8 + 4 + 8, &bytes) ||
	    !size_add(bytes, N * (4 + 4 + 4), &bytes))
		return 0;
	/* the run list, then every worker */
	if (!size_mul(c->n_batch_sizes, c->n_seeds, &runs) ||
	    !size_add(bytes, runs * sizeof(size_t), &bytes) ||
	    !(w = pool_worker_memory(c)) || !size_mul(w, (size_t)(jobs > 0 ? jobs : 1), &w) ||
	    !size_add(bytes, w, &bytes))
		return 0;
	return bytes;
}

int sweep_check_memory(const struct config *c, int jobs, const char *config_path,
		       char *err, size_t errsize)
{
	size_t bytes = sweep_memory(c, jobs);
	if (bytes != 0 && bytes <= SWEEP_MAX_BYTES)
		return 0;
	if (bytes == 0)
		msgf(err, errsize, "%s: the sweep's memory size overflows; it would need far more than the limit of %zu MiB",
		     config_path, SWEEP_MAX_BYTES >> 20);
	else
		msgf(err, errsize, "%s: the sweep needs about %.0f MiB%s, more than the limit of %zu MiB",
		     config_path, (double)bytes / 1048576.0,
		     jobs > 1 ? " with its jobs" : "", SWEEP_MAX_BYTES >> 20);
	msgf(err + strlen(err), errsize - strlen(err),
	     "\nhint: reduce data.n_samples, data.n_features, model.hidden or the largest batch size%s",
	     jobs > 1 ? ", or --jobs" : "");
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

static size_t steps_per_epoch(const struct config *c, size_t B)
{
	return train_steps_per_epoch(c->n_train, B < c->n_train ? B : c->n_train);
}

void sweep_print_plan(FILE *f, const struct config *c, const struct sweep_options *o)
{
	size_t total = 0, runs = c->n_batch_sizes * c->n_seeds;
	int jobs = o->jobs > 0 ? o->jobs : 1;
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
	fprintf(f, "timing: %zu timed training%s per run (the median is reported), %zu warm-up%s; "
		"%d job%s, %d OpenBLAS thread%s each\n",
		c->repeats, c->repeats == 1 ? "" : "s", c->warmup, c->warmup == 1 ? "" : "s",
		jobs, jobs == 1 ? "" : "s", o->threads, o->threads == 1 ? "" : "s");
	fprintf(f, "%10s %11s %12s %12s\n", "batch_size", "steps/epoch", "steps/run",
		"memory_KiB");
	for (size_t i = 0; i < c->n_batch_sizes; i++) {
		size_t spe = steps_per_epoch(c, c->batch_sizes[i]);
		fprintf(f, "%10zu %11zu %12zu %12.1f%s\n", c->batch_sizes[i], spe,
			spe * c->epochs,
			(double)measure_run_bytes(c, c->batch_sizes[i]) / 1024.0,
			c->batch_sizes[i] > c->n_train ? "  (full batch)" : "");
		total += spe * c->epochs * c->n_seeds;
	}
	fprintf(f, "total optimizer steps: %zu (x %zu with repeats and warm-ups)\n",
		total, c->repeats + c->warmup);
	fprintf(f, "memory estimate: %.1f MiB (limit %zu MiB)\n",
		(double)sweep_memory(c, jobs) / (1024.0 * 1024.0), SWEEP_MAX_BYTES >> 20);
	fprintf(f, "output: %s/\n", dir);
}

int sweep_run(const struct config *c, const struct sweep_options *o,
	      char *err, size_t errsize)
{
	size_t runs = c->n_batch_sizes * c->n_seeds, *todo = NULL, n_todo = 0;
	int jobs = o->jobs > 0 ? o->jobs : 1;
	struct table_row *rows = NULL;
	struct pool pool = {0};
	struct dataset ds;
	struct run_info info;
	char dir[4096], path[4200];
	int rc, prc, have_data = 0, lock, replace, in_worker = 0;
	double t0;

	err[0] = '\0';
	if (sweep_check_memory(c, jobs, o->config_path, err, errsize) != 0)
		return EXIT_USAGE;
	out_dir_of(c, o, dir, sizeof dir);
	if ((rc = outdir_claim(dir, c, o->force, &replace, err, errsize)) != EXIT_OK)
		return rc;
	msgf(path, sizeof path, "%s/runs", dir);
	if (make_dirs(path) != 0) {
		msgf(err, errsize, "%s: cannot create the output directory: %s",
		     path, strerror(errno));
		return EXIT_RUNTIME;
	}
	if ((lock = outdir_lock(dir, err, errsize)) < 0)
		return EXIT_RUNTIME;
	/* the lock is held now: any temporary file is a dead process's */
	if (replace)
		outdir_clear(dir);
	outdir_remove_temps(dir);
	outdir_remove_temps(path);

	rc = EXIT_RUNTIME;
	todo = xmalloc(runs * sizeof *todo);
	rows = xcalloc(runs, sizeof *rows);
	if (!todo || !rows)
		goto oom;
	for (size_t k = 0; k < runs; k++)
		if (!o->resume || !outdir_run_finished(dir, c, k))
			todo[n_todo++] = k;

	memset(&info, 0, sizeof info);
	info.cfg = c;
	info.config_path = o->config_path;
	info.argc = o->argc;
	info.argv = o->argv;
	info.threads = o->threads;
	info.jobs = jobs;
	info.resumed_runs = runs - n_todo;
	info.start = time(NULL);
	fingerprint_collect(&info.fp);
	if (info.fp.logical_cores > 0 && (long)jobs * o->threads > info.fp.logical_cores &&
	    n_todo > 1)
		warn("%d jobs x %d OpenBLAS threads on %ld logical cores: the runs compete "
		     "for cores, so their times include waiting",
		     jobs, o->threads, info.fp.logical_cores);
	msgf(path, sizeof path, "%s/run.json", dir);
	if (report_write_run_json(path, &info, err, errsize) != 0)
		goto out;

	t0 = clock_seconds();
	/* even when every run is already done: run.json records the hash */
	if (data_generate(&ds, c) != 0)
		goto oom;
	have_data = 1;
	info.data_hash = data_hash(&ds);
	pool = (struct pool){c, &ds, dir, todo, n_todo, runs, jobs, o->progress, NULL};
	if (pool_init(&pool, err, errsize) != 0)
		goto out;
	prc = pool_run(&pool, &in_worker, err, errsize);
	if (in_worker) {
		/* a worker's failure is reported once, by the parent */
		rc = prc == 0 ? EXIT_OK : EXIT_RUNTIME;
		err[0] = '\0';
		goto out;
	}
	if (prc != 0)
		goto out;
	if (pool_stop_signal(&pool)) {
		int sig = pool_stop_signal(&pool);
		size_t done = 0;
		for (size_t k = 0; k < runs; k++)
			done += (size_t)outdir_run_finished(dir, c, k);
		msgf(err, errsize, "interrupted by %s: %zu of %zu runs finished; their files are in %s/runs/; "
		     "the combined files were not written\n"
		     "hint: run the same command with --resume to train only the %zu remaining runs",
		     sig == SIGTERM ? "SIGTERM" : "SIGINT", done, runs, dir, runs - done);
		rc = EXIT_SIGNAL_BASE + sig;
		goto out;
	}

	if (pool_outlier_runs(&pool))
		/* once, as hyperfine does; the runs are in summary.csv's column */
		warn("%zu of %zu runs have statistical outliers among their %zu timings "
		     "(column \"outliers\" in summary.csv): the machine may have been busy; "
		     "consider --warmup, more --repeats, or a quieter machine",
		     pool_outlier_runs(&pool), n_todo, c->repeats);
	if (outdir_assemble(dir, c, "epochs", CSV_EPOCHS_HEADER, err, errsize) != 0 ||
	    outdir_assemble(dir, c, "summary", CSV_SUMMARY_HEADER, err, errsize) != 0)
		goto out;
	info.end = time(NULL);
	info.wall_seconds = clock_seconds() - t0;
	msgf(path, sizeof path, "%s/run.json", dir);
	if (report_write_run_json(path, &info, err, errsize) != 0)
		goto out;
	if (!o->quiet) {
		for (size_t k = 0; k < runs; k++)
			if (outdir_read_row(dir, c, k, &rows[k]) != 0) {
				msgf(err, errsize, "%s/runs/: cannot read back the summary of run %zu",
				     dir, k + 1);
				goto out;
			}
		report_table(stdout, c, rows, runs);
		errno = 0;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			msgf(err, errsize, "standard output: %s (the table is lost; the results are in %s/)",
			     errno ? strerror(errno) : "write error", dir);
			goto out;
		}
		fprintf(stderr, "results in %s/ (epochs.csv, summary.csv, run.json)\n", dir);
	}
	rc = EXIT_OK;
	goto out;
oom:
	msgf(err, errsize, "out of memory (the sweep needs about %.1f MiB)",
	     (double)sweep_memory(c, jobs) / 1048576.0);
out:
	pool_free(&pool);
	if (have_data)
		data_free(&ds);
	free(todo);
	free(rows);
	close(lock);
	return rc;
}
