/* scaling.c: scaling.csv and the fit of S(B) = S_min (1 + B_crit / B)
 * (see scaling.h for the definitions and thresholds). */
#include "scaling.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "target.h"
#include "train.h"

/* NaN sorts as +infinity */
static int cmp_inf(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	if (isnan(a))
		a = INFINITY;
	if (isnan(b))
		b = INFINITY;
	return (a > b) - (a < b);
}

double scaling_median(double *v, size_t n)
{
	double m;
	qsort(v, n, sizeof *v, cmp_inf);
	for (size_t i = 0; i < n; i++)
		if (isnan(v[i]))
			v[i] = INFINITY;
	m = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
	return isinf(m) ? NAN : m;
}

double scaling_percentile(const double *v, size_t n, double q)
{
	double pos = q / 100.0 * (double)(n - 1), frac;
	size_t i = (size_t)floor(pos);
	if (i + 1 >= n)
		return v[n - 1];
	frac = pos - (double)i;
	return v[i] + frac * (v[i + 1] - v[i]);
}

int scaling_ols(const double *B, const double *y, size_t n, double *a, double *b)
{
	double mx = 0.0, my = 0.0, sxx = 0.0, sxy = 0.0;
	if (n < 2)
		return -1;
	for (size_t i = 0; i < n; i++) {
		mx += 1.0 / B[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double dx = 1.0 / B[i] - mx;
		sxx += dx * dx;
		sxy += dx * (y[i] - my);
	}
	if (!(sxx > 0.0))
		return -1;
	*b = sxy / sxx;
	*a = my - *b * mx;
	return 0;
}

enum scaling_regime scaling_regime_of(double e)
{
	if (isnan(e))
		return REGIME_NONE;
	return e >= SCALING_PERFECT ? REGIME_PERFECT :
	       e <= SCALING_MAXIMAL ? REGIME_MAXIMAL : REGIME_DIMINISHING;
}

/* Distinct values among B[i] for which keep[i] (n). */
static size_t distinct(const double *B, const unsigned char *keep, size_t n)
{
	size_t d = 0;
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = keep[j] && B[j] == B[i];
		d += keep[i] && !seen;
	}
	return d;
}

/* Fit the kept batch sizes with medians med: B_crit in *bc; 0, or -1 when
 * fewer than SCALING_MIN_POINTS distinct or S_min = 0.  x, y: scratch (n). */
static int fit_kept(const double *B, const double *med, const unsigned char *keep, size_t n,
		    double *x, double *y, double *a, double *b)
{
	size_t m = 0;
	if (distinct(B, keep, n) < SCALING_MIN_POINTS)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (keep[i]) {
			x[m] = B[i];
			y[m++] = med[i];
		}
	return scaling_ols(x, y, m, a, b);
}

void scaling_fit_points(const double *B, const double *steps, size_t n, size_t S,
			struct scaling_fit *f, unsigned char *used)
{
	/* n batch sizes: medians, kept flags, scratch; S seed values */
	double *med = xcalloc(4 * n + S + SCALING_RESAMPLES + 1, sizeof *med);
	double *x = med + n, *y = x + n, *rmed = y + n, *v = rmed + n, *bc = v + S;
	unsigned char *keep = xcalloc(2 * n + 1, 1), *rkeep = keep + n;
	double a, b, smallest = INFINITY;
	struct rng rng;

	memset(f, 0, sizeof *f);
	f->s_min = f->e_min = f->b_crit = f->b_crit_lo = f->b_crit_hi = NAN;
	f->resamples = SCALING_RESAMPLES;
	if (used)
		memset(used, 0, n);
	if (!med || !keep) {
		msgf(f->why, sizeof f->why, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t reached = 0;
		for (size_t s = 0; s < S; s++)
			reached += isnan(steps[i * S + s]) ? 0u : 1u;
		memcpy(v, steps + i * S, S * sizeof *v);
		med[i] = scaling_median(v, S);
		keep[i] = 2 * reached > S;
		f->n_used += keep[i] ? 1u : 0u;
		if (keep[i] && B[i] < smallest)
			smallest = B[i];
	}
	if (distinct(B, keep, n) < SCALING_MIN_POINTS) {
		msgf(f->why, sizeof f->why,
		     "no fit: %zu batch size%s where most seeds reached the target, %d needed",
		     distinct(B, keep, n), distinct(B, keep, n) == 1 ? "" : "s", SCALING_MIN_POINTS);
		f->n_used = 0;
		goto out;
	}
	if (fit_kept(B, med, keep, n, x, y, &a, &b) != 0) {
		msgf(f->why, sizeof f->why, "no fit: the batch sizes give no line");
		f->n_used = 0;
		goto out;
	}
	f->ok = 1;
	f->s_min = a;
	f->e_min = b;
	f->b_crit = b / a;
	if (used)
		memcpy(used, keep, n);
	if (!(a > 0.0))
		msgf(f->why, sizeof f->why, "degenerate fit: S_min = %g <= 0 (the steps to target "
		     "do not level off over these batch sizes)", a);
	else if (!(f->b_crit >= 0.0))
		msgf(f->why, sizeof f->why, "degenerate fit: B_crit = %g < 0 (the steps to target "
		     "grow with the batch size: no batch size scales)", f->b_crit);
	else if (f->b_crit < smallest)
		msgf(f->why, sizeof f->why, "degenerate fit: B_crit = %g is below the smallest "
		     "batch size fitted (%g): every batch size is past it", f->b_crit, smallest);
	f->degenerate = f->why[0] != '\0';

	/* the bootstrap over seeds, on the same batch sizes */
	rng_init(&rng, SCALING_SEED);
	for (size_t r = 0; r < SCALING_RESAMPLES; r++) {
		for (size_t i = 0; i < n; i++) {
			rkeep[i] = 0;
			if (!keep[i])
				continue;
			for (size_t s = 0; s < S; s++)
				v[s] = steps[i * S + rng_interval(&rng, (uint32_t)(S - 1))];
			rmed[i] = scaling_median(v, S);
			rkeep[i] = (unsigned char)!isnan(rmed[i]);
		}
		if (fit_kept(B, rmed, rkeep, n, x, y, &a, &b) == 0 && a != 0.0 &&
		    isfinite(b / a))
			bc[f->resamples_used++] = b / a;
	}
	if (f->resamples_used) {
		qsort(bc, f->resamples_used, sizeof *bc, cmp_inf);
		f->b_crit_lo = scaling_percentile(bc, f->resamples_used, 2.5);
		f->b_crit_hi = scaling_percentile(bc, f->resamples_used, 97.5);
	}
out:
	free(med);
	free(keep);
}

void scaling_free(struct scaling *s)
{
	free(s->rows);
	free(s->fits);
	free(s->fit_batches);
	memset(s, 0, sizeof *s);
}

/* min and max of the non-NaN among v (n), NaN when none */
static void min_max(const double *v, size_t n, double *lo, double *hi)
{
	*lo = *hi = NAN;
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (isnan(*lo) || v[i] < *lo)
			*lo = v[i];
		if (isnan(*hi) || v[i] > *hi)
			*hi = v[i];
	}
}

/* One row's statistics over the S seeds of summary rows r. */
static void row_stats(struct scaling_row *o, const struct summary_row *r, size_t S,
		      double *v)
{
	o->reached = 0;
	for (size_t s = 0; s < S; s++)
		o->reached += isnan(r[s].steps_to_target) ? 0u : 1u;
	o->reached_fraction = (double)o->reached / (double)S;
#define STAT(field, name) do { \
		for (size_t s = 0; s < S; s++) \
			v[s] = r[s].field; \
		min_max(v, S, &o->name##_min, &o->name##_max); \
		o->name##_median = scaling_median(v, S); \
	} while (0)
	STAT(steps_to_target, steps);
	STAT(examples_to_target, examples);
	STAT(seconds_to_target, seconds);
#undef STAT
}

size_t scaling_bytes(const struct config *c)
{
	size_t P = config_points(c), S = c->n_seeds, NB = c->n_batch_sizes;
	if (c->target_metric == TGT_NONE)
		return 0;
	/* scaling_compute's tables and scratch, then scaling_fit_points'
	 * (n = NB): every count is bounded by CONFIG_MAX_RUNS and 4096 batch
	 * sizes, no overflow */
	return NB * P * sizeof(struct scaling_row) + P * sizeof(struct scaling_fit) +
	       P * NB * sizeof(size_t) + (NB * (S + 1) + S) * sizeof(double) + NB +
	       (4 * NB + S + SCALING_RESAMPLES + 1) * sizeof(double) + 2 * NB + 1;
}

enum status scaling_compute(struct scaling *sc, const struct config *c,
			    const struct summary_row *rows)
{
	size_t P = config_points(c), S = c->n_seeds, NB = c->n_batch_sizes;
	double *B, *steps, *v;
	unsigned char *used;

	memset(sc, 0, sizeof *sc);
	sc->n_rows = NB * P;
	sc->n_fits = P;
	sc->rows = xcalloc(sc->n_rows, sizeof *sc->rows);
	sc->fits = xcalloc(P, sizeof *sc->fits);
	sc->fit_batches = xcalloc(P * NB, sizeof *sc->fit_batches);
	B = xcalloc(NB * (S + 1) + S, sizeof *B);
	used = xcalloc(NB, 1);
	if (!sc->rows || !sc->fits || !sc->fit_batches || !B || !used) {
		free(B);
		free(used);
		scaling_free(sc);
		return ST_NOMEM;
	}
	steps = B + NB;
	v = steps + NB * S;
	for (size_t p = 0; p < P; p++) {
		struct config pc;
		struct scaling_fit *f = &sc->fits[p];
		size_t k = 0;
		double cur = NAN, prev_b = NAN, prev_s = NAN;
		config_point(c, p, &pc);
		for (size_t b = 0; b < NB; b++) {
			const struct summary_row *r = &rows[(b * P + p) * S];
			struct scaling_row *o = &sc->rows[b * P + p];
			o->batch_size = r->batch_size;
			memcpy(o->grid, r->grid, sizeof o->grid);
			o->seeds = S;
			o->resolution_steps = target_resolution(&pc, r->steps_per_epoch);
			row_stats(o, r, S, v);
			B[b] = (double)(r->batch_size < pc.n_train ? r->batch_size : pc.n_train);
			for (size_t s = 0; s < S; s++)
				steps[b * S + s] = r[s].steps_to_target;
		}
		scaling_fit_points(B, steps, NB, S, f, used);
		if (f->why[0] && strcmp(f->why, "out of memory") == 0) {
			free(B);
			free(used);
			scaling_free(sc);
			return ST_NOMEM;
		}
		for (size_t b = 0; b < NB; b++) {
			struct scaling_row *o = &sc->rows[b * P + p];
			o->in_fit = used[b];
			if (used[b])
				sc->fit_batches[p * NB + k++] = o->batch_size;
			o->fit_steps = f->ok ? f->s_min * (1.0 + f->b_crit / B[b]) : NAN;
		}
		/* efficiency: over the batch sizes in increasing effective size,
		 * each from the last smaller one with a median */
		for (;;) {
			size_t next = NB;
			for (size_t b = 0; b < NB; b++)
				if ((isnan(cur) || B[b] > cur) && (next == NB || B[b] < B[next]))
					next = b;
			if (next == NB)
				break;
			cur = B[next];
			for (size_t b = 0; b < NB; b++) {
				struct scaling_row *o = &sc->rows[b * P + p];
				if (B[b] != cur)
					continue;
				o->efficiency = NAN;
				if (!isnan(o->steps_median) && !isnan(prev_s))
					o->efficiency = log(prev_s / o->steps_median) /
							log(cur / prev_b);
				o->regime = (int)scaling_regime_of(o->efficiency);
			}
			if (!isnan(sc->rows[next * P + p].steps_median)) {
				prev_b = cur;
				prev_s = sc->rows[next * P + p].steps_median;
			}
		}
	}
	free(B);
	free(used);
	return ST_OK;
}

enum status scaling_write(const char *dir, const struct runfile_tables *rt,
			  const struct scaling *s, char *err, size_t errsize)
{
	char name[64];
	msgf(name, sizeof name, "%s.csv", rt->scaling.name);
	return runfile_write_table(dir, name, &rt->scaling, s->rows, sizeof *s->rows,
				   s->n_rows, err, errsize);
}
