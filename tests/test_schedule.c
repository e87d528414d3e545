/* test_schedule.c: the learning rate of every step (schedule.c) against
 * NumPy's closed forms (tests/golden/schedule.txt, written by
 * scripts/make_schedule_golden.py and checked there against
 * torch.optim.lr_scheduler), to 1e-12 relative; then values worked out by
 * hand (Goyal et al.'s ImageNet recipe, budgets in examples) and the edge
 * cases: a warm-up longer than the run, milestones past the end, one step
 * per epoch, the default schedule bit for bit. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "fixture.h"
#include "schedule.h"
#include "train.h"

#define NPAR 22 /* numbers per case in schedule.txt */

/* Relative difference, 0 when both are 0. */
static double rel(double got, double want)
{
	return got == want ? 0.0 : fabs(got - want) / fabs(want);
}

static void test_golden(void **state)
{
	struct fixture fx;
	size_t nc = 0, nl = 0, used = 0;
	const double *cs, *lr;
	double worst = 0.0;
	(void)state;
	assert_int_equal(fixture_load(&fx, "schedule.txt"), 0);
	cs = fixture_get(&fx, "cases", &nc);
	lr = fixture_get(&fx, "lr", &nl);
	assert_non_null(cs);
	assert_non_null(lr);
	assert_true(nc % NPAR == 0 && nc > 0);
	for (size_t k = 0; k < nc / NPAR; k++) {
		const double *p = cs + k * NPAR;
		struct config c;
		struct lr_schedule s;
		size_t T = (size_t)p[19], S = (size_t)p[21];
		assert_int_equal(config_defaults(&c), ST_OK);
		c.n_train = (size_t)p[0];
		c.learning_rate = p[2];
		c.lr_rule = (enum lr_rule)p[3];
		c.lr_base_batch = (size_t)p[4];
		c.warmup_steps = (size_t)p[5];
		c.warmup_epochs = (size_t)p[6];
		c.warmup_start = p[7];
		c.schedule = (enum schedule)p[8];
		c.schedule_floor = p[9];
		c.schedule_gamma = p[10];
		c.n_milestones = (size_t)p[11];
		for (size_t i = 0; i < c.n_milestones; i++)
			c.milestones[i] = (size_t)p[12 + i];
		c.budget = (enum budget)p[16];
		c.epochs = (size_t)p[17];
		c.budget_amount = (size_t)p[18];
		schedule_init(&s, &c, (size_t)p[1], c.n_train);
		if (s.total_steps != T || s.steps_per_epoch != S)
			fail_msg("case %zu: T %zu, S %zu; want %zu, %zu", k, s.total_steps,
				 s.steps_per_epoch, T, S);
		if (rel(s.peak, p[20]) > 1e-12)
			fail_msg("case %zu: peak %.17g, want %.17g", k, s.peak, p[20]);
		assert_int_equal(train_epochs(&c, (size_t)p[1]), (T + S - 1) / S);
		assert_true(used + T <= nl);
		for (size_t i = 0; i < T; i++) {
			double got = schedule_lr(&s, i), want = lr[used + i];
			double d = rel(got, want);
			if (d > worst)
				worst = d;
			if (d > 1e-12)
				fail_msg("case %zu step %zu: %.17g, want %.17g (relative %.3g)", k, i,
					 got, want, d);
		}
		used += T;
		config_free(&c);
	}
	assert_int_equal(used, nl);
	print_message("  %zu cases, %zu steps, worst relative difference %.3g\n", nc / NPAR, nl,
		      worst);
	fixture_free(&fx);
}

/* A config with n_train rows and no scaling, warm-up or decay. */
static void plain(struct config *c, size_t n_train, double lr)
{
	assert_int_equal(config_defaults(c), ST_OK);
	c->n_train = n_train;
	c->learning_rate = lr;
}

/* Goyal et al. 2017: 0.1 per 256 examples, scaled linearly to B = 8192
 * (eta = 3.2), warmed up over 5 epochs from 0.1, divided by 10 at epochs
 * 30, 60 and 80, 90 epochs on ImageNet's 1 281 167 rows:
 * S = ceil(1281167 / 8192) = 157 steps, W = 785, start = 0.1 / 3.2. */
static void test_goyal(void **state)
{
	struct config c;
	struct lr_schedule s;
	(void)state;
	plain(&c, 1281167, 0.1);
	c.lr_rule = LR_LINEAR;
	c.lr_base_batch = 256;
	c.warmup_epochs = 5;
	c.warmup_start = 0.03125;
	c.schedule = SCHED_STEP;
	c.schedule_gamma = 0.1;
	c.n_milestones = 3;
	c.milestones[0] = 30;
	c.milestones[1] = 60;
	c.milestones[2] = 80;
	c.epochs = 90;
	schedule_init(&s, &c, 8192, c.n_train);
	assert_int_equal(s.steps_per_epoch, 157);
	assert_int_equal(s.total_steps, 14130);
	assert_int_equal(s.warmup_steps, 785);
	assert_true(s.peak == 3.2);
	/* 0.1 + 3.1 i / 785: 157/785 = 1/5, 314/785 = 2/5 */
	assert_true(rel(schedule_lr(&s, 0), 0.1) < 1e-14);
	assert_true(rel(schedule_lr(&s, 157), 0.72) < 1e-14);
	assert_true(rel(schedule_lr(&s, 314), 1.34) < 1e-14);
	assert_true(rel(schedule_lr(&s, 784), 0.1 + 3.1 * 784.0 / 785.0) < 1e-14);
	assert_true(schedule_lr(&s, 785) == 3.2);
	/* epoch 30 (0-based epoch 29) ends at step 4709; the 31st starts at 4710 */
	assert_true(schedule_lr(&s, 4709) == 3.2);
	assert_true(rel(schedule_lr(&s, 4710), 0.32) < 1e-14);
	assert_true(rel(schedule_lr(&s, 9420), 0.032) < 1e-14);
	assert_true(rel(schedule_lr(&s, 12560), 0.0032) < 1e-14);
	assert_true(rel(schedule_lr(&s, 14129), 0.0032) < 1e-14);
	assert_int_equal(train_epochs(&c, 8192), 90);
	config_free(&c);
}

/* The default: every step's rate is learning_rate itself, bit for bit,
 * whatever the batch size (the curves of earlier versions depend on it). */
static void test_default_exact(void **state)
{
	struct config c;
	struct lr_schedule s;
	(void)state;
	assert_int_equal(config_defaults(&c), ST_OK);
	for (size_t B = 1; B <= 1024; B *= 4) {
		size_t Beff = B < c.n_train ? B : c.n_train;
		schedule_init(&s, &c, B, c.n_train);
		assert_true(s.peak == c.learning_rate);
		assert_int_equal(s.total_steps, c.epochs * ((c.n_train + Beff - 1) / Beff));
		for (size_t i = 0; i < s.total_steps; i += 7)
			assert_true(schedule_lr(&s, i) == c.learning_rate);
	}
	config_free(&c);
}

/* Scaling rules by hand; B is capped at n_train. */
static void test_scaling(void **state)
{
	struct config c;
	(void)state;
	plain(&c, 500, 0.001);
	c.lr_base_batch = 32;
	c.lr_rule = LR_LINEAR;
	assert_true(config_peak_lr(&c, 64) == 0.002);
	assert_true(config_peak_lr(&c, 8) == 0.00025);
	c.lr_rule = LR_SQRT;
	c.learning_rate = 0.1;
	assert_true(rel(config_peak_lr(&c, 128), 0.2) < 1e-14);
	assert_true(rel(config_peak_lr(&c, 8), 0.05) < 1e-14);
	{
		struct lr_schedule s;
		schedule_init(&s, &c, 4096, c.n_train); /* B = 500 */
		assert_true(rel(s.peak, 0.1 * sqrt(500.0 / 32.0)) < 1e-14);
	}
	config_free(&c);
}

/* Budgets in steps and examples, by hand: 50 rows, B = 8, S = 7 (six
 * batches of 8 and one of 2). */
static void test_budgets(void **state)
{
	struct config c;
	struct lr_schedule s;
	static const size_t amount[] = {1, 8, 9, 48, 49, 50, 51, 100, 275};
	/* 275 = 5 epochs + 25 rows: 35 + ceil(25/8) = 39 */
	static const size_t want[] = {1, 1, 2, 6, 7, 7, 8, 14, 39};
	(void)state;
	plain(&c, 50, 0.01);
	c.budget = BUDGET_EXAMPLES;
	for (size_t i = 0; i < sizeof amount / sizeof amount[0]; i++) {
		c.budget_amount = amount[i];
		schedule_init(&s, &c, 8, c.n_train);
		if (s.total_steps != want[i])
			fail_msg("examples %zu: %zu steps, want %zu", amount[i], s.total_steps, want[i]);
	}
	c.budget_amount = 275;
	assert_int_equal(train_epochs(&c, 8), 6);
	c.budget = BUDGET_STEPS;
	c.budget_amount = 40;
	assert_int_equal(train_epochs(&c, 8), 6);   /* ceil(40 / 7) */
	assert_int_equal(train_epochs(&c, 64), 40); /* one step per epoch */
	assert_int_equal(train_epochs(&c, 50), 40);
	assert_int_equal(train_epochs(&c, 25), 20);
	config_free(&c);
	/* the largest over the sweep's batch sizes: what records are
	 * allocated for */
	assert_int_equal(config_defaults(&c), ST_OK); /* 8 sizes, 500 rows, 100 epochs */
	assert_int_equal(train_max_epochs(&c), 100);
	c.budget = BUDGET_STEPS;
	c.budget_amount = 1000;
	assert_int_equal(train_max_epochs(&c), 1000); /* B = 512: 1 step per epoch */
	c.budget = BUDGET_EXAMPLES;
	c.budget_amount = 1250; /* 2.5 epochs: 3 rows at every batch size */
	assert_int_equal(train_max_epochs(&c), 3);
	config_free(&c);
}

/* A warm-up longer than the run is capped at T: the ramp ends at the
 * last step, the decay never starts. */
static void test_warmup_past_end(void **state)
{
	struct config c;
	struct lr_schedule s;
	(void)state;
	plain(&c, 50, 1.0);
	c.budget = BUDGET_STEPS;
	c.budget_amount = 5;
	c.warmup_steps = 20;
	c.warmup_start = 0.5;
	c.schedule = SCHED_COSINE;
	schedule_init(&s, &c, 7, c.n_train);
	assert_int_equal(s.warmup_steps, 5);
	assert_true(schedule_lr(&s, 0) == 0.5);
	assert_true(rel(schedule_lr(&s, 4), 0.9) < 1e-14); /* 0.5 + 0.5 x 4/5 */
	/* in epochs: 3 epochs of warm-up in a 2-epoch run */
	c.budget = BUDGET_EPOCHS;
	c.epochs = 2;
	c.warmup_steps = 0;
	c.warmup_epochs = 3;
	c.warmup_start = 0.0;
	schedule_init(&s, &c, 7, c.n_train); /* S = 8, T = 16 */
	assert_int_equal(s.warmup_steps, 16);
	assert_true(schedule_lr(&s, 0) == 0.0);
	assert_true(schedule_lr(&s, 8) == 0.5);
	config_free(&c);
}

/* Milestones at or past the last epoch change nothing; one step per
 * epoch (B >= n_train) makes epochs and steps the same count. */
static void test_milestones_and_full_batch(void **state)
{
	struct config c;
	struct lr_schedule s;
	(void)state;
	plain(&c, 50, 2.0);
	c.epochs = 5;
	c.schedule = SCHED_STEP;
	c.schedule_gamma = 0.5;
	c.n_milestones = 2;
	c.milestones[0] = 3;
	c.milestones[1] = 5; /* the run has epochs 0..4: never reached */
	schedule_init(&s, &c, 100, c.n_train); /* S = 1, T = 5 */
	assert_int_equal(s.total_steps, 5);
	assert_true(schedule_lr(&s, 2) == 2.0);
	assert_true(schedule_lr(&s, 3) == 1.0);
	assert_true(schedule_lr(&s, 4) == 1.0);
	/* cosine over 10 one-step epochs after a 2-epoch warm-up from 0 */
	c.epochs = 10;
	c.schedule = SCHED_COSINE;
	c.schedule_floor = 0.0;
	c.warmup_epochs = 2;
	c.warmup_start = 0.0;
	schedule_init(&s, &c, 50, c.n_train);
	assert_int_equal(s.warmup_steps, 2);
	assert_true(schedule_lr(&s, 0) == 0.0);
	assert_true(schedule_lr(&s, 1) == 1.0);           /* 2 x 1/2 */
	assert_true(schedule_lr(&s, 2) == 2.0);           /* p = 0 */
	/* p = 5/8: 0.5 (1 + cos(5 pi / 8)) = 0.30865828381745508 */
	assert_true(rel(schedule_lr(&s, 7), 2.0 * 0.30865828381745508) < 1e-14);
	/* linear to 0.1: p = 7/8 at the last step, 0.1 + 0.9/8 */
	c.schedule = SCHED_LINEAR;
	c.schedule_floor = 0.1;
	schedule_init(&s, &c, 50, c.n_train);
	assert_true(rel(schedule_lr(&s, 9), 2.0 * 0.2125) < 1e-14);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_goyal),
		cmocka_unit_test(test_default_exact),
		cmocka_unit_test(test_scaling),
		cmocka_unit_test(test_budgets),
		cmocka_unit_test(test_warmup_past_end),
		cmocka_unit_test(test_milestones_and_full_batch),
	};
	return cmocka_run_group_tests_name("schedule", tests, NULL, NULL);
}
