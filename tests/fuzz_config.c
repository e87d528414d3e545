/* tests/fuzz_config.c: libFuzzer target for config loading and validation
 * (`make fuzz`, see tests/fuzz/run.sh).
 *
 * Each input is a config file's bytes, given to config_parse (config_load
 * without the file read).  Any crash, leak or undefined behaviour is caught
 * by ASan/UBSan; on top of that the target aborts when
 *   - a rejection has no message naming the file, or is blamed on memory
 *     (no allocation is made to fail here);
 *   - an accepted config's config_to_json text does not load again, or
 *     loads to a different JSON text, or to different doubles (compared
 *     bit for bit: "loading it again gives the same config");
 *   - the scanner of jsonsrc.c disagrees with cJSON on a text cJSON
 *     parses: the tree and the text do not pair, a number's literal does
 *     not read (strtod) to the item's double, or an exact integer literal
 *     below 2^53 differs from it.
 * cJSON allocates through xmalloc, as in bsweep (json_init).
 * Does not touch files, the sweep or the memory limit (sweep.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "config.h"
#include "json.h"
#include "jsonsrc.h"
#include "util.h"

#define NAME "fuzz.json"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_init();
	return 0;
}

static void fatal(const char *what, const char *err, const char *json)
{
	fprintf(stderr, "fuzz_config: %s\n  message: %s\n  json: %s\n", what,
		err ? err : "", json ? json : "");
	abort();
}

/* The doubles of two configs, bit for bit (the JSON text alone would hide
 * a value that printing rounded). */
static int same_doubles(const struct config *a, const struct config *b)
{
	const double va[] = {a->cluster_std, a->center_box[0], a->center_box[1],
		a->learning_rate, a->beta_1, a->beta_2, a->epsilon, a->momentum, a->rho,
		a->weight_decay, a->l2, a->warmup_start, a->schedule_floor, a->schedule_gamma};
	const double vb[] = {b->cluster_std, b->center_box[0], b->center_box[1],
		b->learning_rate, b->beta_1, b->beta_2, b->epsilon, b->momentum, b->rho,
		b->weight_decay, b->l2, b->warmup_start, b->schedule_floor, b->schedule_gamma};
	if (memcmp(va, vb, sizeof va) != 0 || a->n_grid != b->n_grid)
		return 0;
	/* the grid's values too: a rounded one would be another point */
	for (size_t g = 0; g < a->n_grid; g++)
		if (a->grid[g].n != b->grid[g].n || strcmp(a->grid[g].path, b->grid[g].path) != 0 ||
		    memcmp(a->grid[g].values, b->grid[g].values,
			   a->grid[g].n * sizeof *a->grid[g].values) != 0)
			return 0;
	/* and every point's config: what the runs train with */
	for (size_t p = 0; p < config_points(a); p++) {
		struct config pa, pb;
		config_point(a, p, &pa);
		config_point(b, p, &pb);
		if (pa.warmup_steps != pb.warmup_steps || pa.warmup_epochs != pb.warmup_epochs ||
		    pa.lr_base_batch != pb.lr_base_batch || pa.schedule != pb.schedule ||
		    pa.n_milestones != pb.n_milestones || pa.epochs != pb.epochs ||
		    pa.budget != pb.budget || pa.budget_amount != pb.budget_amount ||
		    pa.schedule_floor != pb.schedule_floor || pa.schedule_gamma != pb.schedule_gamma ||
		    pa.weight_decay != pb.weight_decay || pa.optimizer != pb.optimizer)
			return 0;
	}
	return 1;
}

/* Every number literal of v (and below) against cJSON's double. */
static void check_literals(const struct jsonsrc *s, const cJSON *v, const char *text)
{
	if (cJSON_IsNumber(v)) {
		char *buf;
		size_t len = 0;
		const char *lit = jsonsrc_literal(s, v, &len);
		int neg;
		uint64_t mag;
		if (!lit)
			fatal("a number item has no literal", NULL, text);
		if (!(buf = malloc(len + 1)))
			abort();
		memcpy(buf, lit, len);
		buf[len] = '\0';
		if (strtod(buf, NULL) != v->valuedouble)
			fatal("a literal does not read to its item's double", buf, text);
		free(buf);
		if (jsonsrc_integer(lit, len, &neg, &mag) == 0 && mag < (1ull << 53) &&
		    (neg ? -(double)mag : (double)mag) != v->valuedouble)
			fatal("an integer literal differs from its item's double", NULL, text);
	}
	for (const cJSON *c = (cJSON_IsArray(v) || cJSON_IsObject(v)) ? v->child : NULL; c;
	     c = c->next)
		check_literals(s, c, text);
}

/* The scanner against cJSON on any text cJSON parses; its other
 * functions on every text (they must not crash or read past the end). */
static void check_scanner(const char *text, size_t size)
{
	cJSON *tree = cJSON_ParseWithOpts(text, NULL, 1);
	char path[64];
	size_t off, len, nul = jsonsrc_nul(text);
	if (nul != SIZE_MAX && (nul >= size || text[nul] != '\\' || text[nul + 1] != 'u'))
		fatal("jsonsrc_nul points at no \\u escape", NULL, text);
	jsonsrc_path(text, nul != SIZE_MAX ? nul : size / 2, path, sizeof path, &off, &len);
	if (tree) {
		struct jsonsrc s;
		if (jsonsrc_init(&s, text, tree) != ST_OK)
			fatal("jsonsrc_init cannot pair a text cJSON parsed", NULL, text);
		check_literals(&s, tree, text);
		jsonsrc_free(&s);
		cJSON_Delete(tree);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config a, b;
	char err[2048] = "", *text, *json1, *json2;

	/* config_load refuses larger files before parsing */
	if (size > CONFIG_MAX_BYTES)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	if (strlen(text) == size)
		check_scanner(text, size);
	enum status st = config_parse(&a, NAME, text, size, err, sizeof err);
	if (st != ST_OK) {
		if (st != ST_INPUT)
			fatal("rejected with a status other than ST_INPUT", err, NULL);
		if (strncmp(err, NAME, strlen(NAME)) != 0)
			fatal("message does not start with the file name", err, NULL);
		free(text);
		return 0;
	}
	free(text);

	json1 = config_to_json(&a);
	if (!json1)
		fatal("config_to_json failed", NULL, NULL);
	if (config_parse(&b, NAME, json1, strlen(json1), err, sizeof err) != ST_OK)
		fatal("config_to_json's text does not load again", err, json1);
	json2 = config_to_json(&b);
	if (!json2)
		fatal("config_to_json failed (second time)", NULL, json1);
	if (strcmp(json1, json2) != 0)
		fatal("config_to_json's text loads to a different JSON", json2, json1);
	if (!same_doubles(&a, &b))
		fatal("config_to_json's text loads to different doubles", NULL, json1);
	free(json1);
	free(json2);
	config_free(&a);
	config_free(&b);
	return 0;
}
