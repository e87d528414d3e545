/* stats.c: median, MAD and outliers (see stats.h). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

/* A total order: nan after every number.  (x > y) - (x < y) calls nan
 * equal to everything, which is no order at all: qsort's result, and so
 * a median over a diverged run's nan loss, then depended on the order
 * of the input. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return (x > y) - (x < y);
}

double stats_median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double stats_mad(const double *v, size_t n, double med, double *scratch)
{
	for (size_t i = 0; i < n; i++)
		scratch[i] = fabs(v[i] - med);
	return stats_median(scratch, n);
}

size_t stats_outliers(const double *v, size_t n, double med, double mad)
{
	size_t k = 0;
	if (!(mad > 0.0))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (0.6745 * fabs(v[i] - med) / mad > 3.5)
			k++;
	return k;
}
