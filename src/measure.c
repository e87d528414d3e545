/* measure.c: timing statistics and resource measurement of a run. */
#define _POSIX_C_SOURCE 200809L
#include "measure.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mlp.h"
#include "util.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
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

double measure_cpu_seconds(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0.0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

void measure_peak_rss_reset(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* "5" resets the peak RSS (Linux 4.0); failure leaves the
		 * process peak, which is still an upper bound */
		ssize_t w = write(fd, "5", 1);
		(void)w;
		close(fd);
	}
}

long measure_peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	struct rusage ru;
	if (f) {
		while (fgets(line, sizeof line, f))
			if (strncmp(line, "VmHWM:", 6) == 0) {
				kib = strtol(line + 6, NULL, 10);
				break;
			}
		fclose(f);
	}
	if (kib < 0 && getrusage(RUSAGE_SELF, &ru) == 0)
		kib = ru.ru_maxrss;
	return kib;
}

size_t measure_run_bytes(const struct config *c, size_t B)
{
	size_t D = c->n_features, K = c->centers, P = mlp_param_count(c, D, K);
	size_t state = c->optimizer == OPT_ADAM ? 2 : c->momentum > 0.0 ? 1 : 0;
	size_t acts = 0, bytes, t;
	if (B > c->n_train)
		B = c->n_train;
	/* forward outputs and their gradients per layer, and the softmax */
	for (size_t l = 0; l <= c->n_hidden; l++)
		acts += 2 * (l < c->n_hidden ? c->hidden[l] : K);
	acts += K;
	/* floats: params + grads + state, B rows of activations, the batch */
	if (!size_mul(P, 2 + state, &bytes) || !size_mul(acts + D, B, &t) ||
	    !size_add(bytes, t, &bytes) || !size_mul(bytes, sizeof(float), &bytes))
		return 0;
	/* labels of the batch, the shuffle order of the training rows */
	if (!size_add(bytes, B * sizeof(int32_t) + c->n_train * sizeof(uint32_t), &bytes))
		return 0;
	return bytes;
}
