/* describe.c: the one-line description of a sweep (describe.h), from its
 * resolved config.  It says what a figure shows, not how to redo it: the
 * config in run.json is the full record; the text leaves out what does
 * not change the curves' meaning (initialisers, Adam's betas, timing). */
#include "describe.h"

#include <string.h>

#include "util.h"

/* bytes of a CSV file's name shown, "..." after them when it is longer */
#define NAME_SHOWN 40

/* Append to buf (size bytes, terminated) like msgf, after its text. */
#define ADD(...) msgf(buf + strlen(buf), size - strlen(buf), __VA_ARGS__)

/* Does the grid vary key `path` or a key under it ("train.budget" covers
 * "train.budget.steps")? */
static int on_grid(const struct config *c, const char *path)
{
	size_t n = strlen(path);
	for (size_t a = 0; a < c->n_grid; a++) {
		const char *p = c->grid[a].path;
		if (strncmp(p, path, n) == 0 && (p[n] == '\0' || p[n] == '.'))
			return 1;
	}
	return 0;
}

static const char *optimizer_text(enum optimizer o)
{
	switch (o) {
	case OPT_ADAM: return "Adam";
	case OPT_SGD: return "SGD";
	case OPT_RMSPROP: return "RMSprop";
	case OPT_ADAMW: return "AdamW";
	}
	return "?";
}

static const char *generator_text(enum generator g)
{
	switch (g) {
	case GEN_BLOBS: return "blobs";
	case GEN_MOONS: return "moons";
	case GEN_CIRCLES: return "circles";
	case GEN_CLASSIFICATION: return "classification";
	case GEN_CSV: return "csv";
	}
	return "?";
}

/* The data: the generator or the CSV file's base name, and the shape. */
static void add_data(const struct config *c, char *buf, size_t size)
{
	const char *name = generator_text(c->generator);
	char clipped[NAME_SHOWN + 8];
	if (c->generator == GEN_CSV) {
		const char *slash = strrchr(c->data_path, '/');
		name = slash ? slash + 1 : c->data_path;
		/* a file name may be 255 bytes: it would push the rest out */
		fmt_text(clipped, sizeof clipped, name, strlen(name), NAME_SHOWN, 0);
		name = clipped;
	}
	ADD("%s: %zu samples, %zu features, %zu classes (%zu train)", name, c->n_samples,
	    c->n_features, c->centers, c->n_train);
}

/* The network's widths, inputs to outputs, and the hidden activation. */
static void add_model(const struct config *c, char *buf, size_t size)
{
	ADD(" | %zu", c->n_features);
	for (size_t l = 0; l < c->n_hidden; l++)
		ADD("-%zu", c->hidden[l]);
	ADD("-%zu", c->centers);
	if (c->n_hidden > 0)
		ADD(" %s", config_activation_name(c->activation));
}

/* A penalty's strength (key `path`): " NAME grid" when the grid varies
 * it, " NAME value" when not 0, else nothing. */
static void add_penalty(const struct config *c, const char *path, const char *name,
			double value, char *buf, size_t size)
{
	char v[32];
	if (on_grid(c, path)) {
		ADD("%s grid", name);
	} else if (value > 0) {
		fmt_double(v, sizeof v, value);
		ADD("%s %s", name, v);
	}
}

/* The optimizer, its learning rate and what changes the rate. */
static void add_optimizer(const struct config *c, char *buf, size_t size)
{
	char v[32], w[32];
	if (on_grid(c, "train.optimizer")) {
		ADD(" | optimizer grid");
	} else {
		ADD(" | %s", optimizer_text(c->optimizer));
		if (c->optimizer == OPT_SGD && on_grid(c, "train.momentum")) {
			ADD(" momentum grid");
		} else if (c->optimizer == OPT_SGD && c->momentum > 0) {
			fmt_double(v, sizeof v, c->momentum);
			ADD(" momentum %s%s", v, c->nesterov ? " nesterov" : "");
		}
	}
	add_penalty(c, "train.weight_decay", " wd", c->weight_decay, buf, size);
	add_penalty(c, "train.l2", " l2", c->l2, buf, size);
	if (on_grid(c, "train.learning_rate")) {
		ADD(" lr grid");
	} else {
		fmt_double(v, sizeof v, c->learning_rate);
		ADD(" lr %s", v);
	}
	if (on_grid(c, "train.lr_scaling"))
		ADD(", scaling grid");
	else if (c->lr_rule != LR_NONE)
		ADD(c->lr_rule == LR_LINEAR ? " x B/%zu" : " x sqrt(B/%zu)", c->lr_base_batch);
	if (c->warmup_epochs)
		ADD(", warmup %zu epoch%s", c->warmup_epochs, c->warmup_epochs > 1 ? "s" : "");
	if (c->warmup_steps)
		ADD(", warmup %zu step%s", c->warmup_steps, c->warmup_steps > 1 ? "s" : "");
	fmt_double(w, sizeof w, c->schedule_floor);
	switch (c->schedule) {
	case SCHED_CONSTANT: break;
	case SCHED_COSINE: ADD(", cosine to %sx", w); break;
	case SCHED_LINEAR: ADD(", linear to %sx", w); break;
	case SCHED_STEP:
		fmt_double(v, sizeof v, c->schedule_gamma);
		ADD(", step x%s at epoch", v);
		for (size_t i = 0; i < c->n_milestones; i++)
			ADD("%s%zu", i ? "," : " ", c->milestones[i]);
		break;
	}
}

/* The budget of each run, and the target when there is one. */
static void add_budget(const struct config *c, char *buf, size_t size)
{
	static const char *const unit[] = {"epoch", "step", "example"};
	size_t n = c->budget == BUDGET_EPOCHS ? c->epochs : c->budget_amount;
	char v[32];
	if (on_grid(c, "train.epochs") || on_grid(c, "train.budget"))
		ADD(" | budget grid");
	else
		ADD(" | %zu %s%s", n, unit[c->budget], n > 1 ? "s" : "");
	if (c->target_metric != TGT_NONE) {
		int loss = c->target_metric == TGT_VAL_LOSS || c->target_metric == TGT_TRAIN_LOSS;
		fmt_double(v, sizeof v, c->target_value);
		ADD(", target %s %s %s%s", config_target_name(c->target_metric), loss ? "<=" : ">=",
		    v, c->stop_at_target ? " (stop there)" : "");
	}
}

void describe_sweep(const struct config *c, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	add_data(c, buf, size);
	add_model(c, buf, size);
	add_optimizer(c, buf, size);
	add_budget(c, buf, size);
	ADD(" | %zu seed%s", c->n_seeds, c->n_seeds > 1 ? "s" : "");
	for (size_t a = 0; a < c->n_grid; a++) {
		const char *p = strrchr(c->grid[a].path, '.');
		ADD("%s%s (%zu)", a ? ", " : " | grid: ", p ? p + 1 : c->grid[a].path,
		    c->grid[a].n);
	}
	/* too long all the same (a small buf): cut after a whole part */
	if (strlen(buf) + 1 >= size && size > 4) {
		char *cut = buf + size - 4, *sep;
		*cut = '\0';
		sep = strrchr(buf, ',') > strrchr(buf, '|') ? strrchr(buf, ',') : strrchr(buf, '|');
		if (sep && sep > buf + 1)
			cut = sep - (sep[-1] == ' ');
		strcpy(cut, "...");
	}
	/* the class scripts/plots.sh lets through */
	for (char *s = buf; *s; s++)
		if (*s < ' ' || *s > '~' || strchr("\"\\`$@{}'", *s))
			*s = '?';
}
