/* scaling.h: how the steps to target scale with the batch size (issue 12;
 * Shallue et al. 2019, McCandlish et al. 2018), from the runs' targets
 * (target.h), per grid point.
 *
 * Per batch size, over its seeds: the fraction that reached the target,
 * and the median, min and max of steps, examples and seconds to target.
 * The median counts a censored seed as infinite (it never reached the
 * target), so it exists when more than half of the seeds reached it;
 * min and max are over the seeds that did (empty when none did).
 *
 * The fit: S(B) = S_min (1 + B_crit / B), linear in 1/B, by ordinary
 * least squares of the median steps on 1/B over the batch sizes where
 * most seeds (more than half) reached the target; B is the effective
 * batch size min(B, n_train) (a larger batch is the full batch).
 * S_min = intercept, E_min = slope = S_min B_crit (examples), B_crit =
 * slope / intercept.  At least 3 distinct such batch sizes are needed,
 * else no fit and the reason.  A degenerate fit (S_min <= 0, B_crit < 0,
 * B_crit below the smallest batch size fitted) is reported as it is, with
 * a warning: with a fixed learning rate the steps to target may barely
 * fall with the batch size, and that is a finding.
 *
 * Its confidence interval: SCALING_RESAMPLES bootstrap resamples over the
 * seeds (each batch size's seeds drawn with replacement, MT19937 seeded
 * with SCALING_SEED, so deterministic), refitted on the same batch sizes
 * (a batch size whose resampled median is censored is left out of that
 * resample; a resample with fewer than 3 batch sizes or S_min = 0 is
 * skipped), the 2.5 and 97.5 percentiles of B_crit (linear interpolation
 * between order statistics, NumPy's default).
 *
 * Local scaling efficiency between a batch size B and the next smaller
 * one B' whose median exists: log(S(B') / S(B)) / log(B / B'), the
 * exponent of S ~ B^-e: 1 when doubling the batch halves the steps, 0
 * when it saves none.  Regime: perfect when e >= SCALING_PERFECT,
 * maximal (data parallelism) when e <= SCALING_MAXIMAL, diminishing
 * between.
 */
#ifndef BSWEEP_SCALING_H
#define BSWEEP_SCALING_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "runfile.h"
#include "util.h"

#define SCALING_RESAMPLES 1000
#define SCALING_SEED 12345u
#define SCALING_PERFECT 0.8
#define SCALING_MAXIMAL 0.2
#define SCALING_MIN_POINTS 3

/* The fit of one grid point's batch sizes. */
struct scaling_fit {
	int ok;                 /* 1: fitted; 0: not, why says why */
	int degenerate;         /* fitted, but why holds a warning */
	char why[200];
	size_t n_used;          /* batch sizes fitted */
	double s_min, e_min, b_crit;   /* steps, examples, examples per step */
	double b_crit_lo, b_crit_hi;   /* 95 % bootstrap interval; NaN when
					  no resample could be fitted */
	size_t resamples, resamples_used;
};

/* The fit over n batch sizes: B[i] the effective batch size, steps[i * S
 * + s] seed s's steps to target at B[i] (NaN: censored).  used[i] (n,
 * may be NULL) set to 1 for the batch sizes fitted.  Pure: the same
 * arguments give the same fit, bootstrap included. */
void scaling_fit_points(const double *B, const double *steps, size_t n, size_t S,
			struct scaling_fit *f, unsigned char *used);

/* Ordinary least squares of y on 1/B: y = a + b / B.  Returns 0, or -1
 * when there are fewer than 2 distinct B. */
int scaling_ols(const double *B, const double *y, size_t n, double *a, double *b);

/* The regime of a local efficiency (NaN: REGIME_NONE). */
enum scaling_regime scaling_regime_of(double efficiency);

/* The median of v (n >= 1) with NaN counted as +infinity: NaN when the
 * median is infinite.  Sorts v in place (NaN as infinity). */
double scaling_median(double *v, size_t n);

/* The percentile q (0..100) of sorted v (n >= 1), by linear
 * interpolation. */
double scaling_percentile(const double *v, size_t n, double q);

/* The analysis of a sweep: rows (n_batch_sizes x points, batch size
 * major, as points.csv) and one fit per grid point. */
struct scaling {
	size_t n_rows, n_fits;
	struct scaling_row *rows;
	struct scaling_fit *fits;
	size_t *fit_batches;    /* (n_fits x n_batch_sizes): fit p's batch
				   sizes first, n_used of them */
};

/* Bytes scaling_compute and the fits allocate for config c (0 without a
 * target): the memory estimate's share of the end of a sweep. */
size_t scaling_bytes(const struct config *c);

/* Compute from summary rows (config_runs(c), config order) of config c,
 * which has a target.  ST_OK or ST_NOMEM; release with scaling_free. */
enum status scaling_compute(struct scaling *s, const struct config *c,
			    const struct summary_row *rows);
void scaling_free(struct scaling *s);

/* Write DIR/scaling.csv.  ST_OK, or ST_IO with a message naming the path. */
enum status scaling_write(const char *dir, const struct runfile_tables *rt,
			  const struct scaling *s, char *err, size_t errsize);

#endif
