/* blas.c: OpenBLAS's extensions, each optional (weak; see blas.h).  The
 * prototypes are OpenBLAS's own (cblas.h, and blas_thread_shutdown_,
 * exported for its fork handler); cblas.h is not included here so that
 * another CBLAS's header need not declare them. */
#include "blas.h"

#include <stddef.h>

void openblas_set_num_threads(int num_threads) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
char *openblas_get_config(void) __attribute__((weak));
char *openblas_get_corename(void) __attribute__((weak));
int blas_thread_shutdown_(void) __attribute__((weak));

void blas_set_threads(int n)
{
	if (openblas_set_num_threads)
		openblas_set_num_threads(n);
	if (n == 1 && blas_thread_shutdown_)
		/* OpenBLAS starts a worker thread per core when it loads, and
		 * an idle worker spins on sched_yield for about 0.1 s: with
		 * one thread it would only burn the other core (and slow
		 * -j 2's second worker).  Stop the pool; OpenBLAS restarts it
		 * itself should a call ever want threads. */
		blas_thread_shutdown_();
}

int blas_threads(void)
{
	return openblas_get_num_threads ? openblas_get_num_threads() : 1;
}

const char *blas_config(void)
{
	const char *s = openblas_get_config ? openblas_get_config() : NULL;
	return s ? s : "unknown";
}

const char *blas_core(void)
{
	const char *s = openblas_get_corename ? openblas_get_corename() : NULL;
	return s ? s : "unknown";
}
