/* sweep.c: the experiment from start to end.
 *
 * Order: check the memory estimate, check the output directory belongs to
 * this experiment and lock it (outdir.c), list the runs to do (all, or
 * with --resume those not finished: runfile.c; with --shard only the
 * shard's: shard.c), write run.json (complete: false), generate the data
 * once, train the runs (pool.c: in this process or in worker processes,
 * each run's files written when it ends), assemble the combined
 * epochs.csv and summary.csv from the runs in config order, rewrite
 * run.json (complete: true), print the table.  A shard (sweep.h) shares
 * the lock and stops after its runs, with its record; bsweep merge
 * (sweep_merge) later does the end from the assembling on.
 *
 * The memory model is summed here, once: the data (data_bytes), the run
 * list and each worker (pool_worker_bytes: trainer_bytes, which sums the
 * model's mlp_bytes and the optimizer's optim_bytes, and the records).
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "blas.h"
#include "data.h"
#include "interp.h"
#include "mlp.h"
#include "outdir.h"
#include "pool.h"
#include "regions.h"
#include "report.h"
#include "runfile.h"
#include "scaling.h"
#include "schedule.h"
#include "aggregate.h"
#include "select.h"
#include "shard.h"
#include "train.h"
#include "util.h"

size_t sweep_memory(const struct config *c, int jobs)
{
	size_t bytes = data_bytes(c), w = pool_worker_bytes(c), t, runs = config_runs(c);
	/* at the end, once the workers are done: every run's summary row
	 * (read_rows), the kept flags (sweep_finish), then the grid's points
	 * (select_bytes, freed), the decision regions (regions_bytes, freed)
	 * and the scaling analysis (scaling_bytes); runs <= CONFIG_MAX_RUNS,
	 * no overflow */
	size_t sel = select_bytes(c), sca = scaling_bytes(c), reg = regions_bytes(c);
	size_t agg = aggregate_bytes(c), big = sel > sca ? sel : sca;
	size_t finish;
	big = big > agg ? big : agg;
	finish = runs * (sizeof(struct summary_row) + 1) + (reg > big ? reg : big);
	/* the data once, the run list (and its shard flags), then every
	 * worker, or the end */
	if (!bytes || !w || !size_mul(runs, sizeof(size_t) + 1, &t) ||
	    !size_add(bytes, t, &bytes) ||
	    !size_mul(w, (size_t)(jobs > 0 ? jobs : 1), &w) ||
	    !size_add(bytes, w > finish ? w : finish, &bytes))
		return 0;
	return bytes;
}

enum status sweep_check_memory(const struct config *c, int jobs, const char *config_path,
			       char *err, size_t errsize)
{
	size_t bytes = sweep_memory(c, jobs);
	double rec;
	if (bytes != 0 && bytes <= SWEEP_MAX_BYTES)
		return ST_OK;
	if (bytes == 0)
		msgf(err, errsize, "%s: the sweep's memory size overflows; it would need far more than the limit of %zu MiB",
		     config_path, SWEEP_MAX_BYTES >> 20);
	else
		msgf(err, errsize, "%s: the sweep needs about %.0f MiB%s, more than the limit of %zu MiB",
		     config_path, (double)bytes / 1048576.0,
		     jobs > 1 ? " with its jobs" : "", SWEEP_MAX_BYTES >> 20);
	/* what to change: the epoch records of the longest run when they are
	 * most of it (a long budget at few steps per epoch), else the shapes */
	rec = (double)pool_record_bytes(c) * (jobs > 1 ? jobs : 1);
	if (rec == 0.0 || bytes == 0 || rec > 0.5 * (double)bytes)
		msgf(err + strlen(err), errsize - strlen(err),
		     "\nhint: most of it is the longest run's %zu epoch records: give a smaller budget "
		     "(train.epochs, train.budget), or smaller batch sizes (more steps per epoch, fewer epochs)%s",
		     train_max_epochs(c), jobs > 1 ? ", or fewer --jobs" : "");
	else
		msgf(err + strlen(err), errsize - strlen(err),
		     "\nhint: reduce data.n_samples, data.n_features%s, model.hidden or the largest batch size%s",
		     /* make_classification draws an n_informative^2 matrix */
		     c->generator == GEN_CLASSIFICATION ? ", data.n_informative" : "",
		     jobs > 1 ? ", or --jobs" : "");
	return ST_INPUT;
}

static void out_dir_of(const struct config *c, const struct sweep_options *o,
		       char *buf, size_t size)
{
	if (o->out_dir)
		msgf(buf, size, "%s", o->out_dir);
	else
		msgf(buf, size, "results/%s", c->name);
}

/* "100 epochs", "2000 steps", "100000 examples" */
static void print_budget(FILE *f, const struct config *c)
{
	switch (c->budget) {
	case BUDGET_STEPS: fprintf(f, "%zu steps", c->budget_amount); break;
	case BUDGET_EXAMPLES: fprintf(f, "%zu examples", c->budget_amount); break;
	case BUDGET_EPOCHS: fprintf(f, "%zu epochs", c->epochs); break;
	}
}

/* Does a sweep.grid axis of c vary the key at path? */
static int grid_varies(const struct config *c, const char *path)
{
	for (size_t a = 0; a < c->n_grid; a++)
		if (strcmp(c->grid[a].path, path) == 0)
			return 1;
	return 0;
}

/* The learning-rate line of the plan (schedule.h), when there is more to
 * it than learning_rate at every step. */
static void print_schedule(FILE *f, const struct config *c)
{
	if (c->lr_rule == LR_NONE && !c->warmup_steps && !c->warmup_epochs &&
	    c->schedule == SCHED_CONSTANT)
		return;
	if (grid_varies(c, "train.learning_rate"))
		fputs("learning rate: peak from the grid", f);
	else
		fprintf(f, "learning rate: peak %g", c->learning_rate);
	if (grid_varies(c, "train.lr_scaling.rule"))
		fprintf(f, " x the grid's train.lr_scaling.rule");
	else if (grid_varies(c, "train.lr_scaling.base_batch_size"))
		fprintf(f, c->lr_rule == LR_LINEAR ? " x B/B0 (B0 from the grid)" :
			" x sqrt(B/B0) (B0 from the grid)");
	else if (c->lr_rule == LR_LINEAR)
		fprintf(f, " x B/%zu", c->lr_base_batch);
	else if (c->lr_rule == LR_SQRT)
		fprintf(f, " x sqrt(B/%zu)", c->lr_base_batch);
	if (c->warmup_steps || c->warmup_epochs)
		fprintf(f, ", warm-up over %zu %s from %g x peak", c->warmup_steps ?
			c->warmup_steps : c->warmup_epochs, c->warmup_steps ? "steps" : "epochs",
			c->warmup_start);
	if (grid_varies(c, "train.schedule.type")) {
		fprintf(f, ", decay by the grid's train.schedule.type\n");
		return;
	}
	switch (c->schedule) {
	case SCHED_COSINE: fprintf(f, ", cosine decay to %g x peak", c->schedule_floor); break;
	case SCHED_LINEAR: fprintf(f, ", linear decay to %g x peak", c->schedule_floor); break;
	case SCHED_STEP:
		fprintf(f, ", x %g from the epoch after each of", c->schedule_gamma);
		for (size_t i = 0; i < c->n_milestones; i++)
			fprintf(f, "%s%zu", i ? ", " : " ", c->milestones[i]);
		break;
	case SCHED_CONSTANT: break;
	}
	fputc('\n', f);
}

/* The runs of shard sh and its share of the estimated cost (shard.h). */
static void print_shard(FILE *f, const struct config *c, struct shard sh)
{
	size_t runs = config_runs(c), *owner = xmalloc(runs * sizeof *owner + 1), n = 0;
	double all = 0.0, mine = 0.0;
	if (!owner || shard_assign(c, sh.n, owner) != ST_OK) {
		free(owner);
		fprintf(f, "shard %zu/%zu: out of memory listing its runs\n", sh.k, sh.n);
		return;
	}
	for (size_t k = 0; k < runs; k++) {
		double cost = (double)shard_cost(c, config_run(c, k));
		all += cost;
		if (owner[k] == sh.k)
			mine += cost, n++;
	}
	fprintf(f, "shard %zu/%zu: %zu of %zu run%s, %.1f%% of the estimated cost "
		"(optimizer steps x (batch rows + %d))\n", sh.k, sh.n, n, runs, runs == 1 ? "" : "s",
		all > 0.0 ? 100.0 * mine / all : 0.0, SHARD_STEP_ROWS);
	if (n)
		fprintf(f, "%6s %10s %6s %10s %8s\n", "run", "batch_size", "point", "seed", "cost_%");
	for (size_t k = 0; k < runs; k++)
		if (owner[k] == sh.k) {
			struct run_point p = config_run(c, k);
			char point[24] = "-";
			if (c->n_grid)
				msgf(point, sizeof point, "%zu", p.point);
			fprintf(f, "%6zu %10zu %6s %10lu %8.2f\n", k, p.batch_size, point,
				(unsigned long)p.seed,
				all > 0.0 ? 100.0 * (double)shard_cost(c, p) / all : 0.0);
		}
	free(owner);
}

/* The output line of the plan: the directory and what a real run would do
 * with it (outdir_plan, the real run's decision).  ST_INPUT (with the real
 * run's message) when it would be refused; ST_NOMEM. */
static enum status print_output(FILE *f, const struct config *c, const struct sweep_options *o,
				const char *dir, char *err, size_t errsize)
{
	size_t runs = config_runs(c);
	unsigned char *mine = NULL;
	size_t *owner = NULL;
	struct outdir_plan pl;
	char what[MSG_MAX];
	enum status st;
	if (o->shard.n > 0) {
		if (!(owner = xmalloc(runs * sizeof *owner + 1)) || !(mine = xmalloc(runs + 1)) ||
		    shard_assign(c, o->shard.n, owner) != ST_OK) {
			free(owner);
			free(mine);
			msgf(err, errsize, "out of memory");
			return ST_NOMEM;
		}
		for (size_t k = 0; k < runs; k++)
			mine[k] = owner[k] == o->shard.k;
		free(owner);
	}
	st = outdir_plan(dir, c, o->config_path, o->out_dir != NULL, o->force, o->resume, mine,
			 &pl, err, errsize);
	free(mine);
	if (st == ST_NOMEM)
		return st;
	outdir_plan_text(what, sizeof what, &pl, o->config_path, o->out_dir != NULL);
	fprintf(f, "output: %s/ (%s)\n", dir, what);
	return st;
}

enum status sweep_print_plan(FILE *f, const struct config *c, const struct sweep_options *o,
			     char *err, size_t errsize)
{
	enum status st;
	size_t total = 0, runs = config_runs(c);
	int jobs = o->jobs > 0 ? o->jobs : 1;
	char dir[4096], desc[512];
	out_dir_of(c, o, dir, sizeof dir);
	fprintf(f, "config: %s (name \"%s\")\n", o->config_path, c->name);
	data_describe(desc, sizeof desc, c);
	fprintf(f, "data: %s; %zu train, %zu validation\n", desc, c->n_train,
		c->n_samples - c->n_train);
	fprintf(f, "model: %zu", c->n_features);
	for (size_t l = 0; l < c->n_hidden; l++)
		fprintf(f, " -> %zu (%s)", c->hidden[l], config_activation_name(c->activation));
	fprintf(f, " -> %zu (softmax); %zu parameters\n", c->centers,
		mlp_param_count(c, c->n_features, c->centers));
	/* a key the grid varies is named as such, not shown at its config value */
	if (grid_varies(c, "train.optimizer"))
		fputs("train: optimizer from the grid", f);
	else
		fprintf(f, "train: %s", config_optimizer_name(c->optimizer));
	if (grid_varies(c, "train.learning_rate"))
		fputs(" lr from the grid, ", f);
	else
		fprintf(f, " lr=%g, ", c->learning_rate);
	if (grid_varies(c, "train.epochs") || grid_varies(c, "train.budget.steps") ||
	    grid_varies(c, "train.budget.examples"))
		fputs("budget from the grid", f);
	else
		print_budget(f, c);
	fprintf(f, ", shuffle %s\n", c->shuffle ? "on" : "off");
	print_schedule(f, c);
	for (size_t a = 0; a < c->n_grid; a++) {
		char v[64];
		fprintf(f, "grid: %s =", c->grid[a].path);
		for (size_t i = 0; i < c->grid[a].n; i++) {
			config_grid_text(c, a, i, v, sizeof v);
			fprintf(f, "%s %s", i ? "," : "", v);
		}
		fputc('\n', f);
	}
	if (c->n_grid)
		fprintf(f, "runs: %zu batch size%s x %zu grid point%s x %zu seed%s = %zu run%s; "
			"the best point per batch size by %s goes to best.csv\n",
			c->n_batch_sizes, c->n_batch_sizes == 1 ? "" : "s", config_points(c),
			config_points(c) == 1 ? "" : "s", c->n_seeds, c->n_seeds == 1 ? "" : "s",
			runs, runs == 1 ? "" : "s", config_select_name(c->select));
	else
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
		size_t B = c->batch_sizes[i] < c->n_train ? c->batch_sizes[i] : c->n_train;
		size_t lo = SIZE_MAX, hi = 0, mem = 0;
		struct lr_schedule sc;
		char steps[48];
		/* the budget may be a grid key: the range over the points */
		for (size_t p = 0; p < config_points(c); p++) {
			struct config pc;
			config_point(c, p, &pc);
			schedule_init(&sc, &pc, c->batch_sizes[i], c->n_train);
			lo = sc.total_steps < lo ? sc.total_steps : lo;
			hi = sc.total_steps > hi ? sc.total_steps : hi;
			total += sc.total_steps * c->n_seeds;
			if (trainer_bytes(&pc, c->n_features, c->centers, B) > mem)
				mem = trainer_bytes(&pc, c->n_features, c->centers, B);
		}
		if (lo == hi)
			msgf(steps, sizeof steps, "%zu", hi);
		else
			msgf(steps, sizeof steps, "%zu-%zu", lo, hi);
		fprintf(f, "%10zu %11zu %12s %12.1f%s\n", c->batch_sizes[i], sc.steps_per_epoch,
			steps, (double)mem / 1024.0,
			c->batch_sizes[i] > c->n_train ? "  (full batch)" : "");
	}
	fprintf(f, "total optimizer steps: %zu (x %zu with repeats and warm-ups)\n",
		total, c->repeats + c->warmup);
	fprintf(f, "memory estimate: %.1f MiB (limit %zu MiB)\n",
		(double)sweep_memory(c, jobs) / (1024.0 * 1024.0), SWEEP_MAX_BYTES >> 20);
	st = print_output(f, c, o, dir, err, errsize);
	if (o->shard.n > 0 && st != ST_NOMEM)
		print_shard(f, c, o->shard);
	return st;
}

int sweep_uses_blas(const struct config *c)
{
	/* the BLAS path's products, the noise scale's (noise.c), the
	 * decision regions' (the BLAS path, regions.c) */
	return mlp_auto_path(c, c->n_features, c->centers) == MLP_PATH_BLAS ||
	       c->noise_scale || regions_wanted(c);
}

size_t sweep_blas_room(const struct config *c)
{
	/* this thread's work buffer, and the sweep's memory: each worker is
	 * a process of its own */
	if (!sweep_uses_blas(c))
		return 0;
	return BLAS_BUFFER_BYTES + data_bytes(c) + pool_worker_bytes(c);
}

/* What the sweep holds while it runs; released by sweep_free (also in
 * each forked worker before it exits). */
struct sweep {
	const struct config *cfg;
	const struct sweep_options *o;
	char dir[4096];
	int lock;                  /* DIR/.lock, -1 before it is taken */
	size_t runs, *todo, n_todo;
	struct runfile_tables tables; /* of the config's files */
	struct dataset ds;
	int have_data;
	struct pool pool;
	struct run_info info;
	int sharded;               /* o->shard.n > 1: a shard (sweep.h) */
	unsigned char *mine;       /* runs of this shard (all without one) */
	size_t n_mine;             /* how many */
	struct run_where where;    /* summary.csv's host, machine, shard */
	char **trained;            /* a shard's record: its runs' names */
	size_t n_trained;
};

static void sweep_free(void *p)
{
	struct sweep *s = p;
	pool_free(&s->pool);
	if (s->have_data)
		data_free(&s->ds);
	s->have_data = 0;
	free(s->todo);
	s->todo = NULL;
	free(s->mine);
	s->mine = NULL;
	for (size_t i = 0; i < s->n_trained; i++)
		free(s->trained[i]);
	free(s->trained);
	s->trained = NULL;
	s->n_trained = 0;
	runfile_tables_free(&s->tables);
	if (s->lock >= 0)
		close(s->lock);
	s->lock = -1;
	if (s->o->release)
		s->o->release(s->o->release_ctx);
}

/* --resume: may run k be kept?  Files that exist but fail a check are
 * said so, and the run is trained again. */
static int resumable(const struct sweep *s, size_t k)
{
	struct run_point p = config_run(s->cfg, k);
	char why[MSG_MAX], run[MSG_MAX];
	switch (runfile_finished(s->dir, s->cfg, &s->tables, p, why, sizeof why)) {
	case 1:
		return 1;
	case -1:
	case -2: /* out of memory: training it again may still work */
		config_run_text(s->cfg, p, run, sizeof run);
		warn("%s; training run %zu (%s) again", why, k + 1, run);
		break;
	}
	return 0;
}

/* The host, machine id and shard of this process's runs. */
static void where_init(struct run_where *w, const struct fingerprint *fp,
		       const struct sweep_options *o)
{
	char host[256], text[64];
	if (gethostname(host, sizeof host) != 0)
		msgf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	csv_word(w->host, host);
	fingerprint_machine_id(text, sizeof text, fp);
	csv_word(w->machine, text);
	text[0] = '\0';
	if (o->shard.n > 0)
		msgf(text, sizeof text, "%zu/%zu", o->shard.k, o->shard.n);
	csv_word(w->shard, text);
}

/* A shard's record, runs/shard-K-of-N.json (runfile.h): run.json's
 * content for this process, with its shard and the runs it trained. */
static enum status shard_record(struct sweep *s, char *err, size_t errsize)
{
	char path[4200];
	enum status st;
	runfile_shard_record(path, sizeof path, s->dir, s->o->shard.k, s->o->shard.n);
	s->info.shard = s->where.shard;
	s->info.trained = s->trained;
	s->info.n_trained = s->n_trained;
	st = report_write_run_json(path, &s->info, err, errsize);
	s->info.shard = NULL;
	s->info.trained = NULL;
	s->info.n_trained = 0;
	return st;
}

/* The output directory's plan for this sweep (outdir.h). */
static enum status plan(const struct sweep *s, struct outdir_plan *pl, char *err,
			size_t errsize)
{
	const struct sweep_options *o = s->o;
	return outdir_plan(s->dir, s->cfg, o->config_path, o->out_dir != NULL, o->force,
			   o->resume, s->mine, pl, err, errsize);
}

/* Claim and lock the output directory (a shard: claim only), list the
 * runs to do (all, or the shard's; with --resume those not finished) and
 * write the first run.json (and a shard's record). */
static enum status sweep_start(struct sweep *s, char *err, size_t errsize)
{
	const struct config *c = s->cfg;
	const struct sweep_options *o = s->o;
	char path[4200];
	struct outdir_plan pl;
	enum status st;

	s->runs = config_runs(c);
	if (!(s->todo = xmalloc(s->runs * sizeof *s->todo)) ||
	    !(s->mine = xmalloc(s->runs + 1)) ||
	    runfile_tables_init(&s->tables, c) != ST_OK)
		return ST_NOMEM;
	memset(s->mine, 1, s->runs);
	if (o->shard.n > 0) {
		/* the todo list's room holds each run's shard first */
		if (shard_assign(c, o->shard.n, s->todo) != ST_OK)
			return ST_NOMEM;
		for (size_t k = 0; k < s->runs; k++)
			s->mine[k] = s->todo[k] == o->shard.k;
	}
	/* decided before the lock (a refusal writes nothing) and again once
	 * it is held: another process may have written run.json in between.
	 * A shard claims the directory (sweep.h): the lock alone until its
	 * run.json is written, or shared with shards that have claimed it. */
	if ((st = plan(s, &pl, err, errsize)) != ST_OK ||
	    (st = outdir_open(s->dir, &s->lock, s->sharded ? OUTDIR_CLAIM : OUTDIR_EXCLUSIVE,
			      err, errsize)) != ST_OK ||
	    (st = plan(s, &pl, err, errsize)) != ST_OK)
		return st;
	/* say what will happen before it happens */
	if (pl.state == OUTDIR_OTHER) {
		/* a shard deletes only while no other shard runs */
		if (s->sharded &&
		    (st = outdir_relock(s->dir, s->lock, OUTDIR_EXCLUSIVE, err, errsize)) != ST_OK)
			return st;
		if (!o->quiet)
			note("%s: --force: deleting the %zu finished run%s of \"%s\" in %s/\n",
				util_progname, pl.other_runs, pl.other_runs == 1 ? "" : "s",
				pl.other_name, s->dir);
		outdir_clear(s->dir);
	} else if (pl.finished && !o->resume && !o->quiet) {
		note("%s: %zu of %zu runs%s are already finished in %s/runs/; training all "
			"of them again (use --resume to keep them)\n", util_progname, pl.finished,
			pl.runs, s->sharded ? " of the shard" : "", s->dir);
	}
	/* the lock is held now: any temporary file is a dead process's */
	if (!s->sharded)
		outdir_remove_temps(s->dir);
	/* the figures of the results about to change */
	outdir_remove_figures(s->dir);

	for (size_t k = 0; k < s->runs; k++)
		if (s->mine[k] && (!o->resume || !resumable(s, k)))
			s->todo[s->n_todo++] = k;
	for (size_t k = 0; k < s->runs; k++)
		s->n_mine += s->mine[k];
	if (o->resume && !o->quiet)
		note("%s: resuming: keeping %zu finished run%s, training %zu\n",
			util_progname, s->n_mine - s->n_todo, s->n_mine - s->n_todo == 1 ? "" : "s",
			s->n_todo);

	s->info.cfg = c;
	s->info.config_path = o->config_path;
	s->info.argc = o->argc;
	s->info.argv = o->argv;
	s->info.sets = o->sets;
	s->info.n_sets = o->n_sets;
	/* what will be true, not what was asked: OpenBLAS caps its threads,
	 * and no more processes run than there are runs to train */
	s->info.threads = blas_threads();
	s->info.jobs = pool_workers(o->jobs, s->n_todo);
	s->info.resumed_runs = s->n_mine - s->n_todo;
	s->info.start = time(NULL);
	fingerprint_collect(&s->info.fp);
	where_init(&s->where, &s->info.fp, o);
	s->info.host = s->where.host;
	s->info.machine_id = s->where.machine;
	if (s->info.fp.logical_cores > 0 &&
	    (long)s->info.jobs * s->info.threads > s->info.fp.logical_cores)
		warn("%d jobs x %d OpenBLAS threads on %ld logical cores: the runs compete "
		     "for cores, so their times include waiting",
		     s->info.jobs, s->info.threads, s->info.fp.logical_cores);
	msgf(path, sizeof path, "%s/%s", s->dir, RUNFILE_RUN_JSON);
	/* a shard too: every shard writes the same config, so two at once
	 * both succeed, and "complete": false says that combined files from
	 * an earlier merge are stale until the next; then its own record */
	if ((st = report_write_run_json(path, &s->info, err, errsize)) != ST_OK || !s->sharded)
		return st;
	/* claimed: the other shards of this sweep may come in */
	if ((st = shard_record(s, err, errsize)) != ST_OK)
		return st;
	return outdir_relock(s->dir, s->lock, OUTDIR_CLAIM, err, errsize);
}

/* After a signal: how far the sweep got, and the way back.  Finished
 * counts the runs of this command (kept by --resume, or trained now), not
 * an earlier sweep's files of runs it was training again; remaining is
 * what --resume would train, from the files. */
static enum status interrupted(struct sweep *s, char *err, size_t errsize)
{
	int sig = pool_stop_signal(&s->pool);
	size_t done = s->n_mine - s->n_todo + pool_runs_done(&s->pool), on_disk = 0;
	char why[MSG_MAX], older[256] = "", rest[128];
	for (size_t k = 0; k < s->runs; k++)
		if (s->mine[k])
			on_disk += runfile_finished(s->dir, s->cfg, &s->tables, config_run(s->cfg, k),
						    why, sizeof why) == 1;
	if (on_disk > done)
		msgf(older, sizeof older, " (and %zu more from an earlier sweep of this config, "
		     "not trained again yet)", on_disk - done);
	else
		on_disk = done;
	if (on_disk < s->n_mine)
		msgf(rest, sizeof rest, "train only the %zu remaining run%s", s->n_mine - on_disk,
		     s->n_mine - on_disk == 1 ? "" : "s");
	else
		msgf(rest, sizeof rest, "%s (every run is finished)",
		     s->sharded ? "write the shard's record" : "write the combined files");
	msgf(err, errsize, "interrupted by %s: %zu of %zu runs%s finished%s; their files are in %s/runs/%s\n"
	     "hint: run the same command with --resume to %s",
	     sig == SIGTERM ? "SIGTERM" : "SIGINT", done, s->n_mine,
	     s->o->shard.n ? " of the shard" : "", older, s->dir,
	     s->sharded ? "" : "; the combined files were not written", rest);
	return ST_INTERRUPTED;
}

/* Every run's summary row, read back from its file: rows (config_runs),
 * malloc'd.  ST_OK, ST_NOMEM, or ST_IO with a message. */
static enum status read_rows(struct sweep *s, struct summary_row **rows, char *err,
			     size_t errsize)
{
	char why[MSG_MAX];
	enum status st;
	if (!(*rows = xcalloc(s->runs, sizeof **rows)))
		return ST_NOMEM;
	for (size_t k = 0; k < s->runs; k++)
		if ((st = runfile_read_summary(s->dir, s->cfg, &s->tables, config_run(s->cfg, k),
					       &(*rows)[k], why, sizeof why)) != ST_OK) {
			msgf(err, errsize, "%s/runs/: cannot read back the summary of run %zu: %s",
			     s->dir, k + 1, why);
			return st == ST_NOMEM ? ST_NOMEM : ST_IO;
		}
	return ST_OK;
}

/* The result table on stdout. */
static enum status print_table(struct sweep *s, const struct summary_row *rows,
			       char *err, size_t errsize)
{
	if (report_table(stdout, s->cfg, rows, s->runs) != ST_OK) {
		msgf(err, errsize, "out of memory for the table (the results are in %s/)", s->dir);
		return ST_NOMEM;
	}
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msgf(err, errsize, "standard output: %s (the table is lost; the results are in %s/)",
		     errno ? strerror(errno) : "write error", s->dir);
		return ST_IO;
	}
	return ST_OK;
}

/* Runs kept by --resume, or trained by shards, keep the repeats and
 * warm-ups they were timed with (summary.csv's columns): said once when
 * they are not all this sweep's, which run.json's timing records. */
static void warn_timing(const struct sweep *s, const struct summary_row *rows)
{
	const struct config *c = s->cfg;
	size_t other = 0;
	for (size_t k = 0; k < s->runs; k++)
		other += rows[k].repeats != c->repeats || rows[k].warmup != c->warmup;
	if (other)
		warn("%zu of %zu runs were timed with other repeats or warm-ups than this "
		     "sweep's %zu and %zu (columns \"repeats\" and \"warmup\" in summary.csv): "
		     "their times are not measured alike", other, s->runs, c->repeats, c->warmup);
}

/* The combined files, the final run.json, the table. */
static enum status sweep_finish(struct sweep *s, double t0, char *err, size_t errsize)
{
	const struct config *c = s->cfg;
	char path[4200];
	unsigned char *kept;
	struct summary_row *rows = NULL;
	struct scaling sc = {0};
	enum status st;
	if (pool_outlier_runs(&s->pool))
		/* once, as hyperfine does; the runs are in summary.csv's column */
		warn("%zu of %zu runs have statistical outliers among their %zu timings "
		     "(column \"outliers\" in summary.csv): the machine may have been busy; "
		     "consider --warmup, more --repeats, or a quieter machine",
		     pool_outlier_runs(&s->pool), s->n_todo, c->repeats);
	if (!(kept = xmalloc(s->runs)))
		return ST_NOMEM;
	memset(kept, 1, s->runs);
	for (size_t i = 0; i < s->n_todo; i++)
		kept[s->todo[i]] = 0;
	if ((st = runfile_assemble(s->dir, c, &s->tables, &s->tables.epochs, kept, err,
				   errsize)) != ST_OK ||
	    (st = runfile_assemble(s->dir, c, &s->tables, &s->tables.summary, kept, err,
				   errsize)) != ST_OK) {
		free(kept);
		return st;
	}
	free(kept);
	if ((st = read_rows(s, &rows, err, errsize)) != ST_OK)
		goto out;
	warn_timing(s, rows);
	if ((st = interp_write(s->dir, c, &s->ds, &s->tables, err, errsize)) != ST_OK)
		goto out;
	if ((st = regions_write(s->dir, c, &s->ds, &s->tables, err, errsize)) != ST_OK)
		goto out;
	/* points.csv, best.csv, scaling.csv: what `bsweep analyze` redoes */
	if ((st = analysis_write(s->dir, c, &s->tables, rows, &sc, err, errsize)) != ST_OK)
		goto out;
	if (c->target_metric != TGT_NONE)
		s->info.scaling = &sc;
	s->info.end = time(NULL);
	s->info.wall_seconds = clock_seconds() - t0;
	msgf(path, sizeof path, "%s/%s", s->dir, RUNFILE_RUN_JSON);
	if ((st = report_write_run_json(path, &s->info, err, errsize)) != ST_OK || s->o->quiet)
		goto out;
	if ((st = print_table(s, rows, err, errsize)) != ST_OK)
		goto out;
	if (c->target_metric != TGT_NONE)
		analysis_print_fits(stderr, c, &sc);
	note("results in %s/ (epochs.csv, summary.csv, aggregate.csv, %s%srun.json)\n", s->dir,
		c->n_grid ? "points.csv, best.csv, " : "",
		c->target_metric != TGT_NONE ? "scaling.csv, " : "");
	if (interp_wanted(c) || regions_wanted(c) || c->save_weights)
		note("  and%s%s%s\n", interp_wanted(c) ? " " INTERP_FILE : "",
			regions_wanted(c) ? " " REGIONS_FILE " " REGIONS_POINTS_FILE : "",
			c->save_weights ? " runs/*.weights/" : "");
out:
	s->info.scaling = NULL;
	scaling_free(&sc);
	free(rows);
	return st;
}

/* A shard's end: its record, with the runs it trained; no combined file. */
static enum status shard_finish(struct sweep *s, double t0, char *err, size_t errsize)
{
	const struct sweep_options *o = s->o;
	enum status st;
	if (!(s->trained = xcalloc(s->n_todo + 1, sizeof *s->trained)))
		return ST_NOMEM;
	for (size_t i = 0; i < s->n_todo; i++) {
		char name[128];
		runfile_run_name(name, sizeof name, &s->tables, config_run(s->cfg, s->todo[i]));
		if (!(s->trained[i] = xmalloc(strlen(name) + 1)))
			return ST_NOMEM;
		memcpy(s->trained[i], name, strlen(name) + 1);
		s->n_trained = i + 1;
	}
	s->info.end = time(NULL);
	s->info.wall_seconds = clock_seconds() - t0;
	if ((st = shard_record(s, err, errsize)) != ST_OK)
		return st;
	if (!o->quiet)
		note("shard %zu/%zu: %zu of its %zu run%s trained (%zu kept by --resume); "
			"their files are in %s/runs/\n"
			"when every shard is done: bsweep merge %s\n", o->shard.k, o->shard.n,
			s->n_todo, s->n_mine, s->n_mine == 1 ? "" : "s", s->n_mine - s->n_todo,
			s->dir, s->dir);
	return ST_OK;
}

enum status sweep_merge(const struct config *c, const struct sweep_options *o,
			const struct merge_facts *f, char *err, size_t errsize)
{
	struct sweep s;
	enum status st;
	char path[4200];
	double t0 = clock_seconds();

	memset(&s, 0, sizeof s);
	s.cfg = c;
	s.o = o;
	s.lock = -1;
	err[0] = '\0';
	out_dir_of(c, o, s.dir, sizeof s.dir);
	s.runs = config_runs(c);
	/* every run kept: read through the tables and written again, as
	 * --resume's are */
	if (runfile_tables_init(&s.tables, c) != ST_OK) {
		st = ST_NOMEM;
		goto out;
	}
	if ((st = data_generate(&s.ds, c, err, errsize)) != ST_OK)
		goto out;
	s.have_data = 1;
	s.info.cfg = c;
	msgf(path, sizeof path, "%s/%s", s.dir, RUNFILE_RUN_JSON);
	s.info.config_path = path;
	s.info.argc = o->argc;
	s.info.argv = o->argv;
	s.info.threads = f->threads;
	s.info.jobs = f->jobs;
	s.info.resumed_runs = s.runs;
	s.info.start = time(NULL);
	s.info.data_hash = data_hash(&s.ds);
	s.info.data_src = s.ds.src.classes ? &s.ds.src : NULL;
	s.info.fp = f->fp;
	s.info.host = f->host;
	s.info.machine_id = f->machine_id;
	s.info.machines = f->machines;
	s.info.n_machines = f->n_machines;
	/* the figures of the results about to change */
	outdir_remove_figures(s.dir);
	st = sweep_finish(&s, t0, err, errsize);
out:
	if (st == ST_NOMEM && !err[0])
		msgf(err, errsize, "out of memory");
	s.o = &(struct sweep_options){0};
	sweep_free(&s);
	return st;
}

enum status sweep_run(const struct config *c, const struct sweep_options *o,
		      int *signal, char *err, size_t errsize)
{
	struct sweep s;
	enum status st;
	double t0;

	memset(&s, 0, sizeof s);
	s.cfg = c;
	s.o = o;
	s.lock = -1;
	s.sharded = o->shard.n > 1;
	err[0] = '\0';
	*signal = 0;
	out_dir_of(c, o, s.dir, sizeof s.dir);
	if ((st = sweep_start(&s, err, errsize)) != ST_OK)
		goto out;

	t0 = clock_seconds();
	/* even when every run is already done: run.json records the hash */
	if ((st = data_generate(&s.ds, c, err, errsize)) != ST_OK)
		goto out;
	s.have_data = 1;
	s.info.data_hash = data_hash(&s.ds);
	s.info.data_src = s.ds.src.classes ? &s.ds.src : NULL;
	s.pool = (struct pool){c, &s.ds, s.dir, &s.tables, s.todo, s.n_todo, s.runs, o->jobs,
			      o->progress, sweep_free, &s, NULL, &s.where};
	if ((st = pool_init(&s.pool, err, errsize)) != ST_OK)
		goto out;
	st = pool_run(&s.pool, err, errsize);
	if (st == ST_INTERRUPTED) {
		*signal = pool_stop_signal(&s.pool);
		st = interrupted(&s, err, errsize);
	}
	if (st == ST_OK)
		st = s.sharded ? shard_finish(&s, t0, err, errsize) : sweep_finish(&s, t0, err, errsize);
out:
	if (st == ST_NOMEM && !err[0])
		msgf(err, errsize, "out of memory (the sweep needs about %.1f MiB)",
		     (double)sweep_memory(c, o->jobs) / 1048576.0);
	/* the caller's resources are the caller's to free */
	s.o = &(struct sweep_options){0};
	sweep_free(&s);
	return st;
}
