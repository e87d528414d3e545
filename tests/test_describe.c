/* test_describe.c: the one-line description of a sweep (describe.h) of
 * a few configs, each expected text written out whole: the defaults, a
 * grid with a schedule, scaling rule and target, and a name with bytes
 * the scripts must never receive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "describe.h"

/* the description of json into a buffer of size bytes (at most 512) */
static void check_in(const char *json, size_t size, const char *want)
{
	struct config c;
	char err[1024], buf[512];
	if (config_parse(&c, "describe.json", json, strlen(json), err, sizeof err) != ST_OK)
		fail_msg("%s", err);
	describe_sweep(&c, buf, size);
	config_free(&c);
	if (strcmp(buf, want) != 0)
		fail_msg("got      %s\nexpected %s", buf, want);
}

static void check(const char *json, const char *want)
{
	check_in(json, 512, want);
}

static void test_defaults(void **state)
{
	(void)state;
	check("{}", "blobs: 1000 samples, 2 features, 3 classes (500 train) | 2-50-3 relu"
		    " | Adam lr 0.001 | 100 epochs | 1 seed");
}

static void test_grid_schedule_target(void **state)
{
	(void)state;
	check("{\"data\": {\"generator\": \"moons\", \"n_samples\": 400, \"n_train\": 300},"
	      " \"model\": {\"hidden\": [16, 8], \"activation\": \"tanh\"},"
	      " \"train\": {\"optimizer\": \"sgd\", \"momentum\": 0.9, \"nesterov\": true,"
	      "  \"lr_scaling\": {\"rule\": \"sqrt\", \"base_batch_size\": 32},"
	      "  \"warmup\": {\"epochs\": 2}, \"schedule\": {\"type\": \"step\", \"epochs\": [10, 20]},"
	      "  \"budget\": {\"steps\": 3000}},"
	      " \"sweep\": {\"seeds\": [0, 1, 2], \"grid\": {\"train.learning_rate\": [0.01, 0.1],"
	      "  \"train.weight_decay\": [0, 0.001, 0.01]}},"
	      " \"analysis\": {\"target\": {\"metric\": \"val_loss\", \"value\": 0.25},"
	      "  \"stop_at_target\": true}}",
	      "moons: 400 samples, 2 features, 2 classes (300 train) | 2-16-8-2 tanh"
	      " | SGD momentum 0.9 nesterov wd grid lr grid x sqrt(B/32), warmup 2 epochs,"
	      " step x0.1 at epoch 10,20 | 3000 steps, target val_loss <= 0.25 (stop there)"
	      " | 3 seeds | grid: learning_rate (2), weight_decay (3)");
}

/* A CSV dataset is named by its file, whose name may hold anything: the
 * bytes outside the scripts' class become '?'.  (Its shape here is the
 * config's until data_resolve reads the file.) */
/* a rule the grid varies is not the config's own rule */
static void test_scaling_grid(void **state)
{
	(void)state;
	check("{\"train\": {\"lr_scaling\": {\"rule\": \"linear\", \"base_batch_size\": 32}},"
	      " \"sweep\": {\"grid\": {\"train.lr_scaling.rule\": [\"none\", \"linear\"]}}}",
	      "blobs: 1000 samples, 2 features, 3 classes (500 train) | 2-50-3 relu"
	      " | Adam lr 0.001, scaling grid | 100 epochs | 1 seed | grid: rule (2)");
	check("{\"train\": {\"lr_scaling\": {\"rule\": \"sqrt\", \"base_batch_size\": 16}}}",
	      "blobs: 1000 samples, 2 features, 3 classes (500 train) | 2-50-3 relu"
	      " | Adam lr 0.001 x sqrt(B/16) | 100 epochs | 1 seed");
}

static void test_csv_name(void **state)
{
	(void)state;
	check("{\"data\": {\"generator\": \"csv\", \"path\": \"dir/it's \\\"$x\\\" {a}@`b`\\\\\\u00e9.csv\"},"
	      " \"model\": {\"hidden\": []},"
	      " \"train\": {\"optimizer\": \"adamw\", \"learning_rate\": 0.003, \"epochs\": 1,"
	      "  \"schedule\": {\"type\": \"cosine\", \"floor\": 0.05}}}",
	      "it?s ??x? ?a???b????.csv: 1000 samples, 2 features, 3 classes (500 train) | 2-3"
	      " | AdamW wd 0.004 lr 0.003, cosine to 0.05x | 1 epoch | 1 seed");
}

/* A long text is cut cleanly: a file name of 255 bytes at its first 40
 * (it cut the grid's axes off mid-word at 511 bytes), and a text longer
 * than the buffer after its last whole part. */
static void test_long(void **state)
{
	char json[1024], name[256];
	(void)state;
	memset(name, 'n', 251);
	strcpy(name + 251, ".csv");
	snprintf(json, sizeof json, "{\"data\": {\"generator\": \"csv\", \"path\": \"d/%s\"},"
		 " \"sweep\": {\"grid\": {\"train.learning_rate\": [0.01, 0.1],"
		 " \"train.weight_decay\": [0, 0.01], \"model.output_init\": [\"he_uniform\"]}}}", name);
	check(json, "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...: 1000 samples, 2 features,"
	      " 3 classes (500 train) | 2-50-3 relu | Adam wd grid lr grid | 100 epochs | 1 seed"
	      " | grid: learning_rate (2), weight_decay (2), output_init (1)");
	check_in("{}", 50, "blobs: 1000 samples, 2 features...");
	check_in("{}", 80, "blobs: 1000 samples, 2 features, 3 classes (500 train) | 2-50-3 relu...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_grid_schedule_target),
		cmocka_unit_test(test_scaling_grid),
		cmocka_unit_test(test_csv_name),
		cmocka_unit_test(test_long),
	};
	return cmocka_run_group_tests_name("describe", tests, NULL, NULL);
}
