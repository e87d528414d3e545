/* test_select.c: the best grid point per batch size (select.h), on
 * summaries made by hand, each expected selection worked out in the
 * comments: medians over seeds, diverged runs as the worst value, ties
 * to the first point in config order, every metric. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "select.h"
#include "train.h"

/* 2 batch sizes x 3 learning rates x 3 seeds */
static const char grid_json[] =
	"{\"sweep\": {\"batch_sizes\": [8, 64], \"seeds\": [0, 1, 2], \"select\": \"%s\","
	" \"grid\": {\"train.learning_rate\": [0.001, 0.01, 0.1]}}}";

static void load(struct config *c, const char *metric)
{
	char text[512], err[1024];
	snprintf(text, sizeof text, grid_json, metric);
	assert_int_equal(config_parse(c, "select.json", text, strlen(text), err, sizeof err),
			 ST_OK);
	assert_int_equal(config_runs(c), 18);
}

/* Run (b, p, s)'s row, its grid index and keys filled as the sweep would. */
static struct summary_row *row(const struct config *c, struct summary_row *rows,
			       size_t b, size_t p, size_t s)
{
	size_t k = (b * config_points(c) + p) * c->n_seeds + s;
	struct run_point rp = config_run(c, k);
	struct summary_row *r = &rows[k];
	assert_int_equal(rp.batch_index, b);
	assert_int_equal(rp.point, p);
	assert_int_equal(rp.seed_index, s);
	r->batch_size = rp.batch_size;
	r->seed = rp.seed;
	r->grid[0] = (int)config_grid_index(c, p, 0);
	r->status = RUN_OK;
	return r;
}

static void set(const struct config *c, struct summary_row *rows, size_t b, size_t p,
		double a0, double a1, double a2)
{
	double a[3] = {a0, a1, a2};
	for (size_t s = 0; s < 3; s++) {
		struct summary_row *r = row(c, rows, b, p, s);
		if (a[s] < 0) {         /* diverged; its last accuracy 0.3 */
			r->status = RUN_DIVERGED;
			r->final_val_acc = 0.3;
		} else {
			r->final_val_acc = a[s];
		}
		r->best_val_acc = r->final_val_acc + 0.05;
		r->final_val_loss = 1.0 - r->final_val_acc;
		r->total_seconds = 1.0 + (double)s;
	}
}

static void fill(const struct config *c, struct summary_row *rows)
{
	/* batch 8: point 0 median 0.6; point 1 {0.9, diverged (-inf), 0.8}
	 * median 0.8; point 2 median 0.8: a tie, point 1 comes first */
	set(c, rows, 0, 0, 0.5, 0.6, 0.7);
	set(c, rows, 0, 1, 0.9, -1, 0.8);
	set(c, rows, 0, 2, 0.8, 0.8, 0.8);
	/* batch 64: point 0 has two diverged seeds (median -inf), point 1
	 * all, point 2 median 0.45: point 2 */
	set(c, rows, 1, 0, -1, 0.99, -1);
	set(c, rows, 1, 1, -1, -1, -1);
	set(c, rows, 1, 2, 0.4, 0.45, 0.5);
}

static void test_final_val_acc(void **st)
{
	struct config c;
	struct summary_row rows[18];
	struct point_row pts[6];
	(void)st;
	memset(rows, 0, sizeof rows);
	load(&c, "final_val_acc");
	fill(&c, rows);
	assert_int_equal(select_points(&c, rows, pts), ST_OK);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(pts[i].batch_size, i < 3 ? 8 : 64);
		assert_int_equal(pts[i].grid[0], (int)(i % 3));
		assert_int_equal(pts[i].seeds, 3);
		assert_int_equal(pts[i].selected, i == 1 || i == 5);
	}
	assert_true(pts[0].score == 0.6);
	assert_true(pts[1].score == 0.8);          /* {-inf, 0.8, 0.9} */
	assert_int_equal(pts[1].diverged, 1);
	assert_true(pts[1].final_val_acc == 0.8);  /* {0.3, 0.8, 0.9}: the actual values */
	assert_true(pts[2].score == 0.8);
	assert_true(isinf(pts[3].score) && pts[3].score < 0);
	assert_int_equal(pts[3].diverged, 2);
	assert_true(isinf(pts[4].score));
	assert_true(pts[5].score == 0.45);
	assert_true(pts[5].total_seconds == 2.0);  /* median of 1, 2, 3 */
	config_free(&c);
}

static void test_best_val_acc(void **st)
{
	struct config c;
	struct summary_row rows[18];
	struct point_row pts[6];
	(void)st;
	memset(rows, 0, sizeof rows);
	load(&c, "best_val_acc");
	fill(&c, rows);
	/* point 2 of batch 8 is best by best_val_acc alone: 0.95 > 0.85 */
	for (size_t s = 0; s < 3; s++)
		rows[2 * 3 + s].best_val_acc = 0.95;
	assert_int_equal(select_points(&c, rows, pts), ST_OK);
	assert_int_equal(pts[1].selected, 0);
	assert_int_equal(pts[2].selected, 1);
	assert_true(pts[2].score == 0.95);
	assert_int_equal(pts[5].selected, 1);
	config_free(&c);
}

static void test_final_val_loss(void **st)
{
	struct config c;
	struct summary_row rows[18];
	struct point_row pts[6];
	(void)st;
	memset(rows, 0, sizeof rows);
	load(&c, "final_val_loss");
	fill(&c, rows);
	/* lower loss wins, score = -median loss: batch 8 point 1 has losses
	 * {0.1, diverged (+inf), 0.2}, median 0.2; point 2 {0.2, 0.2, 0.2};
	 * point 0 set to 0.1 on every seed: the best, score -0.1 */
	for (size_t s = 0; s < 3; s++)
		rows[s].final_val_loss = 0.1;
	assert_int_equal(select_points(&c, rows, pts), ST_OK);
	assert_int_equal(pts[0].selected, 1);
	assert_true(pts[0].score == -0.1);
	assert_int_equal(pts[1].selected + pts[2].selected, 0);
	config_free(&c);
}

static void test_all_diverged(void **st)
{
	struct config c;
	struct summary_row rows[18];
	struct point_row pts[6];
	(void)st;
	memset(rows, 0, sizeof rows);
	load(&c, "final_val_acc");
	fill(&c, rows);
	set(&c, rows, 1, 2, -1, -1, 0.9); /* median diverged now: no point of 64 */
	assert_int_equal(select_points(&c, rows, pts), ST_OK);
	assert_int_equal(pts[3].selected + pts[4].selected + pts[5].selected, 0);
	assert_int_equal(pts[1].selected, 1);
	config_free(&c);
}

/* A diverged run's loss may be nan: the medians of points.csv must not
 * depend on which seed it is.  Every order of {nan, 0.3, 0.5} over the
 * seeds, one per point: nan sorts above every number (the worst loss),
 * so each median is 0.5.  A comparison that calls nan equal to
 * everything gave 0.3 or 0.5 by the seeds' order. */
static void test_nan_median(void **st)
{
	static const double perm[6][3] = {
		{NAN, 0.3, 0.5}, {NAN, 0.5, 0.3}, {0.3, NAN, 0.5},
		{0.5, NAN, 0.3}, {0.3, 0.5, NAN}, {0.5, 0.3, NAN},
	};
	struct config c;
	struct summary_row rows[18];
	struct point_row pts[6];
	(void)st;
	memset(rows, 0, sizeof rows);
	load(&c, "final_val_loss");
	fill(&c, rows);
	for (size_t i = 0; i < 6; i++)
		for (size_t s = 0; s < 3; s++) {
			struct summary_row *r = row(&c, rows, i / 3, i % 3, s);
			r->final_val_loss = perm[i][s];
			r->status = isnan(perm[i][s]) ? RUN_DIVERGED : RUN_OK;
		}
	assert_int_equal(select_points(&c, rows, pts), ST_OK);
	for (size_t i = 0; i < 6; i++) {
		if (pts[i].final_val_loss != 0.5)
			fail_msg("point %zu (seed order %g %g %g): median loss %g, expected 0.5", i,
				 perm[i][0], perm[i][1], perm[i][2], pts[i].final_val_loss);
		assert_true(pts[i].score == -0.5); /* {-inf, -0.5, -0.3} */
	}
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_final_val_acc),
		cmocka_unit_test(test_best_val_acc),
		cmocka_unit_test(test_final_val_loss),
		cmocka_unit_test(test_all_diverged),
		cmocka_unit_test(test_nan_median),
	};
	return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
