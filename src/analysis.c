/* analysis.c: the analysis of a finished sweep's results (analysis.h). */
#define _POSIX_C_SOURCE 200809L
#include "analysis.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "select.h"

/* "" without a grid, else " (grid point p: key=value, ...)" into buf. */
static void point_text(const struct config *c, size_t p, char *buf, size_t size)
{
	size_t used;
	char v[64];
	buf[0] = '\0';
	if (!c->n_grid)
		return;
	msgf(buf, size, " (grid point %zu:", p);
	for (size_t a = 0; a < c->n_grid; a++) {
		used = strlen(buf);
		config_grid_text(c, a, config_grid_index(c, p, a), v, sizeof v);
		msgf(buf + used, size - used, " %s=%s", c->grid[a].path, v);
	}
	used = strlen(buf);
	msgf(buf + used, size - used, ")");
}

/* The fits that could not be made or are degenerate: warnings (stderr,
 * even with --quiet). */
static void warn_fits(const struct config *c, const struct scaling *sc)
{
	char where[512];
	for (size_t p = 0; p < sc->n_fits; p++)
		if (sc->fits[p].why[0]) {
			point_text(c, p, where, sizeof where);
			warn("scaling%s: %s", where, sc->fits[p].why);
		}
}

enum status analysis_write(const char *dir, const struct config *c,
			   const struct runfile_tables *rt, const struct summary_row *rows,
			   struct scaling *sc, char *err, size_t errsize)
{
	enum status st;
	memset(sc, 0, sizeof *sc);
	if ((st = aggregate_write(dir, c, rt, rows, err, errsize)) != ST_OK)
		return st;
	if (c->n_grid) {
		size_t unselected;
		char which[200];
		if ((st = select_write(dir, c, rt, rows, &unselected, which, sizeof which,
				       err, errsize)) != ST_OK)
			return st;
		/* by steps to target, a censored median counts as the worst too */
		if (unselected)
			warn("batch size%s %s: every grid point's median run diverged%s, so best.csv "
			     "has no row for %s (points.csv has their points)",
			     unselected > 1 ? "s" : "", which,
			     c->select == SEL_STEPS_TO_TARGET ? " or never reached the target" : "",
			     unselected > 1 ? "them" : "it");
	}
	if (c->target_metric != TGT_NONE) {
		if ((st = scaling_compute(sc, c, rows)) != ST_OK ||
		    (st = scaling_write(dir, rt, sc, err, errsize)) != ST_OK)
			return st;
		warn_fits(c, sc);
	} else {
		/* one `bsweep analyze --target` wrote for this experiment,
		 * now stale */
		char path[4200];
		msgf(path, sizeof path, "%s/%s.csv", dir, rt->scaling.name);
		if (unlink(path) != 0 && errno != ENOENT) {
			msgf(err, errsize, "%s: cannot remove: %s", path, strerror(errno));
			return ST_IO;
		}
	}
	return ST_OK;
}

void analysis_print_fits(FILE *f, const struct config *c, const struct scaling *sc)
{
	char where[512];
	size_t res = c->eval_every;
	fprintf(f, "target %s %s %g, evaluated at every epoch's end", config_target_name(c->target_metric),
		c->target_metric == TGT_VAL_ACC || c->target_metric == TGT_TRAIN_ACC ? ">=" : "<=",
		c->target_value);
	if (res)
		fprintf(f, " and every %zu steps", res);
	fprintf(f, " (scaling.csv)\n");
	for (size_t p = 0; p < sc->n_fits; p++) {
		const struct scaling_fit *fit = &sc->fits[p];
		point_text(c, p, where, sizeof where);
		if (fit->ok)
			fprintf(f, "fit%s: S_min %.4g steps, B_crit %.4g [95%% CI %.4g, %.4g], "
				"E_min %.4g examples, over %zu batch sizes%s\n", where, fit->s_min,
				fit->b_crit, fit->b_crit_lo, fit->b_crit_hi, fit->e_min, fit->n_used,
				fit->degenerate ? " (degenerate: see the warning)" : "");
	}
}
