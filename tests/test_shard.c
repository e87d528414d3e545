/* test_shard.c: the shares of --shard K/N (shard.h):
 *   - every run in exactly one shard, for N = 1 ... runs + 2 (shards past
 *     the runs empty), on a config without and one with a grid and an
 *     epochs budget (costs differ by batch size);
 *   - each shard's load within the LPT rule's bound (total / N + the
 *     largest run's cost), and the assignment deterministic;
 *   - a run's cost grows as its batch size shrinks under an epochs budget;
 *   - shard_parse: K/N accepted and refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "shard.h"

static void load(struct config *c, const char *json)
{
	char err[1024];
	assert_int_equal(config_parse(c, "t.json", json, strlen(json), err, sizeof err), ST_OK);
}

static const char *const plain =
	"{\"name\": \"t\", \"data\": {\"n_samples\": 200, \"n_train\": 100},"
	" \"train\": {\"epochs\": 3},"
	" \"sweep\": {\"batch_sizes\": [1, 4, 16, 64, 256], \"seeds\": [0, 1, 2]}}";
static const char *const grid =
	"{\"name\": \"g\", \"data\": {\"n_samples\": 200, \"n_train\": 100},"
	" \"train\": {\"epochs\": 2},"
	" \"sweep\": {\"batch_sizes\": [2, 8, 32], \"seeds\": [0, 1],"
	" \"grid\": {\"train.learning_rate\": [0.1, 0.01], \"train.epochs\": [1, 5]}}}";

static void check_partition(const char *json)
{
	struct config c;
	size_t runs, *owner, *count;
	uint64_t *loads, total = 0, biggest = 0;
	load(&c, json);
	runs = config_runs(&c);
	owner = malloc(runs * sizeof *owner);
	count = malloc(runs * sizeof *count);
	loads = calloc(runs + 2, sizeof *loads);
	assert_non_null(owner);
	for (size_t k = 0; k < runs; k++) {
		uint64_t cost = shard_cost(&c, config_run(&c, k));
		assert_true(cost > 0);
		total += cost;
		biggest = cost > biggest ? cost : biggest;
	}
	for (size_t n = 1; n <= runs + 2; n++) {
		size_t *again = malloc(runs * sizeof *again);
		assert_int_equal(shard_assign(&c, n, owner), ST_OK);
		memset(loads, 0, (runs + 2) * sizeof *loads);
		for (size_t k = 0; k < runs; k++) {
			/* one owner, a real shard */
			assert_true(owner[k] < n);
			loads[owner[k]] += shard_cost(&c, config_run(&c, k));
		}
		/* every run counted once: the loads sum to the total */
		{
			uint64_t sum = 0;
			for (size_t s = 0; s < n; s++)
				sum += loads[s];
			assert_true(sum == total);
		}
		/* the list-scheduling bound, which LPT meets */
		for (size_t s = 0; s < n; s++)
			assert_true(loads[s] <= total / n + biggest);
		/* as many non-empty shards as can be */
		memset(count, 0, runs * sizeof *count);
		for (size_t k = 0; k < runs; k++)
			if (owner[k] < runs)
				count[owner[k]]++;
		for (size_t s = 0; s < (n < runs ? n : runs); s++)
			assert_true(count[s] > 0);
		/* deterministic */
		assert_int_equal(shard_assign(&c, n, again), ST_OK);
		assert_memory_equal(owner, again, runs * sizeof *owner);
		free(again);
	}
	free(owner);
	free(count);
	free(loads);
	config_free(&c);
}

static void test_partition_plain(void **st)
{
	(void)st;
	check_partition(plain);
}

static void test_partition_grid(void **st)
{
	(void)st;
	check_partition(grid);
}

static void test_cost_small_batches(void **st)
{
	struct config c;
	uint64_t prev = UINT64_MAX;
	(void)st;
	load(&c, plain);
	/* runs 0, 3, 6, ...: seed 0 of each batch size, smallest first */
	for (size_t b = 0; b < c.n_batch_sizes; b++) {
		size_t k = 0;
		while (config_run(&c, k).batch_index != b || config_run(&c, k).seed_index != 0)
			k++;
		assert_true(shard_cost(&c, config_run(&c, k)) < prev);
		prev = shard_cost(&c, config_run(&c, k));
	}
	/* with 2 shards, the two most expensive runs (B = 1, seeds 0 and 1)
	 * go to different shards */
	{
		size_t *owner = malloc(config_runs(&c) * sizeof *owner), first = 0, second = 0, seen = 0;
		assert_int_equal(shard_assign(&c, 2, owner), ST_OK);
		for (size_t k = 0; k < config_runs(&c); k++)
			if (config_run(&c, k).batch_size == 1) {
				if (seen++ == 0)
					first = owner[k];
				else if (seen == 2)
					second = owner[k];
			}
		assert_true(first != second);
		free(owner);
	}
	config_free(&c);
}

static void test_parse(void **st)
{
	struct shard s;
	char err[512];
	(void)st;
	assert_int_equal(shard_parse("0/1", &s, err, sizeof err), ST_OK);
	assert_true(s.k == 0 && s.n == 1);
	assert_int_equal(shard_parse("3/4", &s, err, sizeof err), ST_OK);
	assert_true(s.k == 3 && s.n == 4);
	assert_int_equal(shard_parse("4/4", &s, err, sizeof err), ST_INPUT);
	assert_non_null(strstr(err, "below N"));
	static const char *const bad[] = {"0/0", "1", "/2", "1/", "a/b", "-1/2", "1/2/3",
					  " 1/2", "1/2 ", "0/100001", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(shard_parse(bad[i], &s, err, sizeof err), ST_INPUT);
		assert_non_null(strstr(err, "option --shard"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partition_plain),
		cmocka_unit_test(test_partition_grid),
		cmocka_unit_test(test_cost_small_batches),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
