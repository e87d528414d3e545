/* train.h: one run = one batch size x one seed, from fresh weights.
 *
 * A trainer holds everything a run needs (model, optimizer, batch buffers,
 * the shuffle permutation), allocated once by trainer_init for the largest
 * batch of the sweep and reused run after run; train_run allocates nothing.
 *
 * Per epoch, as Keras' History reports it: train_loss/train_acc are the
 * sample-weighted means over the epoch's batches of each batch's loss and
 * accuracy in its forward pass, before that batch's update; val_loss and
 * val_acc are evaluated on the whole validation set at the epoch's end.
 *
 * A run takes exactly T optimizer steps (schedule.h: the epochs, steps or
 * examples budget), each at its scheduled learning rate.  A steps or
 * examples budget may end in the middle of an epoch: that last epoch (a
 * fresh permutation, like every epoch) stops after its T-th step, its
 * train_loss/train_acc are the means over the examples it saw, and the
 * validation set is evaluated as at every epoch's end.  So a run has
 * train_epochs = ceil(T / S) epoch records.
 *
 * With analysis.eval_train, the whole training set is evaluated too at
 * each epoch's end (train_eval_loss/train_eval_acc), forward only, after
 * the validation pass: it reads the weights and writes only activation
 * buffers that the next step overwrites, so the curves are bit for bit
 * those of a run without it (Keras' running train metrics mix the weights
 * of a whole epoch, keras#503; these do not).
 */
#ifndef BSWEEP_TRAIN_H
#define BSWEEP_TRAIN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "data.h"
#include "mlp.h"
#include "noise.h"
#include "optim.h"
#include "sharp.h"
#include "target.h"

struct epoch_record {
	size_t epoch;          /* 1-based */
	size_t steps;          /* optimizer steps so far in this run */
	size_t epoch_steps;    /* steps in this epoch: steps_per_epoch, fewer in
				  a budget's last, partial epoch */
	double learning_rate;  /* the rate of this epoch's last step */
	double train_loss, train_acc, val_loss, val_acc;
	double train_eval_loss, train_eval_acc; /* the whole training set at
				  the epoch's end, with the weights of that
				  moment (analysis.eval_train); NaN when off */
	double train_seconds;  /* this epoch's steps (and shuffle) */
	double eval_seconds;   /* this epoch's validation pass, and the
				  training-set pass with eval_train */
	double epoch_seconds;  /* the whole epoch */
	double elapsed_seconds;/* since this run's training began (the noise
				  pass left out) */
	struct noise_values noise; /* analysis.noise_scale (noise.h): at the
				      epoch's end, after validation; else NaN */
};

/* RUN_TARGET: stopped when its target was met (analysis.stop_at_target;
 * also when that was at the budget's last step). */
enum run_status { RUN_OK, RUN_DIVERGED, RUN_INTERRUPTED, RUN_TARGET };

/* Their names in files and messages, indexed by enum run_status;
 * NULL-terminated. */
extern const char *const run_status_names[];

/* A run diverges when a loss (training or validation) is not finite or
 * exceeds TRAIN_DIVERGE_FACTOR times the larger of the validation loss of
 * its initial weights and ln K, the loss of a uniform guess over its K
 * classes: a finite blow-up (3e17) is a divergence too.  Cross-entropy
 * that far above the start means the model predicts the true class with
 * probability below exp(-99 initial), nothing a converging run does; ln K
 * keeps a start at loss 0 (a tiny validation set the initial weights
 * already fit) from making every later loss a divergence. */
#define TRAIN_DIVERGE_FACTOR 100.0

/* The loss that the rule above multiplies by TRAIN_DIVERGE_FACTOR: the
 * larger of the initial weights' validation loss and ln classes. */
double train_diverge_reference(double initial_val_loss, size_t classes);

/* Has a run whose last epoch has these losses diverged?  reference is
 * train_diverge_reference's. */
int train_diverged(double train_loss, double val_loss, double reference);

struct run_result {
	size_t batch_size;
	uint32_t seed;
	size_t steps_per_epoch;
	size_t planned_epochs;         /* train_epochs of the run */
	size_t planned_steps;          /* T, the budget in steps */
	size_t n_epochs;               /* epochs completed (< planned_epochs if
					  diverged or interrupted) */
	size_t steps, examples;        /* optimizer steps taken, training
					  examples seen (with repetitions) */
	double peak_learning_rate;     /* eta: learning_rate after scaling */
	struct epoch_record *epochs;   /* (planned_epochs), owned by the caller */
	double total_seconds;          /* training + evaluation, wall clock */
	double train_seconds;          /* sum of the epochs' train_seconds */
	double samples_per_second;     /* examples / train_seconds */
	size_t best_epoch;             /* first epoch with the best val_acc */
	double best_val_acc;
	double initial_val_loss;       /* of the initial weights, before training */
	enum run_status status;
	struct target_hit target;      /* the first evaluation meeting the
					  config's target (target.h) */
	double sharpness;              /* analysis.sharpness (sharp.h): the
					  Hessian's top eigenvalue at the final
					  weights, after the last epoch (kept
					  out of every clock); else NaN */
	size_t sharpness_iters;        /* its Hessian-vector products */
};

/* Called after every epoch (may be NULL). */
typedef void (*train_progress_fn)(void *ctx, const struct run_result *r);

struct trainer {
	const struct config *cfg;  /* the sweep's: what was allocated for */
	const struct dataset *ds;
	size_t n_train, n_val;
	struct mlp mlp;
	struct optim opt;
	uint32_t *perm;        /* (n_train) row order of the epoch */
	struct noise noise;    /* its scratch when cfg->noise_scale */
	struct sharp sharp;    /* its scratch when cfg->sharpness */
	volatile sig_atomic_t *stop; /* non-zero: stop after the current epoch
					(set by a signal handler); may be NULL */
};

/* Allocate for batches of up to max_batch rows.  ST_OK, or ST_NOMEM when
 * out of memory or a size overflows (nothing to free). */
enum status trainer_init(struct trainer *t, const struct config *c,
			 const struct dataset *ds, size_t max_batch);
void trainer_free(struct trainer *t);

/* Rows the activation buffers need for batch sizes up to max_batch. */
size_t trainer_capacity(const struct config *c, size_t max_batch);

/* Bytes a trainer allocates for `rows` rows (trainer_capacity), from the
 * shapes alone: the model (mlp_bytes), the optimizer's state
 * (optim_bytes), the shuffle order and, with analysis.noise_scale, the
 * noise measurement's scratch (noise_bytes), with analysis.sharpness the
 * sharpness measurement's (sharp_bytes).  With rows = the batch size
 * (at most n_train) it is the memory a run at that batch size needs:
 * summary.csv's memory_bytes.  0 on overflow. */
size_t trainer_bytes(const struct config *c, size_t D, size_t K, size_t rows);
/* (With a grid: the optimizer state of the grid point that needs the
 * most, as trainer_init allocates; a point's config gives its own.) */

/* Train a fresh model of config run (the training protocol: budget,
 * learning-rate schedule, shuffling, initialisers) with this batch size
 * and seed; fills out, whose epochs array has room for
 * train_epochs(run, batch_size) records.  run must have the data and
 * model shapes of the trainer's config (t->cfg, which may be the same
 * pointer) and batch_size must be at most the trainer's max_batch.  The
 * seed's RandomState draws the initial weights, then one permutation per
 * epoch. */
void train_run(struct trainer *t, const struct config *run, size_t batch_size,
	       uint32_t seed, struct run_result *out, train_progress_fn progress,
	       void *ctx);

/* Optimizer steps per epoch: ceil(n_train / batch_size). */
size_t train_steps_per_epoch(size_t n_train, size_t batch_size);

/* Epoch records a run of config run at this batch size has when it
 * completes: ceil(T / S) (schedule.h), the last one possibly partial. */
size_t train_epochs(const struct config *run, size_t batch_size);

/* The most epoch records any run of sweep c can have: train_epochs over
 * c's batch sizes.  What callers allocate records for. */
size_t train_max_epochs(const struct config *c);

#endif
