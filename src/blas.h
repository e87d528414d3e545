/* blas.h: the BLAS library beyond cblas_sgemm.
 *
 * bsweep computes with CBLAS alone.  OpenBLAS's extensions (its thread
 * count, its build configuration and core, stopping its idle threads)
 * are used when the library linked has them: they are weak symbols, so
 * bsweep also links and runs with another CBLAS (netlib's, BLIS), which
 * then reports "unknown" and one thread.
 */
#ifndef BSWEEP_BLAS_H
#define BSWEEP_BLAS_H

/* Use n threads in BLAS calls.  With n = 1 also stops OpenBLAS's idle
 * thread pool (see blas.c). */
void blas_set_threads(int n);

/* Threads BLAS calls use now (1 when the library cannot tell). */
int blas_threads(void);

/* The library's build configuration and the core kernels it chose, or
 * "unknown". */
const char *blas_config(void);
const char *blas_core(void);

#endif
