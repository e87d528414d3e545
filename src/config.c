/* config.c: read, parse (cJSON), validate and copy the experiment config.
 *
 * The only file that sees cJSON trees of a config.  Each section has a
 * table of allowed keys; anything else is an error with a "did you mean"
 * hint.  Integers are judged from their literal as written (jsonsrc.c),
 * exactly: neither valueint (it saturates and truncates) nor valuedouble
 * (1000.0000000000000001 and 9007199254740993 round to other integers);
 * other numbers from valuedouble.  Semantic checks that need the whole
 * config (n_train below n_samples) run last.  The command line's
 * overrides (--set KEY=VALUE) are grafted into the parsed tree before any
 * of this, so that they are checked as the file is (apply_set); a
 * results directory's run.json is read as the config it records.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "json.h"
#include "jsonsrc.h"
#include "util.h"

/* The static helpers below return 0, or -1 to stop with the message
 * written and the kind of failure in st. */
struct ctx {
	const char *file;
	char *err;
	size_t errsize;
	enum status st;
	struct jsonsrc src; /* the number literals of the text */
	/* train.schedule's keys of one type the file gave: checked against
	 * the types of every grid point once the grid is known */
	int given_floor, given_gamma, given_milestones;
	/* the command line's --set overrides: the texts ("KEY=VALUE") and
	 * the JSON path of each KEY as messages spell it; a message about a
	 * value at or below one names the last such option, not the file */
	char *const *sets;
	size_t n_sets;
	char (*set_where)[256];
	const char *prefix; /* before every path in messages: "config." in
			       a run.json, whose member "config" is read */
};

static const char *const activation_names[] = {"relu", "tanh", "sigmoid", "linear"};
static const char *const init_names[] = {"he_uniform", "glorot_uniform", "lecun_uniform"};
static const char *const optimizer_names[] = {"adam", "sgd", "rmsprop", "adamw"};
static const char *const generator_names[] = {"blobs", "moons", "circles", "classification", "csv"};
static const char *const select_names[] = {"final_val_acc", "best_val_acc", "final_val_loss",
	"steps_to_target"};
static const char *const target_names[] = {"none", "val_acc", "val_loss", "train_acc", "train_loss"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const config_not_experiment[] = {"name", "timing", NULL};

size_t config_runs(const struct config *c)
{
	return c->n_batch_sizes * config_points(c) * c->n_seeds;
}

struct run_point config_run(const struct config *c, size_t k)
{
	size_t points = config_points(c);
	struct run_point p;
	p.index = k;
	p.seed_index = k % c->n_seeds;
	p.point = k / c->n_seeds % points;
	p.batch_index = k / c->n_seeds / points;
	p.batch_size = c->batch_sizes[p.batch_index];
	p.seed = c->seeds[p.seed_index];
	return p;
}

const char *config_activation_name(enum activation a) { return activation_names[a]; }
const char *config_init_name(enum init i) { return init_names[i]; }
const char *config_optimizer_name(enum optimizer o) { return optimizer_names[o]; }
const char *config_select_name(enum select_metric m) { return select_names[m]; }
const char *config_target_name(enum target_metric m) { return target_names[m]; }

/* Write "FILE: PATH: message" into the error buffer, the config's fault
 * (ST_INPUT); always returns -1. */
static int fail(struct ctx *x, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct ctx *x, const char *path, const char *fmt, ...)
{
	char body[1024], opt[200];
	size_t i = x->n_sets;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	/* the last override whose key is path or holds it */
	while (path && i-- > 0) {
		size_t n = strlen(x->set_where[i]);
		if (strncmp(path, x->set_where[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '.' || path[n] == '['))
			break;
	}
	if (path && i < x->n_sets) {
		fmt_text(opt, sizeof opt, x->sets[i], strlen(x->sets[i]), 60, 0);
		msgf(x->err, x->errsize, "--set %s: %s: %s", opt, path, body);
	} else if (path && *path)
		msgf(x->err, x->errsize, "%s: %s%s: %s", x->file, x->prefix, path, body);
	else
		msgf(x->err, x->errsize, "%s: %s", x->file, body);
	x->st = ST_INPUT;
	return -1;
}

/* "FILE: PATH: out of memory" (ST_NOMEM: not the config's fault); -1. */
static int oom(struct ctx *x, const char *path)
{
	fail(x, path, "out of memory");
	x->st = ST_NOMEM;
	return -1;
}

/* At most 40 bytes of s (n bytes) between pre and post, as fmt_text
 * shows text: no control reaches the terminal; s is decoded text (a
 * string's or a key's value: quotes and backslashes escaped too, so that
 * the quotes around it stay the delimiters), or, with raw set, JSON
 * source as written (its escapes already are). */
static void clip_text(char *buf, size_t size, const char *pre, const char *s,
		      size_t n, const char *post, int raw)
{
	char text[300];
	fmt_text(text, sizeof text, s, n, 40, !raw);
	msgf(buf, size, "%s%s%s", pre, text, post);
}

static void clip(char *buf, size_t size, const char *pre, const char *s,
		 size_t n, const char *post)
{
	clip_text(buf, size, pre, s, n, post, 0);
}

/* A short description of a JSON value for "found ..." in messages; a
 * number as written in the file (1e3, 9007199254740993: its double may
 * differ). */
static void describe(const struct ctx *x, const cJSON *v, char *buf, size_t size)
{
	size_t len;
	const char *lit;
	if (cJSON_IsNumber(v)) {
		if ((lit = jsonsrc_literal(&x->src, v, &len)))
			clip(buf, size, "", lit, len, "");
		else
			fmt_double(buf, size, v->valuedouble);
	} else if (cJSON_IsString(v)) {
		clip(buf, size, "the string \"", v->valuestring, strlen(v->valuestring), "\"");
	} else if (cJSON_IsBool(v)) {
		msgf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNull(v)) {
		msgf(buf, size, "null");
	} else if (cJSON_IsArray(v)) {
		msgf(buf, size, "an array");
	} else {
		msgf(buf, size, "an object");
	}
}

/* The JSON path of key below parent: "parent.key", or, for a key that is
 * not a plain name (letters, digits, '_': a key of sweep.grid, a dot,
 * a blank, a control character...), "parent[\"key\"]" with the key
 * escaped and clipped (clip). */
static void join(char *out, size_t size, const char *parent, const char *key)
{
	size_t n = strlen(key);
	char k[300];
	if (n > 0 && n <= 64 && strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n) {
		if (parent && *parent)
			msgf(out, size, "%s.%s", parent, key);
		else
			msgf(out, size, "%s", key);
		return;
	}
	clip(k, sizeof k, "[\"", key, n, "\"]");
	msgf(out, size, "%s%s", parent ? parent : "", k);
}

/* sweep.grid["KEY"]: a grid axis, by its key, always in brackets (a key
 * path has dots). */
static void grid_where(char *out, size_t size, const char *key)
{
	char k[300];
	clip(k, sizeof k, "sweep.grid[\"", key, strlen(key), "\"]");
	msgf(out, size, "%s", k);
}

static int known_elsewhere(const char *key, const char *here, char *out, size_t size);

/* Unknown keys (with a suggestion) and duplicate keys are errors.  An
 * unknown key that is a key of another section (a top-level
 * "learning_rate") is shown where it belongs (known_elsewhere); another
 * gets the nearest allowed key here, or the list of them. */
static int check_keys(struct ctx *x, const cJSON *obj, const char *path,
		      const char *const *allowed, size_t n)
{
	for (const cJSON *it = obj->child; it; it = it->next) {
		char where[256];
		size_t i;
		join(where, sizeof where, path, it->string);
		for (const cJSON *p = obj->child; p != it; p = p->next)
			if (strcmp(p->string, it->string) == 0)
				return fail(x, where, "duplicate key; each key may appear once");
		for (i = 0; i < n; i++)
			if (strcmp(it->string, allowed[i]) == 0)
				break;
		if (i < n)
			continue;
		{
			size_t best = 0, bestd = 99, len = strlen(it->string);
			char list[300] = "", other[256];
			if (known_elsewhere(it->string, path, other, sizeof other)) {
				const char *dot = strrchr(other, '.');
				if (!dot)
					return fail(x, where, "unknown key\nhint: did you mean \"%s\" at the top level?",
						    other);
				return fail(x, where, "unknown key\nhint: did you mean \"%s\"? (\"%s\" belongs in \"%.*s\")",
					    other, it->string, (int)(dot - other), other);
			}
			for (i = 0; i < n; i++) {
				size_t d = edit_distance(it->string, allowed[i]);
				if (d < bestd) {
					bestd = d;
					best = i;
				}
				msgf(list + strlen(list), sizeof list - strlen(list),
				     "%s%s", i ? ", " : "", allowed[i]);
			}
			if (bestd <= (len < 5 ? 1 : 3))
				return fail(x, where, "unknown key\nhint: did you mean \"%s\"? (keys are case-sensitive)",
					    allowed[best]);
			return fail(x, where, "unknown key\nhint: the keys allowed here are %s",
				    list);
		}
	}
	return 0;
}

static const cJSON *item(const cJSON *obj, const char *key)
{
	return obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

/* Optional sub-object: absent is fine (all defaults), anything else but an
 * object is an error.  *out is NULL when absent. */
static int get_object(struct ctx *x, const cJSON *obj, const char *key,
		      const cJSON **out)
{
	const cJSON *v = item(obj, key);
	char found[300];
	*out = v;
	if (!v || cJSON_IsObject(v))
		return 0;
	describe(x, v, found, sizeof found);
	return fail(x, key, "expected an object, found %s", found);
}

/* An integer within [lo, hi] (0 <= lo <= hi < 2^53), judged from the literal
 * as written, never from its double: 1000.0000000000000001 and 1e-400 are
 * not integers although their doubles are, and 9007199254740993 is not
 * 2^53.  An exact integer value in any form is one: 1e3, 1000.0, -0. */
static int as_int(struct ctx *x, const cJSON *v, const char *where,
		  double lo, double hi, double *out)
{
	char found[300];
	const char *lit = NULL;
	size_t len = 0;
	int neg = 0;
	uint64_t mag = 0;
	describe(x, v, found, sizeof found);
	if (cJSON_IsNumber(v))
		lit = jsonsrc_literal(&x->src, v, &len);
	if (!lit || jsonsrc_integer(lit, len, &neg, &mag) != 0 || neg ||
	    mag < (uint64_t)lo || mag > (uint64_t)hi) {
		if (hi >= 4294967295.0 && lo == 0)
			return fail(x, where, "expected an integer from 0 to %.0f, found %s", hi, found);
		if (lo == 1 && hi >= 2147483647.0)
			return fail(x, where, "expected a positive integer, found %s", found);
		return fail(x, where, "expected an integer from %.0f to %.0f, found %s",
			    lo, hi, found);
	}
	*out = (double)mag; /* exact: mag <= hi < 2^53 */
	return 0;
}

static int get_size(struct ctx *x, const cJSON *obj, const char *path,
		    const char *key, double lo, double hi, size_t *out)
{
	const cJSON *v = item(obj, key);
	char where[256];
	double d;
	if (!v)
		return 0;
	join(where, sizeof where, path, key);
	if (as_int(x, v, where, lo, hi, &d))
		return -1;
	*out = (size_t)d;
	return 0;
}

static int get_u32(struct ctx *x, const cJSON *obj, const char *path,
		   const char *key, uint32_t *out)
{
	const cJSON *v = item(obj, key);
	char where[256];
	double d;
	if (!v)
		return 0;
	join(where, sizeof where, path, key);
	if (as_int(x, v, where, 0, 4294967295.0, &d))
		return -1;
	*out = (uint32_t)d;
	return 0;
}

/* Finite number in a range; lo_open/hi_open make that end exclusive. */
static int check_number(struct ctx *x, const cJSON *v, const char *where,
			double lo, int lo_open, double hi, int hi_open,
			double *out)
{
	char found[300];
	describe(x, v, found, sizeof found);
	if (!cJSON_IsNumber(v))
		return fail(x, where, "expected a number, found %s", found);
	if (!isfinite(v->valuedouble))
		return fail(x, where, "expected a finite number, found %s", found);
	if ((lo_open ? v->valuedouble <= lo : v->valuedouble < lo) ||
	    (hi_open ? v->valuedouble >= hi : v->valuedouble > hi)) {
		/* a literal such as 0.99999999999999999 that reads as the
		 * bound itself: said, or the message would contradict itself */
		if ((lo_open && v->valuedouble == lo) || (hi_open && v->valuedouble == hi)) {
			char as[40];
			fmt_double(as, sizeof as, v->valuedouble);
			if (strcmp(found, as) != 0)
				msgf(found + strlen(found), sizeof found - strlen(found),
				     ", which is %s in double precision", as);
		}
		if (isinf(hi))
			return fail(x, where, "expected a number %s %g, found %s",
				    lo_open ? ">" : ">=", lo, found);
		return fail(x, where, "expected a number in %c%g, %g%c, found %s",
			    lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']', found);
	}
	*out = v->valuedouble;
	return 0;
}

static int get_number(struct ctx *x, const cJSON *obj, const char *path,
		      const char *key, double lo, int lo_open, double hi,
		      int hi_open, double *out)
{
	const cJSON *v = item(obj, key);
	char where[256];
	if (!v)
		return 0;
	join(where, sizeof where, path, key);
	return check_number(x, v, where, lo, lo_open, hi, hi_open, out);
}

static int get_flag(struct ctx *x, const cJSON *obj, const char *path,
		    const char *key, bool *out)
{
	const cJSON *v = item(obj, key);
	char where[256], found[80];
	if (!v)
		return 0;
	join(where, sizeof where, path, key);
	if (!cJSON_IsBool(v)) {
		describe(x, v, found, sizeof found);
		return fail(x, where, "expected true or false, found %s", found);
	}
	*out = cJSON_IsTrue(v);
	return 0;
}

/* One of a list of names; *out is the index. */
static int get_enum(struct ctx *x, const cJSON *obj, const char *path,
		    const char *key, const char *const *names, size_t n,
		    int *out)
{
	const cJSON *v = item(obj, key);
	char where[256], found[300], list[200] = "";
	if (!v)
		return 0;
	join(where, sizeof where, path, key);
	if (cJSON_IsString(v))
		for (size_t i = 0; i < n; i++)
			if (strcmp(v->valuestring, names[i]) == 0) {
				*out = (int)i;
				return 0;
			}
	for (size_t i = 0; i < n; i++)
		msgf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"",
		     i ? (i + 1 == n ? " or " : ", ") : "", names[i]);
	describe(x, v, found, sizeof found);
	return fail(x, where, "expected %s, found %s", list, found);
}

struct value_at {
	double v;
	size_t i;
};

static int cmp_value_at(const void *a, const void *b)
{
	const struct value_at *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* The first of v[0..n) (no NaN) equal to an earlier one, as a loop over
 * the earlier ones would find it: returns 1 with *dup its index and
 * *first the earliest equal one's, 0 when all differ, -1 when out of
 * memory.  Sorted, not compared pairwise: a grid axis may have 100 000
 * values, which pairwise is 5e9 comparisons (seconds). */
static int first_duplicate(const double *v, size_t n, size_t *dup, size_t *first)
{
	struct value_at *s;
	int found = 0;
	if (n < 2)
		return 0;
	if (!(s = xmalloc(n * sizeof *s)))
		return -1;
	for (size_t i = 0; i < n; i++)
		s[i] = (struct value_at){v[i], i};
	qsort(s, n, sizeof *s, cmp_value_at);
	/* in each run of equal values, the first is the earliest and the
	 * second the first to repeat it */
	for (size_t i = 1; i < n; i++)
		if (s[i].v == s[i - 1].v && (i < 2 || s[i - 1].v != s[i - 2].v) &&
		    (!found || s[i].i < *dup)) {
			*dup = s[i].i;
			*first = s[i - 1].i;
			found = 1;
		}
	free(s);
	return found;
}

/* After the message refusing v, a single number given for key's list:
 * the list it probably means.  "seeds": 5 is five seeds, [0, 1, 2, 3,
 * 4] (up to 10 written out); "batch_sizes": 64 is [64].  Returns -1. */
static int list_hint(struct ctx *x, const cJSON *v, const char *key)
{
	size_t n = strlen(x->err), len;
	const char *lit = cJSON_IsNumber(v) ? jsonsrc_literal(&x->src, v, &len) : NULL;
	int neg;
	uint64_t mag;
	if (!lit || jsonsrc_integer(lit, len, &neg, &mag) != 0 || neg || mag == 0 || mag > 100000)
		return -1;
	if (strcmp(key, "batch_sizes") == 0) {
		msgf(x->err + n, x->errsize - n, "\nhint: a single batch size is a list too: [%llu]",
		     (unsigned long long)mag);
	} else if (strcmp(key, "seeds") == 0) {
		char list[100] = "";
		if (mag <= 10)
			for (uint64_t i = 0; i < mag; i++)
				msgf(list + strlen(list), sizeof list - strlen(list), "%s%llu",
				     i ? ", " : "", (unsigned long long)i);
		else
			msgf(list, sizeof list, "0, 1, ..., %llu", (unsigned long long)mag - 1);
		msgf(x->err + n, x->errsize - n, "\nhint: for %llu seed%s, write [%s]%s",
		     (unsigned long long)mag, mag == 1 ? "" : "s", list,
		     mag > 10 ? " with every seed written out" : "");
	}
	return -1;
}

/* A non-empty array of distinct integers in [lo, hi], copied into a new
 * double array *out (caller frees) of *n elements.  max_len bounds it. */
static int get_int_list(struct ctx *x, const cJSON *obj, const char *path,
			const char *key, double lo, double hi, size_t max_len,
			double **out, size_t *n)
{
	const cJSON *v = item(obj, key), *e;
	char where[256], elem[300], found[300];
	double *vals;
	size_t len, i = 0, dup = 0, first = 0;
	*out = NULL;
	if (!v)
		return 0;
	join(where, sizeof where, path, key);
	if (!cJSON_IsArray(v)) {
		describe(x, v, found, sizeof found);
		fail(x, where, "expected an array of integers, found %s", found);
		return list_hint(x, v, key);
	}
	len = (size_t)cJSON_GetArraySize(v);
	if (len == 0)
		return fail(x, where, "expected a non-empty array, found []");
	if (len > max_len)
		return fail(x, where, "expected at most %zu elements, found %zu",
			    max_len, len);
	vals = xmalloc(len * sizeof *vals);
	if (!vals)
		return oom(x, where);
	cJSON_ArrayForEach(e, v) {
		msgf(elem, sizeof elem, "%s[%zu]", where, i);
		if (as_int(x, e, elem, lo, hi, &vals[i]))
			break;
		i++;
	}
	/* the first element that is invalid or repeats an earlier one */
	switch (first_duplicate(vals, i, &dup, &first)) {
	case -1:
		free(vals);
		return oom(x, where);
	case 1:
		msgf(elem, sizeof elem, "%s[%zu]", where, dup);
		fail(x, elem, "duplicate value %.0f (also at [%zu]); each may appear once",
		     vals[dup], first);
		i = 0;
		break;
	}
	if (i < len) {
		free(vals);
		return -1;
	}
	*out = vals;
	*n = len;
	return 0;
}

/* After the message refusing v (data.center_box[i] or data.cluster_std):
 * when v is a number outside [lo, hi] (too large for float32 data), why
 * the bounds are what they are (config.h).  Returns -1. */
static int float32_hint(struct ctx *x, const cJSON *v, double lo, double hi)
{
	size_t n = strlen(x->err);
	if (cJSON_IsNumber(v) && !(v->valuedouble >= lo && v->valuedouble <= hi))
		msgf(x->err + n, x->errsize - n, "\nhint: the data are float32: centres within "
		     "+-1e38 and cluster_std at most 1e37 keep every value finite");
	return -1;
}

/* The keys of data for each generator (enum generator order): scikit-learn's
 * argument names, and the split. */
static const char *const blobs_keys[] = {"generator", "n_samples", "centers",
	"n_features", "cluster_std", "center_box", "random_state", "n_train", NULL};
static const char *const moons_keys[] = {"generator", "n_samples", "noise",
	"shuffle", "random_state", "n_train", NULL};
static const char *const circles_keys[] = {"generator", "n_samples", "noise",
	"factor", "shuffle", "random_state", "n_train", NULL};
static const char *const classification_keys[] = {"generator", "n_samples",
	"n_features", "n_informative", "n_redundant", "n_repeated", "n_classes",
	"n_clusters_per_class", "flip_y", "class_sep", "hypercube", "shift", "scale",
	"shuffle", "random_state", "n_train", NULL};
static const char *const csv_keys[] = {"generator", "path", "label", "validation_fraction",
	"validation_path", "shuffle_seed", "n_train", "standardize", NULL};
static const char *const *const generator_keys[] = {blobs_keys, moons_keys, circles_keys,
	classification_keys, csv_keys};

/* data.shift or data.scale: a number in [lo, hi], or null (scikit-learn's
 * None: one random value per feature), which sets *random. */
static int get_number_or_null(struct ctx *x, const cJSON *d, const char *key,
			      double lo, double hi, double *out, bool *random)
{
	const cJSON *v = item(d, key);
	char where[256], found[300];
	if (!v)
		return 0;
	*random = cJSON_IsNull(v);
	if (*random)
		return 0;
	join(where, sizeof where, "data", key);
	if (cJSON_IsNumber(v))
		return check_number(x, v, where, lo, 0, hi, 0, out);
	describe(x, v, found, sizeof found);
	return fail(x, where, "expected a number or null, found %s", found);
}

/* make_classification's arguments and scikit-learn's rules on them, plus
 * CONFIG_MAX_CLUSTERS (its tracking selection is quadratic in clusters). */
static int load_classification(struct ctx *x, const cJSON *d, struct config *c)
{
	size_t used;
	if (!item(d, "n_features"))
		c->n_features = 20; /* scikit-learn's default, not blobs' 2 */
	c->centers = 2;
	if (get_size(x, d, "data", "n_informative", 1, CONFIG_MAX_WIDTH, &c->n_informative) ||
	    get_size(x, d, "data", "n_redundant", 0, CONFIG_MAX_WIDTH, &c->n_redundant) ||
	    get_size(x, d, "data", "n_repeated", 0, CONFIG_MAX_WIDTH, &c->n_repeated) ||
	    get_size(x, d, "data", "n_classes", 2, CONFIG_MAX_WIDTH, &c->centers) ||
	    get_size(x, d, "data", "n_clusters_per_class", 1, CONFIG_MAX_CLUSTERS,
		     &c->n_clusters_per_class) ||
	    get_number(x, d, "data", "flip_y", 0, 0, 1, 0, &c->flip_y) ||
	    get_number(x, d, "data", "class_sep", 0, 0, 1e10, 0, &c->class_sep) ||
	    get_flag(x, d, "data", "hypercube", &c->hypercube) ||
	    get_number_or_null(x, d, "shift", -1e10, 1e10, &c->shift, &c->shift_random) ||
	    get_number_or_null(x, d, "scale", 0, 1e10, &c->scale, &c->scale_random))
		return -1;
	used = c->n_informative + c->n_redundant + c->n_repeated;
	if (used > c->n_features)
		return fail(x, "data", "n_informative + n_redundant + n_repeated (%zu + %zu + %zu = %zu) must be at most n_features (%zu)",
			    c->n_informative, c->n_redundant, c->n_repeated, used, c->n_features);
	if (c->centers * c->n_clusters_per_class > CONFIG_MAX_CLUSTERS ||
	    (c->n_informative < 31 &&
	     c->centers * c->n_clusters_per_class > (size_t)1 << c->n_informative)) {
		int by_vertices = c->n_informative < 12; /* 2^11 < CONFIG_MAX_CLUSTERS */
		return fail(x, "data", "n_classes * n_clusters_per_class (%zu * %zu = %zu) must be at most %s%zu\nhint: %s",
			    c->centers, c->n_clusters_per_class, c->centers * c->n_clusters_per_class,
			    by_vertices ? "2^n_informative = " : "",
			    by_vertices ? (size_t)1 << c->n_informative : (size_t)CONFIG_MAX_CLUSTERS,
			    by_vertices ? "each cluster sits on its own vertex of a hypercube in n_informative dimensions" :
			    "bsweep caps the clusters at 4096 (scikit-learn's vertex sampling is quadratic in them)");
	}
	return 0;
}

static int in_list(const char *const *list, const char *key)
{
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return 1;
	return 0;
}

static size_t list_len(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

/* A key of data that belongs to another generator than gen (centers with
 * moons): an error naming the generators it belongs to.  Other unknown
 * keys are check_keys' ("did you mean"). */
static int check_generator_keys(struct ctx *x, const cJSON *d, int gen)
{
	for (const cJSON *it = d->child; it; it = it->next) {
		char where[256], owners[100] = "", list[300] = "";
		size_t n = 0, i = 0;
		if (in_list(generator_keys[gen], it->string))
			continue;
		for (size_t g = 0; g < COUNT(generator_names); g++)
			n += (size_t)in_list(generator_keys[g], it->string);
		if (n == 0)
			continue;
		for (size_t g = 0; g < COUNT(generator_names); g++)
			if (in_list(generator_keys[g], it->string))
				msgf(owners + strlen(owners), sizeof owners - strlen(owners),
				     "%s\"%s\"", i++ ? (i == n ? " and " : ", ") : "",
				     generator_names[g]);
		for (const char *const *k = generator_keys[gen]; *k; k++)
			msgf(list + strlen(list), sizeof list - strlen(list), "%s%s",
			     *list ? ", " : "", *k);
		join(where, sizeof where, "data", it->string);
		return fail(x, where, "not a key of generator \"%s\" but of %s\n"
			    "hint: the keys of \"%s\" are %s", generator_names[gen], owners,
			    generator_names[gen], list);
	}
	return 0;
}

/* data for generator "csv" (below, with its helpers). */
static int load_csv(struct ctx *x, const cJSON *d, struct config *c);

static int load_data(struct ctx *x, const cJSON *root, struct config *c)
{
	const cJSON *d, *box;
	int gen = (int)c->generator;
	int have_train;

	if (get_object(x, root, "data", &d) || !d)
		return d ? -1 : 0;
	/* the generator first: it decides which keys are allowed */
	if (get_enum(x, d, "data", "generator", generator_names,
		     COUNT(generator_names), &gen) ||
	    check_generator_keys(x, d, gen) ||
	    check_keys(x, d, "data", generator_keys[gen], list_len(generator_keys[gen])))
		return -1;
	if (gen == GEN_CSV) {
		c->generator = GEN_CSV;
		return load_csv(x, d, c);
	}
	if (get_size(x, d, "data", "n_samples", 2, 1e8, &c->n_samples) ||
	    get_size(x, d, "data", "centers", 1, CONFIG_MAX_WIDTH, &c->centers) ||
	    get_size(x, d, "data", "n_features", 1, CONFIG_MAX_WIDTH, &c->n_features))
		return -1;
	/* noise scales normal draws as cluster_std does (config.h's bound) */
	if (get_number(x, d, "data", "noise", 0, 0, CONFIG_MAX_STD, 0, &c->noise) ||
	    get_number(x, d, "data", "factor", 0, 0, 1, 1, &c->factor) ||
	    get_flag(x, d, "data", "shuffle", &c->data_shuffle))
		return -1;
	if (gen == GEN_CLASSIFICATION && load_classification(x, d, c))
		return -1;
	if (gen == GEN_MOONS || gen == GEN_CIRCLES) {
		/* two features (the plane), two classes (the two moons or circles) */
		c->n_features = 2;
		c->centers = 2;
	}
	if (get_number(x, d, "data", "cluster_std", 0, 0, CONFIG_MAX_STD, 0, &c->cluster_std))
		return float32_hint(x, item(d, "cluster_std"), -INFINITY, CONFIG_MAX_STD);
	if (get_u32(x, d, "data", "random_state", &c->random_state))
		return -1;
	c->generator = (enum generator)gen;
	box = item(d, "center_box");
	if (box) {
		char found[300];
		if (!cJSON_IsArray(box) || cJSON_GetArraySize(box) != 2) {
			describe(x, box, found, sizeof found);
			if (cJSON_IsArray(box))
				msgf(found, sizeof found, "an array of %d", cJSON_GetArraySize(box));
			return fail(x, "data.center_box", "expected an array of two numbers [low, high], found %s",
				    found);
		}
		if (check_number(x, box->child, "data.center_box[0]", -CONFIG_MAX_CENTER, 0,
				 CONFIG_MAX_CENTER, 0, &c->center_box[0]))
			return float32_hint(x, box->child, -CONFIG_MAX_CENTER, CONFIG_MAX_CENTER);
		if (check_number(x, box->child->next, "data.center_box[1]", -CONFIG_MAX_CENTER, 0,
				 CONFIG_MAX_CENTER, 0, &c->center_box[1]))
			return float32_hint(x, box->child->next, -CONFIG_MAX_CENTER,
					    CONFIG_MAX_CENTER);
		if (!(c->center_box[0] < c->center_box[1]))
			return fail(x, "data.center_box", "expected low < high, found [%g, %g]",
				    c->center_box[0], c->center_box[1]);
	}
	have_train = item(d, "n_train") != NULL;
	if (get_size(x, d, "data", "n_train", 1, 1e8, &c->n_train))
		return -1;
	if (!have_train)
		c->n_train = c->n_samples / 2;
	if (c->n_train >= c->n_samples)
		return fail(x, "data.n_train", "expected fewer than n_samples (%zu) so that some rows are left for validation, found %zu",
			    c->n_samples, c->n_train);
	return 0;
}

/* A string of 1 to max - 1 bytes without NUL, into out. */
static int get_text(struct ctx *x, const cJSON *obj, const char *path,
		    const char *key, char *out, size_t max)
{
	const cJSON *v = item(obj, key);
	char where[256], found[300];
	if (!v)
		return 0;
	join(where, sizeof where, path, key);
	if (!cJSON_IsString(v) || !v->valuestring[0] || strlen(v->valuestring) >= max) {
		describe(x, v, found, sizeof found);
		return fail(x, where, "expected a non-empty string of at most %zu bytes, found %s",
			    max - 1, found);
	}
	memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
	return 0;
}

/* A data file's path as given, resolved against the directory of the
 * config file (x->file), so a config and its data move together; an
 * absolute path stays as it is. */
static int resolve_path(struct ctx *x, const char *where, const char *given, char *out)
{
	const char *slash = strrchr(x->file, '/');
	int n = 0;
	if (given[0] == '/' || !slash)
		n = snprintf(out, CONFIG_PATH_MAX, "%s", given);
	else
		n = snprintf(out, CONFIG_PATH_MAX, "%.*s/%s", (int)(slash - x->file), x->file, given);
	if (n < 0 || n >= CONFIG_PATH_MAX)
		return fail(x, where, "expected a path of fewer than %d bytes once resolved against the config's directory, found \"%.40s...\"",
			    CONFIG_PATH_MAX, given);
	return 0;
}

/* data for generator "csv": the file, the label column, the split. */
static int load_csv(struct ctx *x, const cJSON *d, struct config *c)
{
	char given[CONFIG_PATH_MAX];
	const cJSON *frac = item(d, "validation_fraction"), *ntr = item(d, "n_train"),
		    *vp = item(d, "validation_path");
	if (!item(d, "path"))
		return fail(x, "data.path", "expected the CSV file's path (generator \"csv\"), found nothing");
	if (get_text(x, d, "data", "path", given, sizeof given) ||
	    resolve_path(x, "data.path", given, c->data_path) ||
	    get_text(x, d, "data", "label", c->label, sizeof c->label) ||
	    get_flag(x, d, "data", "standardize", &c->standardize))
		return -1;
	if ((frac != NULL) + (ntr != NULL) + (vp != NULL) > 1)
		return fail(x, frac && ntr ? "data.n_train" : "data.validation_path",
			    "expected one of validation_fraction, n_train and validation_path (three ways to split), found more");
	if (item(d, "shuffle_seed")) {
		if (vp)
			return fail(x, "data.shuffle_seed", "expected no shuffle with validation_path (the files are the split), found one");
		if (get_u32(x, d, "data", "shuffle_seed", &c->shuffle_seed))
			return -1;
		c->csv_shuffle = true;
	}
	if (vp) {
		c->split = SPLIT_FILE;
		return get_text(x, d, "data", "validation_path", given, sizeof given) ||
		       resolve_path(x, "data.validation_path", given, c->val_path);
	}
	if (ntr) {
		c->split = SPLIT_N_TRAIN;
		return get_size(x, d, "data", "n_train", 1, 1e8, &c->n_train);
	}
	c->split = SPLIT_FRACTION;
	c->val_fraction = 0.2;
	return get_number(x, d, "data", "validation_fraction", 0, 1, 1, 1, &c->val_fraction);
}

enum status config_set_shape(struct config *c, const char *config_path, size_t n,
			     size_t n_train, size_t d, size_t k, char *err, size_t errsize)
{
	if (c->boundaries && d != 2) {
		msgf(err, errsize, "%s: analysis.boundaries: expected data with 2 features, found %zu in %s: the decision regions are drawn in the plane of the two inputs",
		     config_path, d, c->data_path);
		return ST_INPUT;
	}
	c->n_samples = n;
	c->n_train = n_train;
	c->n_features = d;
	c->centers = k;
	return ST_OK;
}

/* ------------------------------------------------------------ scalar keys
 *
 * Every scalar key of model and train, once: its JSON path, how it is
 * validated and where it lives in struct config.  The loader, the grid
 * (sweep.grid varies any of them, each value validated exactly as the
 * key is) and the resolved JSON all read this table. */

enum key_kind { K_NUMBER, K_SIZE, K_BOOL, K_ENUM };

struct key {
	const char *path;         /* "train.learning_rate" */
	enum key_kind kind;
	double lo, hi;            /* K_NUMBER, K_SIZE: the range */
	int lo_open, hi_open;     /* K_NUMBER: an end excluded */
	const char *const *names; /* K_ENUM: the values, n_names of them */
	size_t n_names;
	size_t offset;            /* of the field in struct config */
	int budget;               /* >= 0: setting it makes this the budget */
};

static const char *const lr_rule_names[] = {"none", "linear", "sqrt"};
static const char *const schedule_names[] = {"constant", "cosine", "linear", "step"};

#define NUM(p, f, lo, lo_open, hi, hi_open) \
	{p, K_NUMBER, lo, hi, lo_open, hi_open, NULL, 0, offsetof(struct config, f), -1}
#define SIZE(p, f, lo, hi, b) {p, K_SIZE, lo, hi, 0, 0, NULL, 0, offsetof(struct config, f), b}
#define BOOL(p, f) {p, K_BOOL, 0, 1, 0, 0, NULL, 0, offsetof(struct config, f), -1}
#define ENUM(p, f, names) \
	{p, K_ENUM, 0, 0, 0, 0, names, COUNT(names), offsetof(struct config, f), -1}
/* A learning rate's bounds, as given and as scaled (check_protocol). */
#define LR_MIN 1e-30
#define LR_MAX 1e30
/* bounds keep the float32 copies finite and non-zero */
static const struct key scalar_keys[] = {
	ENUM("model.activation", activation, activation_names),
	ENUM("model.hidden_init", hidden_init, init_names),
	ENUM("model.output_init", output_init, init_names),
	ENUM("train.optimizer", optimizer, optimizer_names),
	/* float32 keeps 1e-30 (not 1e-300: it would train at rate 0) */
	NUM("train.learning_rate", learning_rate, LR_MIN, 0, LR_MAX, 0),
	NUM("train.beta_1", beta_1, 0, 0, 1, 1),
	NUM("train.beta_2", beta_2, 0, 0, 1, 1),
	NUM("train.epsilon", epsilon, 1e-30, 0, 1e30, 0),
	NUM("train.momentum", momentum, 0, 0, 1, 1),
	BOOL("train.nesterov", nesterov),
	NUM("train.rho", rho, 0, 0, 1, 1),
	NUM("train.weight_decay", weight_decay, 0, 0, 1e30, 0),
	NUM("train.l2", l2, 0, 0, 1e30, 0),
	SIZE("train.epochs", epochs, 1, 1e6, BUDGET_EPOCHS),
	BOOL("train.shuffle", shuffle),
	ENUM("train.lr_scaling.rule", lr_rule, lr_rule_names),
	SIZE("train.lr_scaling.base_batch_size", lr_base_batch, 1, 2147483647.0, -1),
	SIZE("train.warmup.steps", warmup_steps, 0, 1e9, -1),
	SIZE("train.warmup.epochs", warmup_epochs, 0, 1e6, -1),
	NUM("train.warmup.start_factor", warmup_start, 0, 0, 1, 0),
	ENUM("train.schedule.type", schedule, schedule_names),
	NUM("train.schedule.floor", schedule_floor, 0, 0, 1, 0),
	NUM("train.schedule.gamma", schedule_gamma, 0, 1, 1, 0),
	SIZE("train.budget.epochs", epochs, 1, 1e6, BUDGET_EPOCHS),
	SIZE("train.budget.steps", budget_amount, 1, 1e9, BUDGET_STEPS),
	SIZE("train.budget.examples", budget_amount, 1, 1e15, BUDGET_EXAMPLES),
};
#undef NUM
#undef SIZE
#undef BOOL
#undef ENUM

_Static_assert(sizeof(enum activation) == sizeof(int) && sizeof(enum init) == sizeof(int) &&
	       sizeof(enum optimizer) == sizeof(int) && sizeof(enum lr_rule) == sizeof(int) &&
	       sizeof(enum schedule) == sizeof(int), "enum fields are ints");

/* The key at path (NULL if none). */
static const struct key *find_key(const char *path)
{
	for (size_t i = 0; i < COUNT(scalar_keys); i++)
		if (strcmp(scalar_keys[i].path, path) == 0)
			return &scalar_keys[i];
	return NULL;
}

/* Is path's parent section exactly `section` ("train" for
 * "train.learning_rate")?  *leaf is the last component. */
static int in_section(const struct key *k, const char *section, const char **leaf)
{
	size_t n = strlen(section);
	if (strncmp(k->path, section, n) != 0 || k->path[n] != '.' ||
	    strchr(k->path + n + 1, '.'))
		return 0;
	*leaf = k->path + n + 1;
	return 1;
}

/* A key's value as a double: a number, an exact integer, 0/1, an enum's
 * index. */
static double key_get(const struct config *c, const struct key *k)
{
	const char *f = (const char *)c + k->offset;
	int i;
	switch (k->kind) {
	case K_NUMBER: return *(const double *)f;
	case K_SIZE: return (double)*(const size_t *)f;
	case K_BOOL: return *(const bool *)f;
	case K_ENUM: memcpy(&i, f, sizeof i); return i;
	}
	return 0;
}

static void key_set(struct config *c, const struct key *k, double v)
{
	char *f = (char *)c + k->offset;
	int i;
	switch (k->kind) {
	case K_NUMBER: *(double *)f = v; break;
	case K_SIZE: *(size_t *)f = (size_t)v; break;
	case K_BOOL: *(bool *)f = v != 0; break;
	case K_ENUM:
		i = (int)v; /* an index into k->names */
		memcpy(f, &i, sizeof i);
		break;
	}
	if (k->budget >= 0)
		c->budget = (enum budget)k->budget;
}

/* Validate v as key k's value, at `where` in messages; *out is the
 * value as key_get gives it. */
static int check_value(struct ctx *x, const struct key *k, const cJSON *v,
		       const char *where, double *out)
{
	char found[300], list[200] = "";
	switch (k->kind) {
	case K_NUMBER:
		return check_number(x, v, where, k->lo, k->lo_open, k->hi, k->hi_open, out);
	case K_SIZE:
		return as_int(x, v, where, k->lo, k->hi, out);
	case K_BOOL:
		if (cJSON_IsBool(v)) {
			*out = cJSON_IsTrue(v);
			return 0;
		}
		describe(x, v, found, sizeof found);
		return fail(x, where, "expected true or false, found %s", found);
	case K_ENUM:
		if (cJSON_IsString(v))
			for (size_t i = 0; i < k->n_names; i++)
				if (strcmp(v->valuestring, k->names[i]) == 0) {
					*out = (double)i;
					return 0;
				}
		for (size_t i = 0; i < k->n_names; i++)
			msgf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"",
			     i ? (i + 1 == k->n_names ? " or " : ", ") : "", k->names[i]);
		describe(x, v, found, sizeof found);
		return fail(x, where, "expected %s, found %s", list, found);
	}
	return -1;
}

/* Unknown and duplicate keys of the object at `section`: its scalar keys
 * from the table, and the names of its sub-objects (NULL-terminated). */
static int check_section(struct ctx *x, const cJSON *obj, const char *section,
			 const char *const *objects)
{
	const char *allowed[COUNT(scalar_keys) + 8], *leaf;
	size_t n = 0;
	for (size_t i = 0; i < COUNT(scalar_keys); i++)
		if (in_section(&scalar_keys[i], section, &leaf))
			allowed[n++] = leaf;
	for (; objects && *objects; objects++)
		allowed[n++] = *objects;
	return check_keys(x, obj, section, allowed, n);
}

/* Load the scalar keys of the object at `section` into c. */
static int load_scalars(struct ctx *x, const cJSON *obj, const char *section,
			struct config *c)
{
	const char *leaf;
	for (size_t i = 0; i < COUNT(scalar_keys); i++) {
		const cJSON *v;
		double d;
		if (!in_section(&scalar_keys[i], section, &leaf) || !(v = item(obj, leaf)))
			continue;
		if (check_value(x, &scalar_keys[i], v, scalar_keys[i].path, &d))
			return -1;
		key_set(c, &scalar_keys[i], d);
	}
	return 0;
}

/* An optional sub-object at `section` (its parent object parent): its
 * keys checked and its scalars loaded.  *out as get_object's. */
static int load_object(struct ctx *x, const cJSON *parent, const char *section,
		       const char *const *objects, struct config *c, const cJSON **out)
{
	const char *leaf = strrchr(section, '.');
	const cJSON *v = item(parent, leaf ? leaf + 1 : section);
	char found[300];
	*out = v;
	if (!v)
		return 0;
	if (!cJSON_IsObject(v)) {
		describe(x, v, found, sizeof found);
		return fail(x, section, "expected an object, found %s", found);
	}
	return check_section(x, v, section, objects) || load_scalars(x, v, section, c);
}

/* The sub-objects and non-scalar keys of each section (the scalars are
 * scalar_keys'), at file scope for known_elsewhere's "did you mean". */
static const char *const top_keys[] = {"name", "data", "model", "train", "sweep",
	"timing", "analysis", NULL};
static const char *const model_objects[] = {"hidden", NULL};
static const char *const train_objects[] = {"lr_scaling", "warmup", "schedule", "budget", NULL};
static const char *const schedule_objects[] = {"epochs", NULL};
static const char *const analysis_keys[] = {"target", "eval_every", "stop_at_target",
	"noise_scale", "eval_train", "sharpness", "weights", "boundaries", NULL};
static const char *const target_keys[] = {"metric", "value", NULL};
static const char *const timing_keys[] = {"repeats", "warmup", NULL};
static const char *const sweep_keys[] = {"batch_sizes", "seeds", "grid", "select", NULL};

static int load_model(struct ctx *x, const cJSON *root, struct config *c)
{
	const cJSON *m, *h;

	if (load_object(x, root, "model", model_objects, c, &m) || !m)
		return m ? -1 : 0;
	h = item(m, "hidden");
	if (h) {
		const cJSON *e;
		char found[300], elem[64];
		size_t i = 0;
		if (!cJSON_IsArray(h)) {
			describe(x, h, found, sizeof found);
			return fail(x, "model.hidden", "expected an array of layer widths such as [50], found %s",
				    found);
		}
		if ((size_t)cJSON_GetArraySize(h) > CONFIG_MAX_HIDDEN)
			return fail(x, "model.hidden", "expected at most %d hidden layers, found %d",
				    CONFIG_MAX_HIDDEN, cJSON_GetArraySize(h));
		cJSON_ArrayForEach(e, h) {
			double d;
			msgf(elem, sizeof elem, "model.hidden[%zu]", i);
			if (as_int(x, e, elem, 1, CONFIG_MAX_WIDTH, &d))
				return -1;
			c->hidden[i++] = (size_t)d;
		}
		c->n_hidden = i;
	}
	return 0;
}

/* train.schedule: "epochs", the step schedule's milestones, a strictly
 * increasing list.  Which type's keys may be given, and whether "step"
 * has its milestones, depends on the types of the grid points: checked
 * by check_points once the grid is known. */
static int load_schedule(struct ctx *x, const cJSON *t, struct config *c)
{
	const cJSON *s;
	double *ms = NULL;
	size_t n = 0;
	if (load_object(x, t, "train.schedule", schedule_objects, c, &s) || !s)
		return s ? -1 : 0;
	x->given_floor = item(s, "floor") != NULL;
	x->given_gamma = item(s, "gamma") != NULL;
	x->given_milestones = item(s, "epochs") != NULL;
	if (get_int_list(x, s, "train.schedule", "epochs", 1, 1e6, CONFIG_MAX_MILESTONES, &ms, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && ms[i] <= ms[i - 1]) {
			char where[64];
			msgf(where, sizeof where, "train.schedule.epochs[%zu]", i);
			fail(x, where, "expected epochs in increasing order, found %.0f after %.0f",
			     ms[i], ms[i - 1]);
			free(ms);
			return -1;
		}
		c->milestones[i] = (size_t)ms[i];
	}
	c->n_milestones = n;
	free(ms);
	return 0;
}

static int load_train(struct ctx *x, const cJSON *root, struct config *c)
{
	const cJSON *t, *o;

	if (load_object(x, root, "train", train_objects, c, &t) || !t)
		return t ? -1 : 0;
	if (load_object(x, t, "train.lr_scaling", NULL, c, &o) ||
	    load_object(x, t, "train.warmup", NULL, c, &o) || load_schedule(x, t, c) ||
	    load_object(x, t, "train.budget", NULL, c, &o))
		return -1;
	if (c->optimizer == OPT_ADAMW && !item(t, "weight_decay"))
		c->weight_decay = CONFIG_ADAMW_DECAY;
	if (o) {
		if (cJSON_GetArraySize(o) != 1)
			return fail(x, "train.budget", "expected exactly one of \"epochs\", \"steps\" or \"examples\", found %d keys",
				    cJSON_GetArraySize(o));
		if (item(t, "epochs"))
			return fail(x, "train.budget", "train.epochs is given too; give the budget once");
	}
	return 0;
}

/* analysis: what is measured of each run beside its curves.  A target
 * {"metric", "value"}: accuracies in [0, 1], losses >= 0. */
static int load_analysis(struct ctx *x, const cJSON *root, struct config *c)
{
	const cJSON *a, *t = NULL;
	int metric = (int)c->target_metric;

	if (get_object(x, root, "analysis", &a))
		return -1;
	if (a && (check_keys(x, a, "analysis", analysis_keys, list_len(analysis_keys)) ||
	    get_object(x, a, "target", &t) ||
	    get_size(x, a, "analysis", "eval_every", 0, 1e9, &c->eval_every) ||
	    get_flag(x, a, "analysis", "stop_at_target", &c->stop_at_target) ||
	    get_flag(x, a, "analysis", "noise_scale", &c->noise_scale) ||
	    get_flag(x, a, "analysis", "eval_train", &c->eval_train) ||
	    get_flag(x, a, "analysis", "sharpness", &c->sharpness) ||
	    get_flag(x, a, "analysis", "weights", &c->save_weights) ||
	    get_flag(x, a, "analysis", "boundaries", &c->boundaries)))
		return -1;
	if (a && t) {
		int loss;
		if (check_keys(x, t, "analysis.target", target_keys, list_len(target_keys)) ||
		    get_enum(x, t, "analysis.target", "metric", target_names + 1,
			     COUNT(target_names) - 1, &metric))
			return -1;
		if (!item(t, "metric") || !item(t, "value"))
			return fail(x, "analysis.target", "expected both \"metric\" and \"value\", such as {\"metric\": \"val_acc\", \"value\": 0.8}");
		c->target_metric = (enum target_metric)(metric + 1);
		loss = c->target_metric == TGT_VAL_LOSS || c->target_metric == TGT_TRAIN_LOSS;
		if (get_number(x, t, "analysis.target", "value", 0, 0, loss ? 1e30 : 1, 0,
			       &c->target_value))
			return -1;
	}
	if (c->stop_at_target && c->target_metric == TGT_NONE)
		return fail(x, "analysis.stop_at_target", "expected a target to stop at (analysis.target)");
	if (c->select == SEL_STEPS_TO_TARGET && c->target_metric == TGT_NONE)
		return fail(x, "sweep.select", "expected a target (analysis.target) to count steps to");
	/* the regions are a map of the plane of the two inputs, computed
	 * from the runs' saved weights (regions.h) */
	if (c->boundaries && c->generator != GEN_CSV && c->n_features != 2)
		return fail(x, "analysis.boundaries", "expected data with 2 features (data.n_features), found %zu: the decision regions are drawn in the plane of the two inputs",
			    c->n_features);
	if (c->boundaries && !c->save_weights)
		return fail(x, "analysis.boundaries", "expected analysis.weights: true, found false: the decision regions are computed from the runs' saved final weights");
	return 0;
}

/* timing: how each run is measured, not what it computes.  Every run's
 * training is repeated (same seed, so the same curves) after unrecorded
 * warm-ups, and its times summarised (median, min, max, MAD). */
static int load_timing(struct ctx *x, const cJSON *root, struct config *c)
{
	const cJSON *t;

	if (get_object(x, root, "timing", &t) || !t)
		return t ? -1 : 0;
	if (check_keys(x, t, "timing", timing_keys, list_len(timing_keys)) ||
	    get_size(x, t, "timing", "repeats", 1, CONFIG_MAX_REPEATS, &c->repeats) ||
	    get_size(x, t, "timing", "warmup", 0, CONFIG_MAX_REPEATS, &c->warmup))
		return -1;
	return 0;
}

/* "train.warmup.epochs = 1, ..." into buf: the values at point `point`
 * of those grid axes whose key is one of keys (NULL-terminated); empty
 * when the grid varies none of them. */
static void point_text(const struct config *c, size_t point, const char *const *keys,
		       char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t a = 0; a < c->n_grid; a++) {
		char v[64];
		size_t n = strlen(buf);
		const char *const *k = keys;
		while (*k && strcmp(*k, c->grid[a].path) != 0)
			k++;
		if (!*k)
			continue;
		config_grid_text(c, a, config_grid_index(c, point, a), v, sizeof v);
		msgf(buf + n, size - n, "%s%s = %s", n ? ", " : "", c->grid[a].path, v);
	}
}

double config_peak_lr(const struct config *c, size_t B)
{
	switch (c->lr_rule) {
	case LR_LINEAR:
		return c->learning_rate * ((double)B / (double)c->lr_base_batch);
	case LR_SQRT:
		return c->learning_rate * sqrt((double)B / (double)c->lr_base_batch);
	case LR_NONE:
		break;
	}
	return c->learning_rate;
}

/* The first batch size of c at which the scaling rule takes the learning
 * rate out of [LR_MIN, LR_MAX] (that rate in *lr), or 0.  The effective
 * batch size where n_train is known (a CSV dataset's is not, yet). */
static size_t scaled_out_of_range(const struct config *c, double *lr)
{
	for (size_t i = 0; c->lr_rule != LR_NONE && i < c->n_batch_sizes; i++) {
		size_t B = c->batch_sizes[i];
		*lr = config_peak_lr(c, c->n_train && c->n_train < B ? c->n_train : B);
		if (!(*lr >= LR_MIN && *lr <= LR_MAX))
			return B;
	}
	return 0;
}

/* What the protocol needs of the values together, at every grid point
 * (pc, point `point` of c; without a grid, c itself).  A failure names
 * the grid axes its keys are on ("sweep.grid: at the point
 * train.warmup.epochs = 1: ..."), or, when the grid varies none of them,
 * the config's own key: the config is wrong at every point. */
static int check_protocol(struct ctx *x, const struct config *c, size_t point,
			  const struct config *pc)
{
	static const char *const warm[] = {"train.warmup.steps", "train.warmup.epochs", NULL};
	static const char *const scaling[] = {"train.lr_scaling.rule",
		"train.lr_scaling.base_batch_size", NULL};
	static const char *const scaled[] = {"train.learning_rate", "train.lr_scaling.rule",
		"train.lr_scaling.base_batch_size", NULL};
	static const char *const type[] = {"train.schedule.type", NULL};
	static const char *const adamw_b1[] = {"train.optimizer", "train.beta_1", NULL};
	static const char *const adamw_b2[] = {"train.optimizer", "train.beta_2", NULL};
	const char *const *keys, *path;
	char text[300], pre[360] = "", what[300];
	const char *hint = "";
	double lr;
	size_t B;
	if (pc->warmup_steps && pc->warmup_epochs) {
		keys = warm;
		path = "train.warmup";
		msgf(what, sizeof what, "expected the warm-up in steps or in epochs, not both (steps %zu, epochs %zu)",
		     pc->warmup_steps, pc->warmup_epochs);
	} else if (pc->lr_rule != LR_NONE && !pc->lr_base_batch) {
		keys = scaling;
		path = "train.lr_scaling";
		msgf(what, sizeof what, "expected \"base_batch_size\", the batch size at which the rule \"%s\" gives learning_rate itself",
		     lr_rule_names[pc->lr_rule]);
	} else if ((B = scaled_out_of_range(pc, &lr)) != 0) {
		char v[40], g[40];
		keys = scaled;
		path = "train.lr_scaling";
		fmt_double(v, sizeof v, lr);
		fmt_double(g, sizeof g, pc->learning_rate);
		msgf(what, sizeof what, "expected a scaled learning rate from 1e-30 to 1e30 at every "
		     "batch size, found %s at batch size %zu (learning_rate %s x %s%zu/%zu%s)", v, B, g,
		     pc->lr_rule == LR_SQRT ? "sqrt(" : "", B, pc->lr_base_batch,
		     pc->lr_rule == LR_SQRT ? ")" : "");
	} else if (pc->optimizer == OPT_ADAMW &&
		   ((float)pc->beta_1 >= 1.0f || (float)pc->beta_2 >= 1.0f)) {
		/* Keras 3's AdamW computes in float32, where a beta this close
		 * to 1 is 1: 1 - beta_1^t = 0 divides every step by zero, and
		 * 1 - beta_2^t = 0 makes every step 0 */
		int one = (float)pc->beta_1 >= 1.0f;
		char v[40];
		keys = one ? adamw_b1 : adamw_b2;
		path = one ? "train.beta_1" : "train.beta_2";
		fmt_double(v, sizeof v, one ? pc->beta_1 : pc->beta_2);
		msgf(what, sizeof what, "expected a number below 0.99999997 with the optimizer \"adamw\", found %s: "
		     "adamw computes in float32, where it is 1, so every step would %s", v,
		     one ? "divide by zero" : "be 0");
	} else if (pc->schedule == SCHED_STEP && !pc->n_milestones) {
		keys = type;
		path = "train.schedule";
		msgf(what, sizeof what, "expected \"epochs\", the epochs after which the rate is multiplied by gamma, e.g. [30, 60]");
	} else {
		return 0;
	}
	point_text(c, point, keys, text, sizeof text);
	if (!text[0])
		return fail(x, path, "%s", what);
	if (keys == type)
		hint = "\nhint: give \"epochs\" in train.schedule: with a grid over train.schedule.type they may be given whatever the config's own type";
	msgf(pre, sizeof pre, "at the point %s: %s: ", text, path);
	return fail(x, "sweep.grid", "%s%s%s", pre, what, hint);
}

/* Does key k change what a run with config c computes?  NULL when it does,
 * else why not. */
static const char *no_effect(const struct config *c, const struct key *k)
{
	static char why[120];
	const char *leaf = strrchr(k->path, '.') + 1;
	int adam = c->optimizer == OPT_ADAM || c->optimizer == OPT_ADAMW;
	if ((!strcmp(leaf, "beta_1") || !strcmp(leaf, "beta_2")) && !adam)
		msgf(why, sizeof why, "it is used by adam and adamw, and the optimizer is %s",
		     optimizer_names[c->optimizer]);
	else if (!strcmp(leaf, "epsilon") && c->optimizer == OPT_SGD)
		msgf(why, sizeof why, "it is used by adam, adamw and rmsprop, and the optimizer is sgd");
	else if (!strcmp(leaf, "momentum") && adam)
		msgf(why, sizeof why, "it is used by sgd and rmsprop, and the optimizer is %s",
		     optimizer_names[c->optimizer]);
	else if (!strcmp(leaf, "nesterov") && (c->optimizer != OPT_SGD || c->momentum == 0))
		msgf(why, sizeof why, "it is used by sgd with momentum");
	else if (!strcmp(leaf, "rho") && c->optimizer != OPT_RMSPROP)
		msgf(why, sizeof why, "it is used by rmsprop, and the optimizer is %s",
		     optimizer_names[c->optimizer]);
	else if (!strcmp(k->path, "train.lr_scaling.base_batch_size") && c->lr_rule == LR_NONE)
		msgf(why, sizeof why, "train.lr_scaling.rule is \"none\"");
	else if (!strcmp(k->path, "train.warmup.start_factor") &&
		 !c->warmup_steps && !c->warmup_epochs)
		msgf(why, sizeof why, "there is no warm-up");
	else if (!strcmp(leaf, "floor") && c->schedule != SCHED_COSINE &&
		 c->schedule != SCHED_LINEAR)
		msgf(why, sizeof why, "train.schedule.type is \"%s\"", schedule_names[c->schedule]);
	else if (!strcmp(leaf, "gamma") && c->schedule != SCHED_STEP)
		msgf(why, sizeof why, "train.schedule.type is \"%s\"", schedule_names[c->schedule]);
	else
		return NULL;
	return why;
}

size_t config_points(const struct config *c)
{
	size_t n = 1;
	for (size_t a = 0; a < c->n_grid; a++)
		n *= c->grid[a].n;
	return n;
}

size_t config_grid_index(const struct config *c, size_t point, size_t axis)
{
	for (size_t a = c->n_grid; a-- > axis + 1;)
		point /= c->grid[a].n;
	return point % c->grid[axis].n;
}

void config_point(const struct config *c, size_t point, struct config *out)
{
	*out = *c;
	out->n_grid = 0;
	for (size_t a = 0; a < c->n_grid; a++)
		key_set(out, find_key(c->grid[a].path),
			c->grid[a].values[config_grid_index(c, point, a)]);
}

void config_run_text(const struct config *c, struct run_point p, char *buf, size_t size)
{
	size_t n;
	msgf(buf, size, "batch size %zu", p.batch_size);
	for (size_t a = 0; a < c->n_grid; a++) {
		char v[64];
		config_grid_text(c, a, config_grid_index(c, p.point, a), v, sizeof v);
		n = strlen(buf);
		msgf(buf + n, size - n, ", %s = %s", c->grid[a].path, v);
	}
	n = strlen(buf);
	msgf(buf + n, size - n, ", seed %lu", (unsigned long)p.seed);
}

void config_grid_text(const struct config *c, size_t axis, size_t i, char *buf, size_t size)
{
	const struct key *k = find_key(c->grid[axis].path);
	double v = c->grid[axis].values[i];
	switch (k->kind) {
	case K_NUMBER: fmt_double(buf, size, v); break;
	case K_SIZE: msgf(buf, size, "%.0f", v); break;
	case K_BOOL: msgf(buf, size, "%s", v != 0 ? "true" : "false"); break;
	case K_ENUM: msgf(buf, size, "%s", k->names[(int)v]); break;
	}
}

/* The schedule types of c's grid points, as a bit mask (1 << type). */
static unsigned point_schedules(const struct config *c)
{
	for (size_t a = 0; a < c->n_grid; a++)
		if (strcmp(c->grid[a].path, "train.schedule.type") == 0) {
			unsigned m = 0;
			for (size_t i = 0; i < c->grid[a].n; i++)
				m |= 1u << (int)c->grid[a].values[i];
			return m;
		}
	return 1u << c->schedule;
}

/* A key of train.schedule the file gave (given) must be one of a type
 * some point has (types, a mask). */
static int check_schedule_key(struct ctx *x, const struct config *c, int given,
			      const char *path, unsigned types, const char *names)
{
	if (!given || (point_schedules(c) & types))
		return 0;
	if (point_schedules(c) == 1u << c->schedule)
		return fail(x, path, "applies to the %s, not \"%s\"", names,
			    schedule_names[c->schedule]);
	return fail(x, path, "applies to the %s, and no point of sweep.grid[\"train.schedule.type\"] has one",
		    names);
}

/* Every grid point (the config itself without a grid) passes
 * check_protocol, every schedule key given is used at some point, and
 * every axis changes what at least one point computes. */
static int check_points(struct ctx *x, const struct config *c)
{
	size_t n = config_points(c);
	int used[CONFIG_MAX_GRID] = {0};
	const char *why[CONFIG_MAX_GRID] = {NULL};
	for (size_t p = 0; p < n; p++) {
		struct config pc;
		config_point(c, p, &pc);
		if (check_protocol(x, c, p, &pc))
			return -1;
		for (size_t a = 0; a < c->n_grid; a++) {
			const char *w = no_effect(&pc, find_key(c->grid[a].path));
			if (!w)
				used[a] = 1;
			else
				why[a] = w;
		}
	}
	if (check_schedule_key(x, c, x->given_floor, "train.schedule.floor",
			       1u << SCHED_COSINE | 1u << SCHED_LINEAR,
			       "types \"cosine\" and \"linear\"") ||
	    check_schedule_key(x, c, x->given_gamma, "train.schedule.gamma", 1u << SCHED_STEP,
			       "type \"step\"") ||
	    check_schedule_key(x, c, x->given_milestones, "train.schedule.epochs",
			       1u << SCHED_STEP, "type \"step\""))
		return -1;
	for (size_t a = 0; a < c->n_grid; a++)
		if (!used[a]) {
			char where[320];
			grid_where(where, sizeof where, c->grid[a].path);
			return fail(x, where, "varying it changes nothing: %s", why[a]);
		}
	return 0;
}

/* The refusal of a sweep.grid key that is no key's path (at `where`),
 * with the likeliest meaning: a path close to it, or one whose tail is
 * close to it (the key alone, "learning_rate", or its object's path
 * left out, "warmup.epochs"); an object's path ("train.warmup") lists
 * its keys; else the list of every key that can vary. */
static int unknown_axis(struct ctx *x, const char *key, const char *where)
{
	size_t best = 0, bestd = 99, len = strlen(key), n = 0;
	int tail = 0;
	char list[1000] = "", prefix[80];
	msgf(prefix, sizeof prefix, "%s.", key);
	for (size_t j = 0; j < COUNT(scalar_keys); j++)
		if (len > 0 && len < sizeof prefix - 1 &&
		    strncmp(scalar_keys[j].path, prefix, len + 1) == 0 &&
		    strncmp(scalar_keys[j].path, "train.budget.", 13) != 0)
			msgf(list + strlen(list), sizeof list - strlen(list), "%s%s",
			     n++ ? ", " : "", scalar_keys[j].path);
	if (n)
		return fail(x, where, "not a key that can vary: an object\nhint: vary its keys, by their JSON path: %s",
			    list);
	for (size_t j = 0; j < COUNT(scalar_keys); j++) {
		const char *p = scalar_keys[j].path;
		/* the path, and each of its tails after a dot */
		for (const char *t = p; t; t = strchr(t, '.') ? strchr(t, '.') + 1 : NULL) {
			size_t d = edit_distance(key, t);
			if (d < bestd) {
				bestd = d;
				best = j;
				tail = t != p;
			}
		}
	}
	if (len > 0 && bestd <= (len < 5 ? 1u : 3u))
		return fail(x, where, "not a key that can vary\nhint: did you mean \"%s\"?%s",
			    scalar_keys[best].path, tail ?
			    " (a grid key is the JSON path from the top of the config)" : "");
	for (size_t j = 0; j < COUNT(scalar_keys); j++)
		if (strncmp(scalar_keys[j].path, "train.budget.", 13) != 0)
			msgf(list + strlen(list), sizeof list - strlen(list), "%s%s",
			     j ? ", " : "", scalar_keys[j].path);
	return fail(x, where, "not a key that can vary%s\nhint: the scalar keys of model and train can, by their JSON path: %s",
		    strcmp(key, "sweep.batch_sizes") == 0 || strcmp(key, "sweep.seeds") == 0
		    ? " (batch sizes and seeds are the sweep's own axes)" : "", list);
}

/* One axis of sweep.grid: the key at v->string, its values in v. */
static int load_axis(struct ctx *x, const cJSON *v, struct config *c, struct grid_axis *ax)
{
	char where[320], elem[360], found[300];
	const struct key *k = find_key(v->string);
	const cJSON *e;
	size_t n, i = 0, dup = 0, first = 0;
	grid_where(where, sizeof where, v->string);
	if (!k)
		return unknown_axis(x, v->string, where);
	for (size_t a = 0; a < (size_t)(ax - c->grid); a++)
		if (find_key(c->grid[a].path)->offset == k->offset)
			/* train.epochs and train.budget.epochs: one key, two names */
			return fail(x, where, "the same key as sweep.grid[\"%s\"]; each key may appear once",
				    c->grid[a].path);
	if (k->budget >= 0 && (enum budget)k->budget != c->budget)
		return fail(x, where, "cannot vary: this config's budget is %s; vary that key",
			    c->budget == BUDGET_EPOCHS ? "train.epochs" : c->budget == BUDGET_STEPS ?
			    "train.budget.steps" : "train.budget.examples");
	if (!cJSON_IsArray(v)) {
		describe(x, v, found, sizeof found);
		return fail(x, where, "expected an array of values, found %s", found);
	}
	n = (size_t)cJSON_GetArraySize(v);
	if (n == 0)
		return fail(x, where, "expected a non-empty array, found []");
	if (n > CONFIG_MAX_RUNS)
		return fail(x, where, "expected at most %d values, found %zu", CONFIG_MAX_RUNS, n);
	if (!(ax->values = xmalloc(n * sizeof *ax->values)))
		return oom(x, where);
	ax->path = k->path;
	ax->n = n;
	cJSON_ArrayForEach(e, v) {
		msgf(elem, sizeof elem, "%s[%zu]", where, i);
		if (check_value(x, k, e, elem, &ax->values[i]))
			break;
		i++;
	}
	/* the first element that is invalid or repeats an earlier one */
	switch (first_duplicate(ax->values, i, &dup, &first)) {
	case -1:
		return oom(x, where);
	case 1:
		msgf(elem, sizeof elem, "%s[%zu]", where, dup);
		describe(x, cJSON_GetArrayItem(v, (int)dup), found, sizeof found);
		return fail(x, elem, "duplicate value %s (also at [%zu]); each may appear once",
			    found, first);
	}
	return i < n ? -1 : 0;
}

/* sweep.grid: {"train.learning_rate": [...], ...}, at most
 * CONFIG_MAX_GRID keys, and at most CONFIG_MAX_RUNS runs in all. */
static int load_grid(struct ctx *x, const cJSON *s, struct config *c)
{
	const cJSON *g = item(s, "grid"), *v;
	char found[300];
	double points, runs;
	if (!g)
		return 0;
	if (!cJSON_IsObject(g)) {
		describe(x, g, found, sizeof found);
		return fail(x, "sweep.grid", "expected an object mapping keys to lists of values, such as {\"train.learning_rate\": [0.001, 0.01]}, found %s",
			    found);
	}
	if (cJSON_GetArraySize(g) > CONFIG_MAX_GRID)
		return fail(x, "sweep.grid", "expected at most %d keys, found %d", CONFIG_MAX_GRID,
			    cJSON_GetArraySize(g));
	cJSON_ArrayForEach(v, g) {
		for (const cJSON *p = g->child; p != v; p = p->next)
			if (strcmp(p->string, v->string) == 0) {
				char where[320];
				grid_where(where, sizeof where, v->string);
				return fail(x, where, "duplicate key; each key may appear once");
			}
		if (load_axis(x, v, c, &c->grid[c->n_grid++]))
			return -1;
	}
	/* in double: 8 axes of 100 000 values overflow any integer */
	points = 1.0;
	for (size_t a = 0; a < c->n_grid; a++)
		points *= (double)c->grid[a].n;
	runs = (double)c->n_batch_sizes * points * (double)c->n_seeds;
	if (runs > CONFIG_MAX_RUNS) {
		char total[64];
		if (runs < 1e15)
			msgf(total, sizeof total, "%.0f", runs);
		else
			msgf(total, sizeof total, "about %.3g", runs);
		return fail(x, "sweep.grid", "expected at most %d runs (batch sizes x grid points x seeds), found %zu x %.0f x %zu = %s",
			    CONFIG_MAX_RUNS, c->n_batch_sizes, points, c->n_seeds, total);
	}
	return 0;
}

static int load_sweep(struct ctx *x, const cJSON *root, struct config *c)
{
	const cJSON *s;
	double *bs = NULL, *seeds = NULL;
	size_t nb = 0, ns = 0;
	int sel = (int)c->select;

	if (get_object(x, root, "sweep", &s))
		return -1;
	if (s && (check_keys(x, s, "sweep", sweep_keys, list_len(sweep_keys)) ||
		  get_enum(x, s, "sweep", "select", select_names, COUNT(select_names), &sel) ||
		  get_int_list(x, s, "sweep", "batch_sizes", 1, 2147483647.0, 4096, &bs, &nb)))
		return -1;
	c->select = (enum select_metric)sel;
	if (s && get_int_list(x, s, "sweep", "seeds", 0, 4294967295.0, 4096, &seeds, &ns)) {
		free(bs);
		return -1;
	}
	if (bs) {
		size_t *v = xmalloc(nb * sizeof *v);
		if (!v) {
			free(bs);
			free(seeds);
			return oom(x, "sweep.batch_sizes");
		}
		for (size_t i = 0; i < nb; i++)
			v[i] = (size_t)bs[i];
		free(c->batch_sizes);
		c->batch_sizes = v;
		c->n_batch_sizes = nb;
		free(bs);
	}
	if (seeds) {
		uint32_t *v = xmalloc(ns * sizeof *v);
		if (!v) {
			free(seeds);
			return oom(x, "sweep.seeds");
		}
		for (size_t i = 0; i < ns; i++)
			v[i] = (uint32_t)seeds[i];
		free(c->seeds);
		c->seeds = v;
		c->n_seeds = ns;
		free(seeds);
	}
	if (c->n_batch_sizes * c->n_seeds > CONFIG_MAX_RUNS)
		return fail(x, "sweep", "expected at most %d runs (batch sizes x seeds), found %zu x %zu = %zu",
			    CONFIG_MAX_RUNS, c->n_batch_sizes, c->n_seeds, c->n_batch_sizes * c->n_seeds);
	if (s && load_grid(x, s, c))
		return -1;
	return check_points(x, c);
}

/* name: used as a directory name, so a conservative character set. */
static int load_name(struct ctx *x, const cJSON *root, struct config *c)
{
	const cJSON *v = item(root, "name");
	char found[300];
	const char *s;
	size_t n;
	if (!v)
		return 0;
	describe(x, v, found, sizeof found);
	if (!cJSON_IsString(v))
		return fail(x, "name", "expected a string, found %s", found);
	s = v->valuestring;
	n = strlen(s);
	if (n == 0 || n > CONFIG_NAME_MAX || s[0] == '.' ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n)
		return fail(x, "name", "expected 1 to %d letters, digits, '.', '_' or '-' (not starting with '.'), found %s",
			    CONFIG_NAME_MAX, found);
	memcpy(c->name, s, n + 1);
	return 0;
}

/* The default name is the file's base name without ".json", made safe. */
static void default_name(struct config *c, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n, i;
	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	if (n > CONFIG_NAME_MAX)
		n = CONFIG_NAME_MAX;
	for (i = 0; i < n; i++) {
		char ch = base[i];
		c->name[i] = (strchr("._-", ch) || (ch >= '0' && ch <= '9') ||
			      (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) ? ch : '_';
	}
	c->name[i] = '\0';
	if (i == 0 || c->name[0] == '.')
		memcpy(c->name, "run", 4);
}

enum status config_defaults(struct config *c)
{
	static const size_t bs[] = {4, 8, 16, 32, 64, 128, 256, 512};
	memset(c, 0, sizeof *c);
	memcpy(c->name, "blobs", 6);
	c->generator = GEN_BLOBS;
	c->n_samples = 1000;
	c->centers = 3;
	c->n_features = 2;
	c->cluster_std = 2.0;
	c->center_box[0] = -10.0;
	c->center_box[1] = 10.0;
	c->noise = 0.0;    /* scikit-learn's defaults for moons and circles */
	c->factor = 0.8;
	c->data_shuffle = true;
	c->n_informative = 2; /* and make_classification's */
	c->n_redundant = 2;
	c->n_clusters_per_class = 2;
	c->flip_y = 0.01;
	c->class_sep = 1.0;
	c->hypercube = true;
	c->scale = 1.0;
	c->random_state = 2;
	c->n_train = 500;
	c->n_hidden = 1;
	c->hidden[0] = 50;
	c->activation = ACT_RELU;
	c->hidden_init = INIT_HE_UNIFORM;
	c->output_init = INIT_GLOROT_UNIFORM;
	c->optimizer = OPT_ADAM;
	c->learning_rate = 0.001;
	c->beta_1 = 0.9;
	c->beta_2 = 0.999;
	c->epsilon = 1e-7;
	c->momentum = 0.0;
	c->rho = 0.9;
	c->budget = BUDGET_EPOCHS;
	c->epochs = 100;
	c->schedule_gamma = 0.1;
	c->shuffle = true;
	c->batch_sizes = xmalloc(sizeof bs);
	c->seeds = xmalloc(sizeof *c->seeds);
	if (!c->batch_sizes || !c->seeds) {
		config_free(c);
		return ST_NOMEM;
	}
	memcpy(c->batch_sizes, bs, sizeof bs);
	c->n_batch_sizes = COUNT(bs);
	c->seeds[0] = 0;
	c->n_seeds = 1;
	c->repeats = 1;
	c->warmup = 0;
	return ST_OK;
}

void config_free(struct config *c)
{
	for (size_t a = 0; a < c->n_grid; a++)
		free(c->grid[a].values);
	c->n_grid = 0;
	free(c->batch_sizes);
	free(c->seeds);
	c->batch_sizes = NULL;
	c->seeds = NULL;
	c->n_batch_sizes = c->n_seeds = 0;
}

/* Whether key is, exactly, a key of a section other than `here` (""
 * the top level): its full path into out ("train.learning_rate" for
 * "learning_rate"), the shallowest if several ("train.epochs" before
 * "train.warmup.epochs").  Asks every table of keys there is. */
static int known_elsewhere(const char *key, const char *here, char *out, size_t size)
{
	static const struct {
		const char *section;
		const char *const *keys; /* NULL-terminated */
	} lists[] = {
		{"", top_keys}, {"model", model_objects}, {"train", train_objects},
		{"train.schedule", schedule_objects}, {"sweep", sweep_keys},
		{"timing", timing_keys}, {"analysis", analysis_keys},
		{"analysis.target", target_keys}, {"data", blobs_keys}, {"data", moons_keys},
		{"data", circles_keys}, {"data", classification_keys}, {"data", csv_keys},
	};
	size_t best_depth = SIZE_MAX;
	char path[256];
	for (size_t i = 0; i < COUNT(scalar_keys) + COUNT(lists); i++) {
		const char *section, *leaf;
		size_t depth = 0, n;
		if (i < COUNT(scalar_keys)) {
			leaf = strrchr(scalar_keys[i].path, '.') + 1;
			if (strcmp(leaf, key) != 0)
				continue;
			n = (size_t)(leaf - 1 - scalar_keys[i].path);
			msgf(path, sizeof path, "%s", scalar_keys[i].path);
			section = path; /* path[0..n) */
		} else {
			const char *const *k = lists[i - COUNT(scalar_keys)].keys;
			section = lists[i - COUNT(scalar_keys)].section;
			if (!in_list(k, key))
				continue;
			n = strlen(section);
			msgf(path, sizeof path, "%s%s%s", section, n ? "." : "", key);
		}
		if (strlen(here) == n && strncmp(section, here, n) == 0)
			continue;
		for (const char *p = path; *p; p++)
			depth += *p == '.';
		if (depth < best_depth) {
			best_depth = depth;
			msgf(out, size, "%s", path);
		}
	}
	return best_depth != SIZE_MAX;
}

/* Line and column (1-based) of byte offset off in text. */
static void line_col(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Whether text[off - 1] is a quote that opens a string (cJSON's error
 * position for a string that is never closed is just past it). */
static int opens_string(const char *text, size_t off)
{
	int in_string = 0;
	if (off == 0 || text[off - 1] != '"')
		return 0;
	for (size_t i = 0; i + 1 < off; i++) {
		if (in_string && text[i] == '\\')
			i++;
		else if (text[i] == '"')
			in_string = !in_string;
	}
	return !in_string;
}

/* "NAME:LINE:COLUMN" of byte off of a file's text, or, for a value
 * given on the command line (value set), "NAME: at character COLUMN". */
static void place(char *buf, size_t size, const char *name, const char *text, size_t off,
		  int value)
{
	size_t line, col;
	line_col(text, off, &line, &col);
	if (value)
		msgf(buf, size, "%s: at character %zu", name, col);
	else
		msgf(buf, size, "%s:%zu:%zu", name, line, col);
}

/* How many arrays and objects are open at text[off] (strings skipped). */
static size_t depth_at(const char *text, size_t off)
{
	size_t depth = 0;
	int in_string = 0;
	for (size_t i = 0; i < off; i++) {
		if (in_string) {
			if (text[i] == '\\')
				i++;
			else if (text[i] == '"')
				in_string = 0;
		} else if (text[i] == '"') {
			in_string = 1;
		} else if (text[i] == '[' || text[i] == '{') {
			depth++;
		} else if ((text[i] == ']' || text[i] == '}') && depth > 0) {
			depth--;
		}
	}
	return depth;
}

/* The message for text that cJSON could not parse, stopped at end (may be
 * NULL), with line:column and what precedes the error on its line; value
 * set: the text is a value of --set, named by name. */
static void syntax_error(const char *name, const char *text, size_t len,
			 const char *end, int value, char *err, size_t errsize)
{
	size_t off = end ? (size_t)(end - text) : 0, line, col, comma, bracket;
	char at[400];
	if (off > len)
		off = len;
	line_col(text, off, &line, &col);
	place(at, sizeof at, name, text, off, value);
	/* a comma after the last member or element: cJSON stops at the
	 * closing bracket of an array, just past that of an object */
	bracket = off < len && text[off] == ']' ? off :
		  off > 0 && text[off - 1] == '}' ? off - 1 : SIZE_MAX;
	comma = bracket;
	while (comma != SIZE_MAX && comma > 0 && (unsigned char)text[comma - 1] <= 32)
		comma--;
	if (off < len && depth_at(text, off) >= CJSON_NESTING_LIMIT) {
		/* cJSON stops at its limit, not at a mistake */
		msgf(err, errsize, "%s: malformed JSON: arrays and objects nested more than %d deep",
		     at, CJSON_NESTING_LIMIT);
	} else if (comma != SIZE_MAX && comma > 0 && text[comma - 1] == ',') {
		place(at, sizeof at, name, text, comma - 1, value);
		msgf(err, errsize, "%s: malformed JSON: trailing comma before '%c' (JSON allows no comma after the last %s; remove it)",
		     at, text[bracket], text[bracket] == '}' ? "member of an object" : "element of an array");
	} else if (off >= len) {
		msgf(err, errsize, "%s: malformed JSON: unexpected end of %s (unclosed object, array or string?)",
		     at, value ? "the value" : "file");
	} else if (off + 6 <= len && text[off] == '\\' && text[off + 1] == 'u' &&
		   strspn(text + off + 2, "0123456789abcdefABCDEF") >= 4 &&
		   strchr("dD", text[off + 2]) && strchr("89abcdefABCDEF", text[off + 3])) {
		/* cJSON stops at a surrogate escape (\ud800 to \udfff) without
		 * its other half */
		msgf(err, errsize, "%s: malformed JSON: \\u%.4s is half of a UTF-16 surrogate pair, "
		     "without the other half (a character beyond U+FFFF is written as two "
		     "escapes, such as \\ud83d\\ude00)", at, text + off + 2);
	} else if (opens_string(text, off) && !strchr(text + off, '"')) {
		/* cJSON points just past the opening quote */
		place(at, sizeof at, name, text, off - 1, value);
		msgf(err, errsize, "%s: malformed JSON: a string starts here and is never closed", at);
	} else {
		/* what precedes the error on its line, the place to look */
		size_t show = col - 1 > 30 ? 30 : col - 1, from = off - show;
		while (show > 0 && (text[from] == ' ' || text[from] == '\t')) {
			from++;
			show--;
		}
		/* from a character's start; control characters escaped */
		while (show > 0 && (text[from] & 0xc0) == 0x80) {
			from++;
			show--;
		}
		if (show == 0) {
			msgf(err, errsize, "%s: malformed JSON at the start of %s", at,
			     value ? "the value" : "this line");
		} else {
			char seen[200];
			clip_text(seen, sizeof seen, "", text + from, show, "", 1);
			msgf(err, errsize, "%s: malformed JSON after '%s'", at, seen);
		}
	}
}

/* A string or key that cJSON would cut at a NUL byte: the escape at off
 * (json_parse refuses the text).  The message names its place, its JSON
 * path and the string as written. */
static void nul_error(struct ctx *x, const char *text, size_t off)
{
	char path[256], found[120];
	size_t line, col, at = off, n = 0;
	int key = jsonsrc_path(text, off, path, sizeof path - 2, &at, &n);
	if (path[0])
		strcat(path, ": ");
	line_col(text, off, &line, &col);
	/* the string as written, without its quotes */
	clip_text(found, sizeof found, "\"", text + at + 1, n >= 2 ? n - 2 : 0, "\"", 1);
	/* the four characters after \u are inside the string */
	if (strspn(text + off + 2, "0123456789abcdefABCDEF") >= 4)
		msgf(x->err, x->errsize, "%s:%zu:%zu: %sexpected a %s without NUL characters (\\u0000), found %s",
		     x->file, line, col, path, key == 1 ? "key" : "string", found);
	else
		msgf(x->err, x->errsize, "%s:%zu:%zu: %smalformed JSON: \\u must be followed by four hex digits, found \"\\u%.4s\" in %s",
		     x->file, line, col, path, text + off + 2, found);
	x->st = ST_INPUT;
}

/* Text that is not even JSON: invalid UTF-8, a NUL byte, nothing.
 * Returns 0, or -1 with the message. */
static int check_text(struct ctx *x, const char *text, size_t len)
{
	size_t bad = utf8_check((const unsigned char *)text, len), line, col;
	if (bad < len) {
		line_col(text, bad, &line, &col);
		msgf(x->err, x->errsize, "%s:%zu:%zu: invalid UTF-8 (byte 0x%02x); a config must be UTF-8 text",
		     x->file, line, col, (unsigned char)text[bad]);
		return -1;
	}
	if (strlen(text) != len) {
		line_col(text, strlen(text), &line, &col);
		msgf(x->err, x->errsize, "%s:%zu:%zu: NUL byte in the file; a config must be text",
		     x->file, line, col);
		return -1;
	}
	if (text[strspn(text, " \t\r\n")] == '\0') {
		msgf(x->err, x->errsize, "%s: the file is empty; expected a JSON object such as {\"name\": \"blobs\"}",
		     x->file);
		return -1;
	}
	return 0;
}

#define SET_KEY_MAX 256 /* bytes of an override's KEY, with its NUL */
#define SET_PARTS 64    /* components of an override's KEY */

/* set ("KEY=VALUE") split: KEY copied into key (SET_KEY_MAX bytes) and
 * cut at its dots into comp[0..*n) (SET_PARTS at most), but for the key of
 * a sweep.grid axis, which is a path itself and stays whole.  0, or -1
 * with "option --set 'SET': ..." in err. */
static int split_set(const char *set, char *key, char **comp, size_t *n, char *err,
		     size_t errsize)
{
	const char *eq = strchr(set, '=');
	char opt[200], *p;
	fmt_text(opt, sizeof opt, set, strlen(set), 60, 0);
	*n = 0;
	if (!eq || eq == set) {
		msgf(err, errsize, "option --set '%s': expected KEY=VALUE such as train.epochs=50, found %s",
		     opt, eq ? "an empty KEY" : "no '='");
		return -1;
	}
	if ((size_t)(eq - set) >= SET_KEY_MAX) {
		msgf(err, errsize, "option --set '%s': expected a KEY of at most %d bytes", opt,
		     SET_KEY_MAX - 1);
		return -1;
	}
	memcpy(key, set, (size_t)(eq - set));
	key[eq - set] = '\0';
	for (p = key;;) {
		char *dot;
		if (*n == 2 && strcmp(comp[0], "sweep") == 0 && strcmp(comp[1], "grid") == 0)
			dot = NULL;
		else
			dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		if (!*p || *n == SET_PARTS) {
			msgf(err, errsize, "option --set '%s': expected a KEY such as train.epochs, found %s",
			     opt, *p ? "too many components" : "an empty component");
			return -1;
		}
		comp[(*n)++] = p;
		if (!dot)
			return 0;
		p = dot + 1;
	}
}

enum status config_check_set(const char *set, char *err, size_t errsize)
{
	char key[SET_KEY_MAX], *comp[SET_PARTS];
	size_t n;
	return split_set(set, key, comp, &n, err, errsize) == 0 ? ST_OK : ST_INPUT;
}

/* Override i ("KEY=VALUE", x->sets[i]) applied to the tree at root: the
 * value parsed as JSON (its number literals added to x->src), or, when it
 * is not JSON and does not start like JSON ([ { "), taken as a string;
 * objects on the way created as needed; a member it replaces moved to
 * dead (kept alive: x->src still knows its numbers by address).
 * x->set_where[i] gets KEY's path as messages spell it, or that of the
 * first object the override made on its way, whatever is below is its.  0, or -1 with
 * the message naming the option. */
static int apply_set(struct ctx *x, cJSON *root, size_t i, cJSON *dead)
{
	const char *set = x->sets[i], *value, *end = NULL;
	char key[SET_KEY_MAX], name[220], opt[200], where[256] = "", found[300], first;
	char *comp[SET_PARTS];
	size_t n = 0, vlen;
	cJSON *node = root, *v = NULL, *old;
	enum status st;
	int made = 0; /* the override made an object on its way */

	fmt_text(opt, sizeof opt, set, strlen(set), 60, 0);
	msgf(name, sizeof name, "--set %s", opt);
	x->st = ST_INPUT;
	if (split_set(set, key, comp, &n, x->err, x->errsize) != 0)
		return -1;
	value = strchr(set, '=') + 1;
	vlen = strlen(value);
	first = value[strspn(value, " \t\r\n")];
	if (utf8_check((const unsigned char *)value, vlen) < vlen) {
		msgf(x->err, x->errsize, "%s: invalid UTF-8 in the value", name);
		return -1;
	}
	st = json_parse(value, &v, &end);
	if (st == ST_NOMEM)
		return oom(x, NULL);
	if (st == ST_OK) {
		if ((st = jsonsrc_add(&x->src, value, v)) != ST_OK) {
			cJSON_Delete(v);
			if (st == ST_NOMEM)
				return oom(x, NULL);
			/* a scanner bug, as in config_parse_with */
			msgf(x->err, x->errsize, "%s: internal error: cannot find the number literals (please report this)",
			     name);
			return -1;
		}
	} else if (first == '[' || first == '{' || first == '"') {
		/* meant as JSON, but broken (or holding a \u0000: json_parse) */
		if (end && (size_t)(end - value) == jsonsrc_nul(value))
			msgf(x->err, x->errsize, "%s: at character %zu: expected a value without NUL "
			     "characters (\\u0000)", name, (size_t)(end - value) + 1);
		else
			syntax_error(name, value, vlen, end, 1, x->err, x->errsize);
		return -1;
	} else if (!(v = json_text(value))) {
		return oom(x, NULL);
	}
	/* down to KEY's object, making the missing ones */
	for (size_t j = 0; j < n; j++) {
		char tmp[256];
		if (j == 2 && n == 3 && strcmp(comp[0], "sweep") == 0 && strcmp(comp[1], "grid") == 0)
			grid_where(tmp, sizeof tmp, comp[j]);
		else
			join(tmp, sizeof tmp, where, comp[j]);
		memcpy(where, tmp, sizeof where);
		if (j + 1 == n)
			break;
		old = cJSON_GetObjectItemCaseSensitive(node, comp[j]);
		if (!old) {
			/* the first object it makes is its own: a message
			 * about it (an unknown section "foo" of foo.bar=1,
			 * a grid it made too large) names the option */
			if (!made++)
				memcpy(x->set_where[i], where, sizeof where);
			old = cJSON_CreateObject();
			if (!old || !cJSON_AddItemToObject(node, comp[j], old)) {
				cJSON_Delete(old);
				cJSON_Delete(v);
				return oom(x, NULL);
			}
		} else if (!cJSON_IsObject(old)) {
			describe(x, old, found, sizeof found);
			msgf(x->err, x->errsize, "%s: %s%s: expected an object to set \"%s\" in, found %s",
			     name, x->prefix, where, comp[n - 1], found);
			cJSON_Delete(v);
			return -1;
		}
		node = old;
	}
	if (!made)
		memcpy(x->set_where[i], where, sizeof where);
	if ((old = cJSON_GetObjectItemCaseSensitive(node, comp[n - 1]))) {
		cJSON_DetachItemViaPointer(node, old);
		cJSON_AddItemToArray(dead, old); /* cannot fail: no allocation */
	}
	if (!cJSON_AddItemToObject(node, comp[n - 1], v)) {
		cJSON_Delete(v);
		return oom(x, NULL);
	}
	return 0;
}

/* text[len] must be '\0' (read_file's buffers are). */
enum status config_parse_with(struct config *c, const char *name, const char *text,
			      size_t len, char *const *sets, size_t n_sets, char *err,
			      size_t errsize)
{
	struct ctx x = {name, err, errsize, ST_INPUT, {NULL, NULL, 0}, 0, 0, 0,
			sets, 0, NULL, ""};
	const char *end = NULL;
	cJSON *root = NULL, *conf, *dead = NULL;

	if (config_defaults(c) != ST_OK) {
		msgf(err, errsize, "%s: out of memory", name);
		return ST_NOMEM;
	}
	default_name(c, name);
	if (check_text(&x, text, len) != 0)
		goto fail;
	x.st = json_parse(text, &root, &end);
	if (x.st == ST_NOMEM) {
		msgf(err, errsize, "%s: out of memory", name);
		goto fail;
	}
	if (x.st != ST_OK) {
		if (end && (size_t)(end - text) == jsonsrc_nul(text))
			nul_error(&x, text, (size_t)(end - text));
		else
			syntax_error(name, text, len, end, 0, err, errsize);
		goto fail;
	}
	x.st = jsonsrc_init(&x.src, text, root);
	if (x.st != ST_OK) {
		/* ST_INPUT here would be a scanner bug (the fuzz target
		 * checks that it never happens) */
		msgf(err, errsize, "%s: %s", name, x.st == ST_NOMEM ? "out of memory" :
		     "internal error: cannot find the number literals (please report this)");
		goto fail;
	}
	if (!cJSON_IsObject(root)) {
		char found[300];
		describe(&x, root, found, sizeof found);
		fail(&x, NULL, "expected a JSON object at the top level, found %s", found);
		goto fail;
	}
	/* a results directory's run.json: the config it records */
	conf = root;
	if (item(root, "command_line")) {
		/* no config's key: a run.json, whose "config" is the whole
		 * config, not to be judged by its other members' names */
		conf = cJSON_GetObjectItemCaseSensitive(root, "config");
		if (!cJSON_IsObject(conf)) {
			char found[300] = "no member \"config\"";
			if (conf)
				describe(&x, conf, found, sizeof found);
			fail(&x, "config", "expected an object, the config this run.json records, found %s",
			     found);
			goto fail;
		}
		x.prefix = "config.";
	}
	if (n_sets) {
		x.set_where = xmalloc(n_sets * sizeof *x.set_where);
		dead = cJSON_CreateArray();
		if (!x.set_where || !dead) {
			oom(&x, NULL);
			goto fail;
		}
		/* fail() names an override only once all are in place */
		for (size_t i = 0; i < n_sets; i++)
			if (apply_set(&x, conf, i, dead) != 0)
				goto fail;
		x.n_sets = n_sets;
	}
	if (check_keys(&x, conf, "", top_keys, list_len(top_keys)) != 0 ||
	    load_name(&x, conf, c) != 0 || load_data(&x, conf, c) != 0 ||
	    load_model(&x, conf, c) != 0 || load_train(&x, conf, c) != 0 ||
	    load_sweep(&x, conf, c) != 0 || load_timing(&x, conf, c) != 0 ||
	    load_analysis(&x, conf, c) != 0)
		goto fail;
	jsonsrc_free(&x.src);
	cJSON_Delete(root);
	cJSON_Delete(dead);
	free(x.set_where);
	return ST_OK;
fail:
	jsonsrc_free(&x.src);
	cJSON_Delete(root);
	cJSON_Delete(dead);
	free(x.set_where);
	config_free(c);
	return x.st;
}

enum status config_parse(struct config *c, const char *name, const char *text,
			 size_t len, char *err, size_t errsize)
{
	return config_parse_with(c, name, text, len, NULL, 0, err, errsize);
}

enum status config_load_with(struct config *c, const char *path, char *const *sets,
			     size_t n_sets, char *err, size_t errsize)
{
	size_t len;
	char *text;
	enum status st;

	memset(c, 0, sizeof *c);
	st = read_file(path, CONFIG_MAX_BYTES, &text, &len, err, errsize);
	if (st == ST_IO)
		/* a config that cannot be read is the command line's mistake */
		st = ST_INPUT;
	if (st != ST_OK)
		return st;
	st = config_parse_with(c, path, text, len, sets, n_sets, err, errsize);
	free(text);
	return st;
}

enum status config_load(struct config *c, const char *path, char *err, size_t errsize)
{
	return config_load_with(c, path, NULL, 0, err, errsize);
}

enum status config_resolve(const char *name, const char *text, size_t len, char **json,
			   char *err, size_t errsize)
{
	struct config c;
	enum status st = config_parse(&c, name, text, len, err, errsize);
	*json = NULL;
	if (st != ST_OK)
		return st;
	*json = config_to_json(&c);
	config_free(&c);
	if (*json)
		return ST_OK;
	msgf(err, errsize, "%s: out of memory", name);
	return ST_NOMEM;
}

/* A number as JSON text that reads back to exactly the same double.
 * cJSON prints "%1.15g" whenever that reads back within a rounding error,
 * which may change the value: 0.99999999999999989 would come back as 1,
 * outside beta_1's range, and two close center_box ends as equal.  Use
 * fmt_double's shortest exact text (15 digits, cJSON's text for nearly
 * every value, else 16 or 17).  NULL when out of memory. */
static cJSON *exact_number(double v)
{
	char buf[40];
	if (!isfinite(v))
		return cJSON_CreateNull(); /* validation never lets one in */
	fmt_double(buf, sizeof buf, v);
	return cJSON_CreateRaw(buf);
}

/* Add item to array a; on failure (item NULL: out of memory) 0. */
static int add_item(cJSON *a, cJSON *item)
{
	if (!item)
		return 0;
	if (!cJSON_AddItemToArray(a, item)) {
		cJSON_Delete(item);
		return 0;
	}
	return 1;
}

static cJSON *add_number(cJSON *obj, const char *key, double v)
{
	cJSON *item = exact_number(v);
	if (item && !cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return NULL;
	}
	return item;
}

/* Key k's value v as JSON; NULL when out of memory. */
static cJSON *key_json(const struct key *k, double v)
{
	switch (k->kind) {
	case K_NUMBER: return exact_number(v);
	case K_SIZE: return cJSON_CreateNumber(v);
	case K_BOOL: return cJSON_CreateBool(v != 0);
	case K_ENUM: return cJSON_CreateString(k->names[(int)v]);
	}
	return NULL;
}

/* obj[leaf of path] = c's value of the key at path; NULL when out of
 * memory. */
static cJSON *add_key(cJSON *obj, const struct config *c, const char *path)
{
	const struct key *k = find_key(path);
	cJSON *item = key_json(k, key_get(c, k));
	if (item && !cJSON_AddItemToObject(obj, strrchr(path, '.') + 1, item)) {
		cJSON_Delete(item);
		return NULL;
	}
	return item;
}

/* The scalar keys of `section` into obj, in table order (train.epochs
 * only when the budget is in epochs); 0 when out of memory. */
static int add_scalars(cJSON *obj, const struct config *c, const char *section)
{
	const char *leaf;
	for (size_t i = 0; i < COUNT(scalar_keys); i++)
		if (in_section(&scalar_keys[i], section, &leaf) &&
		    (scalar_keys[i].budget < 0 || (enum budget)scalar_keys[i].budget == c->budget) &&
		    !add_key(obj, c, scalar_keys[i].path))
			return 0;
	return 1;
}

/* Every cJSON_Add* returns NULL when out of memory: then give up. */
#define CHECK(e) do { if (!(e)) goto oom; } while (0)

/* data for generator "csv": the paths absolute (realpath), so that the
 * resolved config reads the same files from any directory. */
static const char *absolute(const char *path, char *buf)
{
	char cwd[PATH_MAX];
	int n;
	if (realpath(path, buf))
		return buf;
	/* a file that is not there (yet): lexically, against the cwd */
	if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
		return path;
	n = snprintf(buf, PATH_MAX, "%s/%s", cwd, path);
	return n > 0 && n < PATH_MAX ? buf : path;
}

static int add_csv(cJSON *d, const struct config *c)
{
	char abs[PATH_MAX];
	if (!json_add_text(d, "path", absolute(c->data_path, abs)))
		return 0;
	if (c->label[0] && !cJSON_AddStringToObject(d, "label", c->label))
		return 0;
	if (c->split == SPLIT_FILE) {
		if (!json_add_text(d, "validation_path", absolute(c->val_path, abs)))
			return 0;
	} else if (c->split == SPLIT_N_TRAIN) {
		if (!cJSON_AddNumberToObject(d, "n_train", (double)c->n_train))
			return 0;
	} else if (!add_number(d, "validation_fraction", c->val_fraction))
		return 0;
	if (c->csv_shuffle && !cJSON_AddNumberToObject(d, "shuffle_seed", (double)c->shuffle_seed))
		return 0;
	return cJSON_AddBoolToObject(d, "standardize", c->standardize) != NULL;
}

char *config_to_json(const struct config *c)
{
	cJSON *root = cJSON_CreateObject(), *d, *m, *t, *s, *a, *o;
	char *out = NULL;
	if (!root)
		return NULL;
	CHECK(cJSON_AddStringToObject(root, "name", c->name));

	CHECK(d = cJSON_AddObjectToObject(root, "data"));
	CHECK(cJSON_AddStringToObject(d, "generator", generator_names[c->generator]));
	if (c->generator == GEN_CSV) {
		CHECK(add_csv(d, c));
		goto model;
	}
	CHECK(cJSON_AddNumberToObject(d, "n_samples", (double)c->n_samples));
	/* the generator's own keys, in the order of generator_keys */
	if (c->generator == GEN_BLOBS) {
		CHECK(cJSON_AddNumberToObject(d, "centers", (double)c->centers));
		CHECK(cJSON_AddNumberToObject(d, "n_features", (double)c->n_features));
		CHECK(add_number(d, "cluster_std", c->cluster_std));
		CHECK(a = cJSON_AddArrayToObject(d, "center_box"));
		for (size_t i = 0; i < 2; i++)
			CHECK(add_item(a, exact_number(c->center_box[i])));
	} else if (c->generator == GEN_CLASSIFICATION) {
		CHECK(cJSON_AddNumberToObject(d, "n_features", (double)c->n_features));
		CHECK(cJSON_AddNumberToObject(d, "n_informative", (double)c->n_informative));
		CHECK(cJSON_AddNumberToObject(d, "n_redundant", (double)c->n_redundant));
		CHECK(cJSON_AddNumberToObject(d, "n_repeated", (double)c->n_repeated));
		CHECK(cJSON_AddNumberToObject(d, "n_classes", (double)c->centers));
		CHECK(cJSON_AddNumberToObject(d, "n_clusters_per_class",
					      (double)c->n_clusters_per_class));
		CHECK(add_number(d, "flip_y", c->flip_y));
		CHECK(add_number(d, "class_sep", c->class_sep));
		CHECK(cJSON_AddBoolToObject(d, "hypercube", c->hypercube));
		if (c->shift_random)
			CHECK(cJSON_AddNullToObject(d, "shift"));
		else
			CHECK(add_number(d, "shift", c->shift));
		if (c->scale_random)
			CHECK(cJSON_AddNullToObject(d, "scale"));
		else
			CHECK(add_number(d, "scale", c->scale));
		CHECK(cJSON_AddBoolToObject(d, "shuffle", c->data_shuffle));
	} else {
		CHECK(add_number(d, "noise", c->noise));
		if (c->generator == GEN_CIRCLES)
			CHECK(add_number(d, "factor", c->factor));
		CHECK(cJSON_AddBoolToObject(d, "shuffle", c->data_shuffle));
	}
	CHECK(cJSON_AddNumberToObject(d, "random_state", (double)c->random_state));
	CHECK(cJSON_AddNumberToObject(d, "n_train", (double)c->n_train));

model:
	CHECK(m = cJSON_AddObjectToObject(root, "model"));
	CHECK(a = cJSON_AddArrayToObject(m, "hidden"));
	for (size_t i = 0; i < c->n_hidden; i++)
		CHECK(add_item(a, cJSON_CreateNumber((double)c->hidden[i])));
	CHECK(add_scalars(m, c, "model"));

	CHECK(t = cJSON_AddObjectToObject(root, "train"));
	CHECK(add_scalars(t, c, "train"));
	CHECK(o = cJSON_AddObjectToObject(t, "lr_scaling"));
	CHECK(add_key(o, c, "train.lr_scaling.rule"));
	if (c->lr_base_batch)
		CHECK(add_key(o, c, "train.lr_scaling.base_batch_size"));
	CHECK(o = cJSON_AddObjectToObject(t, "warmup"));
	/* both only when a grid axis sets one of them to 0 at every point
	 * (check_protocol) */
	if (c->warmup_steps || !c->warmup_epochs)
		CHECK(add_key(o, c, "train.warmup.steps"));
	if (c->warmup_epochs)
		CHECK(add_key(o, c, "train.warmup.epochs"));
	CHECK(add_key(o, c, "train.warmup.start_factor"));
	CHECK(o = cJSON_AddObjectToObject(t, "schedule"));
	CHECK(add_key(o, c, "train.schedule.type"));
	/* the keys of the types of the grid points (check_points) */
	if (point_schedules(c) & (1u << SCHED_COSINE | 1u << SCHED_LINEAR))
		CHECK(add_key(o, c, "train.schedule.floor"));
	if (point_schedules(c) & 1u << SCHED_STEP) {
		CHECK(a = cJSON_AddArrayToObject(o, "epochs"));
		for (size_t i = 0; i < c->n_milestones; i++)
			CHECK(add_item(a, cJSON_CreateNumber((double)c->milestones[i])));
		CHECK(add_key(o, c, "train.schedule.gamma"));
	}
	if (c->budget != BUDGET_EPOCHS) {
		CHECK(o = cJSON_AddObjectToObject(t, "budget"));
		CHECK(add_key(o, c, c->budget == BUDGET_STEPS ? "train.budget.steps" :
			      "train.budget.examples"));
	}

	CHECK(s = cJSON_AddObjectToObject(root, "sweep"));
	CHECK(a = cJSON_AddArrayToObject(s, "batch_sizes"));
	for (size_t i = 0; i < c->n_batch_sizes; i++)
		CHECK(add_item(a, cJSON_CreateNumber((double)c->batch_sizes[i])));
	CHECK(a = cJSON_AddArrayToObject(s, "seeds"));
	for (size_t i = 0; i < c->n_seeds; i++)
		CHECK(add_item(a, cJSON_CreateNumber((double)c->seeds[i])));
	CHECK(cJSON_AddStringToObject(s, "select", select_names[c->select]));
	CHECK(o = cJSON_AddObjectToObject(s, "grid"));
	for (size_t g = 0; g < c->n_grid; g++) {
		const struct key *k = find_key(c->grid[g].path);
		CHECK(a = cJSON_AddArrayToObject(o, k->path));
		for (size_t i = 0; i < c->grid[g].n; i++)
			CHECK(add_item(a, key_json(k, c->grid[g].values[i])));
	}

	CHECK(t = cJSON_AddObjectToObject(root, "timing"));
	CHECK(cJSON_AddNumberToObject(t, "repeats", (double)c->repeats));
	CHECK(cJSON_AddNumberToObject(t, "warmup", (double)c->warmup));

	CHECK(t = cJSON_AddObjectToObject(root, "analysis"));
	if (c->target_metric != TGT_NONE) {
		CHECK(o = cJSON_AddObjectToObject(t, "target"));
		CHECK(cJSON_AddStringToObject(o, "metric", target_names[c->target_metric]));
		CHECK(add_number(o, "value", c->target_value));
	}
	CHECK(cJSON_AddNumberToObject(t, "eval_every", (double)c->eval_every));
	CHECK(cJSON_AddBoolToObject(t, "stop_at_target", c->stop_at_target));
	CHECK(cJSON_AddBoolToObject(t, "noise_scale", c->noise_scale));
	CHECK(cJSON_AddBoolToObject(t, "eval_train", c->eval_train));
	CHECK(cJSON_AddBoolToObject(t, "sharpness", c->sharpness));
	CHECK(cJSON_AddBoolToObject(t, "weights", c->save_weights));
	CHECK(cJSON_AddBoolToObject(t, "boundaries", c->boundaries));

	out = cJSON_Print(root);
oom:
	cJSON_Delete(root);
	return out;
}
#undef CHECK
