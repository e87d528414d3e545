/* train.c: the epoch loop of one run: shuffle, forward and backward of
 * each batch, optimizer step at the scheduled learning rate (schedule.c)
 * until the budget's T steps are taken; evaluation and timing at each
 * epoch's end.  Each batch is handed to the model as row indices into the
 * training set (mlp.c decides how to read them).  Knows nothing of files
 * or of the other runs of the sweep. */
#include "train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "schedule.h"
#include "util.h"

/* Validation is evaluated in chunks of this many rows (or of the batch,
 * when larger), which bounds activation memory for big datasets. */
#define EVAL_CHUNK 1024

const char *const run_status_names[] = {"ok", "diverged", "interrupted", "target", NULL};

size_t train_steps_per_epoch(size_t n_train, size_t batch_size)
{
	return n_train / batch_size + (n_train % batch_size != 0);
}

size_t train_epochs(const struct config *run, size_t batch_size)
{
	struct lr_schedule s;
	schedule_init(&s, run, batch_size, run->n_train);
	return s.total_steps / s.steps_per_epoch + (s.total_steps % s.steps_per_epoch != 0);
}

size_t train_max_epochs(const struct config *c)
{
	size_t m = 0;
	for (size_t p = 0; p < config_points(c); p++) {
		struct config pc;
		config_point(c, p, &pc);
		for (size_t i = 0; i < c->n_batch_sizes; i++) {
			size_t e = train_epochs(&pc, c->batch_sizes[i]);
			if (e > m)
				m = e;
		}
	}
	return m;
}

/* The optimizer state arrays a trainer for c's runs needs: the most any
 * grid point's optimizer needs. */
static size_t max_arrays(const struct config *c)
{
	size_t m = 0;
	for (size_t p = 0; p < config_points(c); p++) {
		struct config pc;
		config_point(c, p, &pc);
		if (optim_arrays(&pc) > m)
			m = optim_arrays(&pc);
	}
	return m;
}

size_t trainer_capacity(const struct config *c, size_t max_batch)
{
	size_t b = max_batch < c->n_train ? max_batch : c->n_train;
	return b > EVAL_CHUNK ? b : EVAL_CHUNK;
}

size_t trainer_bytes(const struct config *c, size_t D, size_t K, size_t rows)
{
	size_t P = mlp_param_count(c, D, K), bytes = mlp_bytes(c, D, K, rows);
	/* the model, the optimizer's state, the shuffle order */
	if (!bytes || !size_add(bytes, optim_bytes(P, max_arrays(c)), &bytes) ||
	    !size_add(bytes, c->n_train * sizeof(uint32_t), &bytes))
		return 0;
	if (c->noise_scale) {
		size_t nb = noise_bytes(c, D, K);
		if (!nb || !size_add(bytes, nb, &bytes))
			return 0;
	}
	if (c->sharpness) {
		size_t sb = sharp_bytes(c, D, K);
		if (!sb || !size_add(bytes, sb, &bytes))
			return 0;
	}
	return bytes;
}

enum status trainer_init(struct trainer *t, const struct config *c,
			 const struct dataset *ds, size_t max_batch)
{
	size_t cap = trainer_capacity(c, max_batch);
	memset(t, 0, sizeof *t);
	t->cfg = c;
	t->ds = ds;
	t->n_train = c->n_train;
	t->n_val = ds->n - c->n_train;
	if (mlp_init(&t->mlp, c, ds->d, ds->k, cap) != ST_OK)
		return ST_NOMEM;
	if (optim_init(&t->opt, c, t->mlp.n_params, max_arrays(c)) != ST_OK) {
		mlp_free(&t->mlp);
		return ST_NOMEM;
	}
	t->perm = xmalloc(t->n_train * sizeof *t->perm);
	if (!t->perm || (c->noise_scale && noise_init(&t->noise, &t->mlp) != ST_OK) ||
	    (c->sharpness && sharp_init(&t->sharp, &t->mlp) != ST_OK)) {
		trainer_free(t);
		return ST_NOMEM;
	}
	return ST_OK;
}

void trainer_free(struct trainer *t)
{
	mlp_free(&t->mlp);
	optim_free(&t->opt);
	free(t->perm);
	t->perm = NULL;
	noise_free(&t->noise);
	sharp_free(&t->sharp);
}

double train_diverge_reference(double initial_val_loss, size_t classes)
{
	return fmax(initial_val_loss, log((double)classes));
}

int train_diverged(double train_loss, double val_loss, double reference)
{
	double limit = TRAIN_DIVERGE_FACTOR * reference;
	return !isfinite(train_loss) || !isfinite(val_loss) ||
	       (isfinite(limit) && (train_loss > limit || val_loss > limit));
}

/* analysis.eval_every: after step `steps` of the run (seen examples so
 * far in the epoch that began at te, with those running sums), evaluate
 * the validation set when the run has a target not yet met and the step
 * is a multiple of eval_every but not the epoch's end (evaluated anyway).
 * The time it takes is added to *paused, kept out of train_seconds.
 * Reads the weights only: the run's values are those of a run without
 * it.  Returns 1 when the target is met now. */
static int mid_epoch_eval(struct trainer *t, const struct config *run,
			  struct run_result *out, size_t steps, size_t seen, double te,
			  double loss_sum, size_t correct, double *paused)
{
	size_t n = t->n_train, D = t->ds->d, k = run->eval_every;
	struct target_eval ev;
	double t1;
	if (!k || steps % k != 0 || seen == n || steps == out->planned_steps ||
	    run->target_metric == TGT_NONE || target_reached(&out->target))
		return 0;
	t1 = clock_seconds();
	ev.steps = steps;
	ev.examples = out->examples + seen;
	ev.steps_per_epoch = out->steps_per_epoch;
	ev.seconds = out->train_seconds + (t1 - te - *paused);
	ev.train_loss = loss_sum / (double)seen;
	ev.train_acc = (double)correct / (double)seen;
	ev.val_loss = mlp_evaluate(&t->mlp, t->ds->x + n * D, t->ds->y + n, t->n_val,
				   &ev.val_acc);
	*paused += clock_seconds() - t1;
	return target_observe(run, &out->target, &ev);
}

/* The noise columns of rec (NaN when off); the exact pass's time is
 * moved out of the run's clock by advancing *t0. */
static void noise_record(struct trainer *t, int on, const struct dataset *ds,
			 struct epoch_record *rec, double *t0)
{
	double tn;
	if (!on) {
		rec->noise = (struct noise_values){NAN, NAN, NAN, NAN, NAN, NAN};
		return;
	}
	tn = clock_seconds();
	noise_estimate(&t->noise, &rec->noise);
	noise_measure(&t->noise, &t->mlp, ds->x, ds->y, t->n_train, &rec->noise);
	*t0 += clock_seconds() - tn;
}

void train_run(struct trainer *t, const struct config *run, size_t batch_size,
	       uint32_t seed, struct run_result *out, train_progress_fn progress,
	       void *ctx)
{
	const struct dataset *ds = t->ds;
	size_t D = ds->d, n = t->n_train, steps = 0, T;
	size_t B = batch_size < n ? batch_size : n;
	int noise = t->cfg->noise_scale && t->noise.g;
	const float *xval = ds->x + n * D;
	const int32_t *yval = ds->y + n;
	struct lr_schedule sched;
	struct rng rng;
	double t0, acc0, ref;

	schedule_init(&sched, run, batch_size, n);
	T = sched.total_steps;
	out->batch_size = batch_size;
	out->seed = seed;
	out->steps_per_epoch = sched.steps_per_epoch;
	out->planned_steps = T;
	out->planned_epochs = T / sched.steps_per_epoch + (T % sched.steps_per_epoch != 0);
	out->n_epochs = 0;
	out->steps = 0;
	out->examples = 0;
	out->peak_learning_rate = sched.peak;
	out->train_seconds = 0.0;
	out->best_epoch = 0;
	out->best_val_acc = -1.0;
	out->status = RUN_OK;
	out->sharpness = NAN;
	out->sharpness_iters = 0;
	target_clear(&out->target);

	rng_init(&rng, seed);
	/* the model was sized by the sweep's config; its activation is the
	 * run's (sweep.grid may vary model.activation) */
	t->mlp.act = run->activation;
	mlp_init_weights(&t->mlp, run, &rng);
	/* the reference for divergence; before the clock starts */
	out->initial_val_loss = mlp_evaluate(&t->mlp, xval, yval, t->n_val, &acc0);
	ref = train_diverge_reference(out->initial_val_loss, run->centers);
	optim_reset(&t->opt, run);
	for (size_t i = 0; i < n; i++)
		t->perm[i] = (uint32_t)i;

	t0 = clock_seconds();
	for (size_t e = 1; steps < T; e++) {
		struct epoch_record *rec = &out->epochs[e - 1];
		double loss_sum = 0.0, lr = 0.0, te, tt, paused = 0.0;
		size_t correct = 0, seen = 0, first = steps;
		int met = 0;

		te = clock_seconds();
		if (noise)
			noise_epoch_begin(&t->noise, B);
		if (run->shuffle)
			rng_permutation(&rng, t->perm, n);
		/* a budget may end the last epoch early */
		for (size_t r0 = 0; r0 < n && steps < T; r0 += B) {
			size_t nb = n - r0 < B ? n - r0 : B;
			lr = schedule_lr(&sched, steps);
			mlp_forward_backward(&t->mlp, ds->x, ds->y, t->perm + r0,
					     nb, &loss_sum, &correct);
			if (noise) /* reads the batch's gradient, before L2 */
				noise_batch(&t->noise, t->mlp.grads, nb);
			if (run->l2 != 0.0)
				mlp_l2_backward(&t->mlp, run->l2);
			optim_step(&t->opt, t->mlp.params, t->mlp.grads, lr);
			steps++;
			seen += nb;
			if (mid_epoch_eval(t, run, out, steps, seen, te, loss_sum, correct,
					   &paused) &&
			    run->stop_at_target)
				break;
		}
		tt = clock_seconds() - paused;
		rec->epoch = e;
		rec->steps = steps;
		rec->epoch_steps = steps - first;
		rec->learning_rate = lr;
		/* means over the examples this epoch saw (n but in a budget's
		 * partial last epoch) */
		rec->train_loss = loss_sum / (double)seen;
		rec->train_acc = (double)correct / (double)seen;
		rec->val_loss = mlp_evaluate(&t->mlp, xval, yval, t->n_val,
					     &rec->val_acc);
		/* the training rows are the first n of the dataset, in their
		 * own order (the permutation only orders the batches) */
		rec->train_eval_loss = rec->train_eval_acc = NAN;
		if (run->eval_train)
			rec->train_eval_loss = mlp_evaluate(&t->mlp, ds->x, ds->y, n,
							    &rec->train_eval_acc);
		rec->train_seconds = tt - te;
		rec->eval_seconds = clock_seconds() - tt; /* the mid-epoch ones too */
		rec->epoch_seconds = rec->train_seconds + rec->eval_seconds;
		rec->elapsed_seconds = tt + rec->eval_seconds - t0;
		noise_record(t, noise, ds, rec, &t0);
		out->train_seconds += rec->train_seconds;
		out->n_epochs = e;
		out->steps = steps;
		out->examples += seen;
		if (rec->val_acc > out->best_val_acc) {
			out->best_val_acc = rec->val_acc;
			out->best_epoch = e;
		}
		met = target_observe(run, &out->target, &(struct target_eval){
			steps, out->examples, out->steps_per_epoch, out->train_seconds,
			rec->train_loss, rec->train_acc, rec->val_loss, rec->val_acc});
		if (train_diverged(rec->train_loss, rec->val_loss, ref))
			out->status = RUN_DIVERGED;
		else if (run->stop_at_target && met)
			out->status = RUN_TARGET;
		if (progress)
			progress(ctx, out);
		if (out->status == RUN_DIVERGED || out->status == RUN_TARGET)
			break;
		if (t->stop && *t->stop) {
			out->status = RUN_INTERRUPTED;
			break;
		}
	}
	out->total_seconds = out->n_epochs ?
		out->epochs[out->n_epochs - 1].elapsed_seconds : 0.0;
	out->samples_per_second = out->train_seconds > 0.0 ?
		(double)out->examples / out->train_seconds : 0.0;
	/* at the final weights, after every clock has stopped; reads the
	 * parameters only (sharp.h) */
	if (t->cfg->sharpness && t->sharp.w && out->n_epochs > 0)
		out->sharpness = sharp_measure(&t->sharp, &t->mlp, ds->x, ds->y, n,
					       SHARP_TOL, SHARP_MAX_ITER,
					       &out->sharpness_iters);
}
