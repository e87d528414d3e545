/* stats.h: robust statistics of a few measurements (the repeats of a
 * run, the seeds of a batch size): median, median absolute deviation,
 * outliers.  Pure functions of their arguments; used by pool.c for each
 * run and by compare.c across runs.
 */
#ifndef BSWEEP_STATS_H
#define BSWEEP_STATS_H

#include <stddef.h>

/* Median of v (n >= 1); sorts v in place, nan above every number (a
 * diverged run's loss counts as the worst). */
double stats_median(double *v, size_t n);

/* Median absolute deviation of v (n >= 1) about med, unscaled (multiply
 * by STATS_MAD_TO_SD for a normal-consistent sigma); scratch holds n
 * doubles. */
double stats_mad(const double *v, size_t n, double med, double *scratch);
#define STATS_MAD_TO_SD 1.4826

/* How many of v are outliers by Iglewicz and Hoaglin's modified Z-score,
 * 0.6745 |v - med| / mad > 3.5 (the rule hyperfine uses); 0 when mad is 0. */
size_t stats_outliers(const double *v, size_t n, double med, double mad);

#endif
