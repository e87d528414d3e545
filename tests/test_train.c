/* test_train.c: budgets in train_run, on 50 training rows at batch size 8
 * (S = 7 steps: six batches of 8 and one of 2), counts worked out by hand:
 *   - a steps budget of 23 = 3 x 7 + 2 ends in the 4th epoch after 2
 *     steps: 4 rows, the first three identical (bit for bit) to an
 *     epochs run's, the last with epoch_steps 2, 166 examples, and its
 *     train_acc a count over the 16 examples it saw;
 *   - an examples budget of 175 = 3 x 50 + 25 takes 21 + ceil(25/8) = 25
 *     steps, seeing 182 examples (>= 175, < 175 + 8);
 *   - the rate the optimizer used is the schedule's: linear scaling by
 *     8/16 trains exactly as half the learning rate;
 *   - runfile_finished accepts a budget's run files against its config
 *     and refuses them against another budget;
 *   - the divergence rule at its edges: a start at loss 0 (ln K instead),
 *     100 times exactly, non-finite losses.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "config.h"
#include "data.h"
#include "measure.h"
#include "runfile.h"
#include "schedule.h"
#include "train.h"

#define MAXE 64

struct fx {
	struct config c;
	struct dataset ds;
	struct trainer t;
	struct epoch_record rec[2][MAXE];
	struct run_result r[2];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char err[256];
	if (!f || config_defaults(&f->c) != ST_OK)
		return -1;
	f->c.n_samples = 100;
	f->c.n_train = 50;
	f->c.hidden[0] = 8;
	f->c.epochs = 4;
	if (data_generate(&f->ds, &f->c, err, sizeof err) != ST_OK ||
	    trainer_init(&f->t, &f->c, &f->ds, 64) != ST_OK)
		return -1;
	f->r[0].epochs = f->rec[0];
	f->r[1].epochs = f->rec[1];
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	trainer_free(&f->t);
	data_free(&f->ds);
	config_free(&f->c);
	free(f);
	return 0;
}

static int same_curve(const struct epoch_record *a, const struct epoch_record *b)
{
	return a->steps == b->steps && a->learning_rate == b->learning_rate &&
	       a->train_loss == b->train_loss && a->train_acc == b->train_acc &&
	       a->val_loss == b->val_loss && a->val_acc == b->val_acc;
}

static void test_steps_budget(void **state)
{
	struct fx *f = *state;
	struct config run = f->c;
	const struct epoch_record *last;
	double seen_correct;
	train_run(&f->t, &f->c, 8, 3, &f->r[0], NULL, NULL); /* 4 epochs */
	assert_int_equal(f->r[0].n_epochs, 4);
	assert_int_equal(f->r[0].steps, 28);
	assert_int_equal(f->r[0].examples, 200);
	run.budget = BUDGET_STEPS;
	run.budget_amount = 23;
	assert_int_equal(train_epochs(&run, 8), 4);
	train_run(&f->t, &run, 8, 3, &f->r[1], NULL, NULL);
	assert_int_equal(f->r[1].status, RUN_OK);
	assert_int_equal(f->r[1].n_epochs, 4);
	assert_int_equal(f->r[1].steps, 23);
	assert_int_equal(f->r[1].examples, 166);
	assert_int_equal(f->r[1].planned_steps, 23);
	assert_int_equal(f->r[1].planned_epochs, 4);
	for (size_t e = 0; e < 3; e++) {
		assert_int_equal(f->rec[1][e].epoch_steps, 7);
		assert_true(same_curve(&f->rec[0][e], &f->rec[1][e]));
	}
	last = &f->rec[1][3];
	assert_int_equal(last->epoch, 4);
	assert_int_equal(last->steps, 23);
	assert_int_equal(last->epoch_steps, 2);
	assert_true(last->learning_rate == f->c.learning_rate);
	/* a mean over 16 examples, not 50 */
	seen_correct = last->train_acc * 16.0;
	assert_true(fabs(seen_correct - round(seen_correct)) < 1e-9);
	assert_true(last->train_loss != f->rec[0][3].train_loss);
	assert_true(f->r[1].samples_per_second ==
		    (f->r[1].train_seconds > 0.0 ? 166.0 / f->r[1].train_seconds : 0.0));
}

static void test_examples_budget(void **state)
{
	struct fx *f = *state;
	struct config run = f->c;
	run.budget = BUDGET_EXAMPLES;
	run.budget_amount = 175;
	train_run(&f->t, &run, 8, 0, &f->r[0], NULL, NULL);
	assert_int_equal(f->r[0].steps, 25);
	assert_int_equal(f->r[0].examples, 182);
	assert_int_equal(f->r[0].n_epochs, 4);
	assert_int_equal(f->rec[0][3].epoch_steps, 4);
	/* a batch size above n_train: one full batch per epoch, 4 epochs */
	train_run(&f->t, &run, 64, 0, &f->r[1], NULL, NULL);
	assert_int_equal(f->r[1].steps_per_epoch, 1);
	assert_int_equal(f->r[1].steps, 4);
	assert_int_equal(f->r[1].examples, 200);
}

static void test_scaled_rate_is_used(void **state)
{
	struct fx *f = *state;
	struct config half = f->c, scaled = f->c;
	half.learning_rate = f->c.learning_rate / 2;
	scaled.lr_rule = LR_LINEAR;
	scaled.lr_base_batch = 16;
	train_run(&f->t, &half, 8, 1, &f->r[0], NULL, NULL);
	train_run(&f->t, &scaled, 8, 1, &f->r[1], NULL, NULL);
	assert_true(f->r[1].peak_learning_rate == half.learning_rate);
	for (size_t e = 0; e < 4; e++)
		assert_true(same_curve(&f->rec[0][e], &f->rec[1][e]));
	/* a warm-up changes the curves, and each row records its last rate */
	scaled.warmup_epochs = 2;
	scaled.warmup_start = 0.1;
	train_run(&f->t, &scaled, 8, 1, &f->r[1], NULL, NULL);
	assert_true(f->rec[1][0].train_loss != f->rec[0][0].train_loss);
	/* step 6 of a 14-step ramp: 0.1 + 0.9 x 6/14 of the peak */
	assert_true(fabs(f->rec[1][0].learning_rate -
			 half.learning_rate * (0.1 + 0.9 * 6.0 / 14.0)) < 1e-15);
	assert_true(f->rec[1][2].learning_rate == half.learning_rate);
}

static void test_runfile_check(void **state)
{
	struct fx *f = *state;
	struct config run = f->c;
	struct run_stats st;
	struct runfile_tables rt;
	struct run_point p;
	char dir[] = "/tmp/bsweep-test-train.XXXXXX", sub[64], why[512], cmd[128];
	memset(&st, 0, sizeof st);
	memset(&p, 0, sizeof p);
	p.batch_size = 8;
	p.seed = 5;
	assert_int_equal(runfile_tables_init(&rt, &run), ST_OK);
	st.repeats = 1;
	st.jobs = 1;
	st.blas_threads = 1;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/runs", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	run.budget = BUDGET_STEPS;
	run.budget_amount = 23;
	train_run(&f->t, &run, 8, 5, &f->r[0], NULL, NULL);
	assert_int_equal(runfile_write(dir, &run, &rt, p, &f->r[0], &st, why, sizeof why), ST_OK);
	if (runfile_finished(dir, &run, &rt, p, why, sizeof why) != 1)
		fail_msg("finished run refused: %s", why);
	run.budget_amount = 24; /* another budget: the run did not finish it */
	assert_int_equal(runfile_finished(dir, &run, &rt, p, why, sizeof why), -1);
	print_message("  another budget: %s\n", why);
	run.budget_amount = 23;
	run.schedule = SCHED_LINEAR; /* another schedule: other rates */
	assert_int_equal(runfile_finished(dir, &run, &rt, p, why, sizeof why), -1);
	assert_non_null(strstr(why, "learning rates other than the config's schedule"));
	runfile_tables_free(&rt);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* The divergence rule (train.h): 100 times the larger of the initial
 * validation loss and ln K, or a loss that is not finite. */
static void test_divergence_rule(void **state)
{
	double ln3 = log(3.0);
	(void)state;
	assert_float_equal(train_diverge_reference(4.63, 3), 4.63, 0.0);
	assert_float_equal(train_diverge_reference(0.0, 3), ln3, 0.0);
	assert_float_equal(train_diverge_reference(0.5, 3), ln3, 0.0);
	/* a start at loss 0: a later 7.3 is no divergence, 110 is */
	assert_false(train_diverged(7.3, 0.0, train_diverge_reference(0.0, 3)));
	assert_false(train_diverged(109.0, 109.0, ln3));
	assert_true(train_diverged(110.0, 0.0, ln3));
	assert_true(train_diverged(0.1, 110.0, ln3));
	/* above the initial loss's 100 times, not at it */
	assert_false(train_diverged(463.0, 1.0, 4.63));
	assert_true(train_diverged(463.5, 1.0, 4.63));
	assert_true(train_diverged(NAN, 1.0, 4.63));
	assert_true(train_diverged(1.0, INFINITY, 4.63));
	/* an infinite reference: only non-finite losses */
	assert_false(train_diverged(1e300, 1e300, INFINITY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_budget),
		cmocka_unit_test(test_examples_budget),
		cmocka_unit_test(test_scaled_rate_is_used),
		cmocka_unit_test(test_runfile_check),
		cmocka_unit_test(test_divergence_rule),
	};
	return cmocka_run_group_tests_name("train", tests, setup, teardown);
}
