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

/* OpenBLAS makes choices when it loads, before main, that bsweep may have
 * to correct; the only way is to start the program again (exec of
 * /proc/self/exe, the same arguments) with the environment variable that
 * corrects it.  The second start takes the variables back out of its
 * environment, so that nothing it starts (a Slurm job on another
 * machine, gnuplot) inherits them.  Nothing happens when the user set
 * the variable, nor otherwise (no cost). */

/* First thing in main: under an address-space limit, when OpenBLAS
 * started a thread pool, starts again with OPENBLAS_NUM_THREADS=1 (no
 * pool; blas_set_threads adds the threads -t asks for): each thread maps
 * a work buffer as it starts, retries forever when it cannot, and the
 * exit then waits for it.  (A limit so low that OpenBLAS cannot even
 * start its threads makes it raise SIGINT in its constructor, before
 * main: exit 130, with OpenBLAS's message.)  In the second start of
 * either function, takes back what the first set. */
void blas_at_load(char **argv);

/* Before a command that calls BLAS (a sweep that does, bsweep merge, which
 * draws the decision regions again) reads anything it cannot read twice
 * or changes anything: when OpenBLAS fell back to Prescott's SSE3
 * kernels on a CPU it does not know that runs AVX2 or AVX-512 (blas.c),
 * starts again with OPENBLAS_CORETYPE naming the core it would have
 * chosen.  The exec costs about 4 ms, so commands that never call BLAS
 * do not. */
void blas_best_core(char **argv);

/* The core OpenBLAS chose by itself when blas_best_core replaced it
 * ("Prescott"), or "". */
const char *blas_replaced_core(void);

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
