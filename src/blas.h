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

#include <stddef.h>

#include "util.h"

/* OpenBLAS maps a work buffer per thread at its first product (its
 * BUFFER_SIZE: 128 MiB on x86-64), and retries a mapping that fails
 * forever: under an address-space limit that leaves no room, a sweep
 * would hang.  blas_set_threads tries the room first. */
#define BLAS_BUFFER_BYTES ((size_t)128 << 20)

/* First thing in main.  OpenBLAS starts a thread per core when it loads,
 * before main, and each maps its work buffer: under an address-space
 * limit a thread that cannot retries forever, and the exit then waits
 * for it.  So when the address space is limited, OPENBLAS_NUM_THREADS is
 * unset and a pool was started, the program executes itself again with
 * OPENBLAS_NUM_THREADS=1 (no pool; blas_set_threads adds the threads -t
 * asks for).  Without a limit nothing happens: no cost.  (A limit so low
 * that OpenBLAS cannot even start its threads makes it raise SIGINT in
 * its constructor, before main: exit 130, with OpenBLAS's message.) */
void blas_single_at_load(char **argv);

/* Use n threads in BLAS calls; with n = 1 also stops OpenBLAS's idle
 * thread pool (see blas.c).  Under an address-space limit, first checks
 * there is room for the new threads' work buffers and `more` bytes (what
 * the caller will map: the sweep, this thread's own buffer) all at once
 * (one PROT_NONE mapping): ST_OK, or ST_NOMEM with a message. */
enum status blas_set_threads(int n, size_t more, char *err, size_t errsize);

/* Threads BLAS calls use now (1 when the library cannot tell). */
int blas_threads(void);

/* The library's build configuration and the core kernels it chose, or
 * "unknown". */
const char *blas_config(void);
const char *blas_core(void);

#endif
