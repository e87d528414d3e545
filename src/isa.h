/* isa.h: which instruction-set variant of the fused kernels runs.
 *
 * kernels.c (and update.c, the optimizers' loops) is compiled once per variant (on x86-64: sse2, avx2, avx512;
 * elsewhere one, generic); this module picks one at start-up, the best
 * the CPU (and the OS: saved vector state) supports, or the one the
 * environment variable BSWEEP_ISA names (then for every pass), and routes
 * kernels.h's functions to it.  The variants give bit-identical results (kernels.h), so the
 * choice changes only the speed; a variant the CPU lacks never runs.
 */
#ifndef BSWEEP_ISA_H
#define BSWEEP_ISA_H

#include <stddef.h>

#include "util.h"

/* Chooses the variant: BSWEEP_ISA's when set and not empty, else the
 * best supported.  ST_INPUT, with a message naming the value and the
 * variants this CPU supports, when BSWEEP_ISA names no variant or one
 * the CPU lacks; the best supported variant is chosen then all the same.
 * Call once at start-up, before any thread: the command line does, so
 * that a wrong BSWEEP_ISA is an error there.  A program that does not
 * gets the same choice (a wrong value ignored) at the first kernel call. */
enum status isa_select(char *err, size_t errsize);

/* The chosen variant's name, choosing it first if needed: "avx2", or
 * "avx512+avx2" when the choice was the CPU's and AVX-512 runs every pass
 * but those of at most 8 rows, which AVX2 runs faster, as it runs the
 * optimizers' updates (isa.c). */
const char *isa_name(void);

/* The names of the variants this CPU supports, blank-separated, worst
 * first ("sse2 avx2 avx512"), into buf. */
void isa_available(char *buf, size_t size);

#endif
