/* pool.c: the runs of a sweep, trained, measured and written, by this
 * process or by forked workers (see pool.h). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "pool.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "blas.h"
#include "measure.h"
#include "runfile.h"
#include "shard.h"
#include "stats.h"
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

size_t pool_record_bytes(const struct config *c)
{
	size_t t;
	/* reference and scratch */
	return size_mul(train_max_epochs(c), 2 * sizeof(struct epoch_record), &t) ? t : 0;
}

size_t pool_worker_bytes(const struct config *c)
{
	size_t cap = trainer_capacity(c, max_batch(c)), bytes, t;
	/* the trainer, the epoch records, the timing samples (4 per repeat) */
	if (!(bytes = trainer_bytes(c, c->n_features, c->centers, cap)) ||
	    !(t = pool_record_bytes(c)) || !size_add(bytes, t, &bytes) ||
	    !size_mul(c->repeats, 4 * sizeof(double), &t) || !size_add(bytes, t, &bytes))
		return 0;
	return bytes;
}

/* summary.csv's memory_bytes: what a run at batch size B needs. */
static size_t run_bytes(const struct config *c, size_t B)
{
	return trainer_bytes(c, c->n_features, c->centers, B < c->n_train ? B : c->n_train);
}

/* What the workers share (one page of MAP_SHARED memory, so it works the
 * same across fork).  Counters are updated with atomic builtins. */
struct pool_shared {
	volatile sig_atomic_t stop; /* the signal that asked to stop, or 0 */
	size_t next;                /* index into the to-do list */
	size_t runs_done, epochs_done;
	uint64_t cost_done;         /* of cost_total (pool_init), done so far */
	uint64_t cost_total;
	double t0;                  /* clock_seconds() at pool_init */
	size_t outlier_runs;        /* runs with outliers among their timings */
	int failed;                 /* a worker failed: take no more runs */
	enum status st;             /* the first failure's status */
	char err[MSG_MAX];          /* and its message */
	size_t training[POOL_MAX_JOBS]; /* per worker: 1 + the run it trains, 0 */
};

/* SIGINT/SIGTERM: the handler writes into the shared page (see pool.h). */
static struct pool_shared *volatile sig_shared;

static void on_signal(int sig)
{
	if (sig_shared)
		sig_shared->stop = sig;
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

double pool_eta(double elapsed, uint64_t done, uint64_t total)
{
	if (done == 0 || total == 0 || !(elapsed > 0.0))
		return -1.0;
	if (done >= total)
		return 0.0;
	return elapsed * ((double)(total - done) / (double)done);
}

void pool_eta_text(char *buf, size_t size, double seconds)
{
	unsigned long s;
	if (!(seconds >= 0.0) || seconds > 1e9) {
		msgf(buf, size, "ETA ?");
		return;
	}
	s = (unsigned long)ceil(seconds);
	if (s >= 3600)
		msgf(buf, size, "ETA %lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	else
		msgf(buf, size, "ETA %lu:%02lu", s / 60, s % 60);
}

/* "  ETA 0:12" from the shared counters, or "" while nothing is done. */
static void progress_eta(char *buf, size_t size, const struct pool *x, double now)
{
	double left = pool_eta(now - x->sh->t0, __atomic_load_n(&x->sh->cost_done, __ATOMIC_RELAXED),
			       x->sh->cost_total);
	buf[0] = '\0';
	if (left >= 0.0) {
		buf[0] = buf[1] = ' ';
		pool_eta_text(buf + 2, size - 2, left);
	}
}

struct progress_ctx {
	const struct pool *x;
	size_t run, repeat;
	double last;
};

/* Called after every epoch of every training. */
static void on_epoch(void *p, const struct run_result *r)
{
	struct progress_ctx *pc = p;
	const struct pool *x = pc->x;
	const struct config *c = x->cfg;
	const struct epoch_record *e = &r->epochs[r->n_epochs - 1];
	double now;
	char eta[32];
	__atomic_add_fetch(&x->sh->epochs_done, 1, __ATOMIC_RELAXED);
	/* the epoch's share of the run's cost (shard_cost: steps x rows) */
	__atomic_add_fetch(&x->sh->cost_done, (uint64_t)e->epoch_steps *
			   ((uint64_t)(r->batch_size < c->n_train ? r->batch_size : c->n_train) +
			    SHARD_STEP_ROWS), __ATOMIC_RELAXED);
	if (!x->progress || x->jobs > 1)
		return;
	now = clock_seconds();
	if (now - pc->last < 0.1 && r->n_epochs < r->planned_epochs)
		return;
	pc->last = now;
	fprintf(stderr, "\r\033[Krun %zu/%zu  batch %zu", pc->run + 1, x->runs, r->batch_size);
	if (c->n_grid)
		fprintf(stderr, "  point %zu/%zu", config_run(c, pc->run).point + 1, config_points(c));
	fprintf(stderr, "  seed %lu", (unsigned long)r->seed);
	if (c->repeats + c->warmup > 1)
		fprintf(stderr, "  %s %zu/%zu", pc->repeat < c->warmup ? "warm-up" : "repeat",
			pc->repeat < c->warmup ? pc->repeat + 1 : pc->repeat - c->warmup + 1,
			pc->repeat < c->warmup ? c->warmup : c->repeats);
	fprintf(stderr, "  epoch %zu/%zu  val_acc %.4f", e->epoch, r->planned_epochs, e->val_acc);
	progress_eta(eta, sizeof eta, x, now);
	fputs(eta, stderr);
	fflush(stderr);
}

/* Same curves: every recorded value but the times, bit for bit (NaN
 * equals NaN: a diverged run diverges the same way). */
static int same_curves(const struct run_result *a, const struct run_result *b)
{
	if (a->n_epochs != b->n_epochs || a->status != b->status)
		return 0;
	for (size_t e = 0; e < a->n_epochs; e++) {
		const struct epoch_record *x = &a->epochs[e], *y = &b->epochs[e];
		double u[] = {x->train_loss, x->train_acc, x->val_loss, x->val_acc,
			      x->train_eval_loss, x->train_eval_acc};
		double v[] = {y->train_loss, y->train_acc, y->val_loss, y->val_acc,
			      y->train_eval_loss, y->train_eval_acc};
		if (x->steps != y->steps || x->learning_rate != y->learning_rate)
			return 0;
		for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
			if (!(u[i] == v[i] || (isnan(u[i]) && isnan(v[i]))))
				return 0;
	}
	return 1;
}

/* A worker's own buffers. */
struct worker {
	struct trainer tr;
	size_t max_epochs;          /* train_max_epochs */
	struct epoch_record *rec;   /* (2 x max_epochs): reference, scratch */
	double *tot, *trn, *cpu, *tmp; /* (repeats) timing samples */
};

/* Release the buffers; the struct is left empty (safe to call twice). */
static void worker_free(struct worker *w)
{
	trainer_free(&w->tr);
	free(w->rec);
	free(w->tot);
	w->rec = NULL;
	w->tot = NULL;
}

/* Returns 0, or -1 when out of memory with nothing left to free. */
static int worker_init(struct worker *w, const struct pool *x)
{
	const struct config *c = x->cfg;
	memset(w, 0, sizeof *w);
	if (trainer_init(&w->tr, c, x->ds, max_batch(c)) != ST_OK)
		return -1;
	w->tr.stop = &x->sh->stop;
	w->max_epochs = train_max_epochs(c);
	w->rec = xcalloc(2 * w->max_epochs, sizeof *w->rec);
	w->tot = xmalloc(4 * c->repeats * sizeof *w->tot);
	if (!w->rec || !w->tot) {
		worker_free(w);
		return -1;
	}
	w->trn = w->tot + c->repeats;
	w->cpu = w->trn + c->repeats;
	w->tmp = w->cpu + c->repeats;
	return 0;
}

/* Why run r (run p of c) was marked diverged (the rule is train.h's). */
static void warn_diverged(const struct config *c, struct run_point p, const struct run_result *r)
{
	const struct epoch_record *e = &r->epochs[r->n_epochs - 1];
	double loss = isfinite(e->train_loss) && isfinite(e->val_loss) ?
		fmax(e->train_loss, e->val_loss) : NAN;
	double ref = train_diverge_reference(r->initial_val_loss, c->centers);
	char what[160], run[MSG_MAX];
	config_run_text(c, p, run, sizeof run);
	if (isnan(loss))
		msgf(what, sizeof what, "the loss became non-finite");
	else if (ref == r->initial_val_loss)
		msgf(what, sizeof what, "the loss reached %.3g, more than %g times the %.3g "
		     "of the initial weights", loss, TRAIN_DIVERGE_FACTOR, r->initial_val_loss);
	else
		msgf(what, sizeof what, "the loss reached %.3g, more than %g times the %.3g "
		     "of a uniform guess over %zu classes (the initial weights' was %.3g)", loss,
		     TRAIN_DIVERGE_FACTOR, ref, c->centers, r->initial_val_loss);
	warn("%s: %s at epoch %zu; run marked \"diverged\" (try a smaller train.learning_rate)",
	     run, what, r->n_epochs);
}

/* Train run p warmup + repeats times into w->rec; the first timed
 * training's curves in *ref, the timing samples in w->tot, trn, cpu.
 * Returns 0, or 1 when stopped by a signal. */
static int train_repeats(struct worker *w, const struct pool *x, struct run_point p,
			 struct run_result *ref, struct run_stats *st)
{
	const struct config *c = x->cfg;
	struct run_result scratch;
	struct progress_ctx pc = {x, p.index, 0, 0.0};
	struct config run;
	config_point(c, p.point, &run);
	ref->epochs = w->rec;
	scratch.epochs = w->rec + w->max_epochs;
	for (size_t i = 0; i < c->warmup + c->repeats; i++) {
		struct run_result *r = i == c->warmup ? ref : &scratch;
		double cpu0 = measure_cpu_seconds();
		pc.repeat = i;
		train_run(&w->tr, &run, p.batch_size, p.seed, r, on_epoch, &pc);
		if (r->status == RUN_INTERRUPTED)
			return 1;
		if (i < c->warmup)
			continue;
		w->tot[i - c->warmup] = r->total_seconds;
		w->trn[i - c->warmup] = r->train_seconds;
		w->cpu[i - c->warmup] = measure_cpu_seconds() - cpu0;
		if (r == &scratch && !same_curves(ref, &scratch))
			st->curves_identical = 0;
	}
	return 0;
}

/* One run: warm-ups, timed repeats, statistics, its two files.  Returns 0,
 * 1 when stopped by a signal (nothing written), -1 on a write failure
 * (message in err). */
static int do_run(struct worker *w, const struct pool *x, size_t k,
		  char *err, size_t errsize)
{
	const struct config *c = x->cfg;
	struct run_point p = config_run(c, k);
	size_t B = p.batch_size, R = c->repeats;
	struct run_result ref;
	struct run_stats st;
	struct config run;

	memset(&st, 0, sizeof st);
	st.repeats = R;
	st.warmup = c->warmup;
	st.curves_identical = 1;
	config_point(c, p.point, &run);
	st.memory_bytes = run_bytes(&run, B);
	st.jobs = pool_workers(x->jobs, x->n_todo);
	st.blas_threads = blas_threads();
	if (x->where)
		st.where = *x->where;
	measure_peak_rss_reset();
	if (train_repeats(w, x, p, &ref, &st) != 0)
		return 1;
	st.peak_rss_kib = measure_peak_rss_kib();
	st.total_median = stats_median(w->tot, R); /* sorts: min, max at the ends */
	st.total_min = w->tot[0];
	st.total_max = w->tot[R - 1];
	st.total_mad = stats_mad(w->tot, R, st.total_median, w->tmp);
	st.outliers = stats_outliers(w->tot, R, st.total_median, st.total_mad);
	st.train_median = stats_median(w->trn, R);
	st.cpu_median = stats_median(w->cpu, R);
	st.samples_per_second = st.train_median > 0.0 ?
		(double)ref.examples / st.train_median : 0.0;

	if (x->progress && x->jobs <= 1)
		fputs("\r\033[K", stderr);
	if (ref.status == RUN_DIVERGED)
		warn_diverged(c, p, &ref);
	if (!st.curves_identical) {
		char what[MSG_MAX];
		config_run_text(c, p, what, sizeof what);
		warn("%s: the %zu repeats did not give identical curves; "
		     "the first is recorded (please report this: runs should be deterministic)",
		     what, R);
	}
	if (st.outliers)
		__atomic_add_fetch(&x->sh->outlier_runs, 1, __ATOMIC_RELAXED);

	/* the weights first: a run whose files are there is whole (and
	 * runfile_finished checks the weights too); they are the last
	 * repeat's, the same as the first's when the curves are */
	if (c->save_weights &&
	    runfile_write_weights(x->dir, x->tables, p, &w->tr.mlp, err, errsize) != ST_OK)
		return -1;
	if (runfile_write(x->dir, c, x->tables, p, &ref, &st, err, errsize) != ST_OK)
		return -1;
	__atomic_add_fetch(&x->sh->runs_done, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Take runs from the shared list until none is left, a signal asks to
 * stop or some worker failed; worker `slot` (of pool_run's) says which
 * run it trains.  Returns 0, or -1 with the message and status in the
 * shared page (the first failure wins). */
static int worker_loop(const struct pool *x, int slot)
{
	struct worker w;
	char err[MSG_MAX];
	enum status st = ST_OK;
	int ready = worker_init(&w, x) == 0, rc = 0;
	if (!ready) {
		msgf(err, sizeof err, "out of memory (a run needs about %.1f MiB)",
		     (double)pool_worker_bytes(x->cfg) / 1048576.0);
		st = ST_NOMEM;
		rc = -1;
	}
	while (rc == 0 && !x->sh->stop && !__atomic_load_n(&x->sh->failed, __ATOMIC_RELAXED)) {
		size_t i = __atomic_fetch_add(&x->sh->next, 1, __ATOMIC_RELAXED);
		if (i >= x->n_todo)
			break;
		x->sh->training[slot] = x->todo[i] + 1;
		rc = do_run(&w, x, x->todo[i], err, sizeof err);
		x->sh->training[slot] = 0;
		if (rc == 1) /* stopped by a signal */
			rc = 0;
		if (rc != 0)
			st = ST_IO;
	}
	if (rc != 0 && !__atomic_exchange_n(&x->sh->failed, 1, __ATOMIC_RELAXED)) {
		msgf(x->sh->err, sizeof x->sh->err, "%s", err);
		x->sh->st = st;
	}
	if (ready)
		worker_free(&w);
	return rc;
}

/* A forked worker: take runs, then free what it inherited (valgrind and
 * LeakSanitizer check the workers too) and exit, here: a worker never
 * returns into its callers.  Exit status 0 when all went well. */
static void worker_main(struct pool *x, pid_t parent, int slot)
{
	int rc;
#ifdef __linux__
	/* a SIGKILLed parent takes its workers with it, so that --resume
	 * never races an orphan */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
#else
	(void)parent;
#endif
	rc = worker_loop(x, slot);
	if (x->release)
		x->release(x->release_ctx);
	exit(rc == 0 ? 0 : 1);
}

/* The progress line of all workers, from the shared counters. */
static void show_progress(const struct pool *x, int n, double *last)
{
	double now = clock_seconds();
	char eta[32];
	if (now - *last < 0.1)
		return;
	progress_eta(eta, sizeof eta, x, now);
	fprintf(stderr, "\r\033[K%zu/%zu runs done, %zu epochs trained, %d jobs%s",
		x->runs - x->n_todo + __atomic_load_n(&x->sh->runs_done, __ATOMIC_RELAXED),
		x->runs, __atomic_load_n(&x->sh->epochs_done, __ATOMIC_RELAXED), n, eta);
	fflush(stderr);
	*last = now;
}

/* Wait for the n workers in pids.  Returns 0, or -1 when one failed or
 * died (message in err unless the worker wrote its own). */
static int wait_workers(struct pool *x, const pid_t *pids, int n, char *err, size_t errsize)
{
	double last = 0.0;
	int rc = 0;
	for (int left = n; left > 0;) {
		int status;
		pid_t pid = waitpid(-1, &status, x->progress ? WNOHANG : 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		if (pid == 0) {
			show_progress(x, n, &last);
			nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
			continue;
		}
		for (int i = 0; i < n; i++) {
			if (pids[i] != pid)
				continue;
			left--;
			if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
				continue;
			if (rc == 0 && !x->sh->failed) {
				size_t k = x->sh->training[i];
				char run[MSG_MAX], at[MSG_MAX + 64] = "";
				if (k) {
					config_run_text(x->cfg, config_run(x->cfg, k - 1), run,
							sizeof run);
					msgf(at, sizeof at, " while training run %zu (%s)", k, run);
				}
				msgf(err, errsize, "worker process %ld %s %d%s; the runs finished so "
				     "far are kept\n"
				     "hint: run the same command with --resume to train the others",
				     (long)pid,
				     WIFSIGNALED(status) ? "was killed by signal" : "exited with status",
				     WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), at);
			}
			__atomic_store_n(&x->sh->failed, 1, __ATOMIC_RELAXED);
			rc = -1;
		}
	}
	if (x->progress)
		fputs("\r\033[K", stderr);
	return rc;
}

int pool_workers(int jobs, size_t n_todo)
{
	if (n_todo == 0)
		return 0;
	if (jobs <= 1 || n_todo == 1)
		return 1;
	return (size_t)jobs > n_todo ? (int)n_todo : jobs;
}

enum status pool_run(struct pool *x, char *err, size_t errsize)
{
	pid_t pids[POOL_MAX_JOBS], parent = getpid();
	int n = 0, rc = 0, jobs = x->jobs;

	if (pool_workers(jobs, x->n_todo) <= 1) {
		int failed = worker_loop(x, 0) != 0;
		/* what follows (an error, "interrupted by SIGINT") starts on a
		 * clean line, as the warnings between runs do */
		if (x->progress)
			fputs("\r\033[K", stderr);
		if (failed) {
			msgf(err, errsize, "%s", x->sh->err);
			return x->sh->st;
		}
		return x->sh->stop ? ST_INTERRUPTED : ST_OK;
	}
	jobs = pool_workers(jobs, x->n_todo);
	fflush(NULL); /* nothing buffered may be written twice */
	for (; n < jobs; n++) {
		pid_t pid = fork();
		if (pid == 0)
			worker_main(x, parent, n);
		if (pid < 0) {
			msgf(err, errsize, "cannot start worker %d of %d: %s", n + 1, jobs,
			     strerror(errno));
			/* the started workers stop after their current run */
			__atomic_store_n(&x->sh->failed, 1, __ATOMIC_RELAXED);
			rc = -1;
			break;
		}
		pids[n] = pid;
	}
	if (wait_workers(x, pids, n, err, errsize) != 0)
		rc = -1;
	if (x->sh->failed && x->sh->err[0]) {
		msgf(err, errsize, "%s", x->sh->err);
		return x->sh->st;
	}
	if (rc || x->sh->failed)
		return ST_IO;
	return x->sh->stop ? ST_INTERRUPTED : ST_OK;
}

enum status pool_init(struct pool *p, char *err, size_t errsize)
{
	p->sh = mmap(NULL, sizeof *p->sh, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p->sh == MAP_FAILED) {
		p->sh = NULL;
		msgf(err, errsize, "cannot map the workers' shared page: %s", strerror(errno));
		return ST_NOMEM;
	}
	memset(p->sh, 0, sizeof *p->sh);
	/* every training of every run to do: warm-ups and repeats */
	for (size_t i = 0; i < p->n_todo; i++) {
		uint64_t cost = shard_cost(p->cfg, config_run(p->cfg, p->todo[i])),
			 n = (uint64_t)(p->cfg->warmup + p->cfg->repeats);
		cost = cost > UINT64_MAX / n ? UINT64_MAX : cost * n;
		p->sh->cost_total = cost > UINT64_MAX - p->sh->cost_total ? UINT64_MAX :
			p->sh->cost_total + cost;
	}
	p->sh->t0 = clock_seconds();
	sig_shared = p->sh;
	catch_signals();
	return ST_OK;
}

int pool_stop_signal(const struct pool *p)
{
	return p->sh->stop;
}

size_t pool_runs_done(const struct pool *p)
{
	return p->sh ? p->sh->runs_done : 0;
}

size_t pool_outlier_runs(const struct pool *p)
{
	/* a pool that never ran (bsweep merge): none */
	return p->sh ? p->sh->outlier_runs : 0;
}

void pool_free(struct pool *p)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sig_shared = NULL;
	if (p->sh)
		munmap(p->sh, sizeof *p->sh);
	p->sh = NULL;
}
