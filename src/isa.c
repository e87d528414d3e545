/* isa.c: the fused kernels' variants (kernels.c and update.c compiled
 * once per instruction set, each function with the variant's name as a
 * suffix), the choice of one from the CPU and BSWEEP_ISA, and kernels.h's
 * and update.h's public functions, which call the chosen one with
 * subnormal numbers flushed to zero.  Not here: the kernels
 * themselves, and kern_scratch_floats (the same for every variant:
 * compiled into the base variant's object only, KERN_BASE). */
#include "isa.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "kernels.h"
#include "update.h"

/* X(name) for each variant the Makefile builds (KERN_VARIANTS there),
 * worst first; the first is the base, which every CPU of the target runs. */
#if defined(__x86_64__)
#define VARIANTS(X) X(sse2) X(avx2) X(avx512)
#else
#define VARIANTS(X) X(generic)
#endif

VARIANTS(KERN_DECLARE)
VARIANTS(UPD_DECLARE)

struct variant {
	const char *name;
	void (*pass)(struct mlp *, const float *, const int32_t *, const uint32_t *,
		     size_t, enum kern_mode, double *, size_t *);
	void (*exp)(float *, const float *, size_t);
	void (*log)(float *, const float *, size_t);
	void (*adam)(size_t, float *, const float *, float *, float *, float, float, float,
		     float, float, float);
	void (*adam3)(size_t, float *, const float *, float *, float *, float, float, float,
		      float);
	void (*rmsprop)(size_t, float *, const float *, float *, float *, float, float, float,
			float, float);
	void (*sgd)(size_t, float *, const float *, float *, float, float, int);
	void (*decay)(size_t, float *, float, float);
};

#define ENTRY(v)                                                                 \
	{#v, kern_pass_##v, kern_exp_##v, kern_log_##v, upd_adam_##v, upd_adam3_##v, \
	 upd_rmsprop_##v, upd_sgd_##v, upd_decay_##v},
static const struct variant variants[] = {VARIANTS(ENTRY)};
#undef ENTRY
#define N_VARIANTS (sizeof variants / sizeof variants[0])

/* The variant for every pass, and the one for passes of at most
 * NARROW_ROWS rows when that differs; the name of the pair. */
static const struct variant *chosen, *narrow;
static char chosen_name[32];

/* AVX-512 runs a 16-row block as one 16-lane slice, AVX2 as two 8-lane
 * ones, skipping the second when it holds no row (kernels.c): for a pass
 * of up to 8 rows AVX2 does the same work in half the width, and on the
 * one AVX-512 machine measured was 1.1x to 1.3x (4 and 8 rows)
 * faster (AVX-512 won from 16 rows on).  The results are the same. */
#define NARROW_ROWS 8

/* Whether the CPU runs variant v.  GCC's __builtin_cpu_supports also
 * checks that the OS saves the registers (XCR0), so a kernel without
 * AVX-512 state, or valgrind, which reports none, gets AVX2.  The avx512
 * variant is built with F, DQ, BW and VL (Makefile): all are required. */
static int supported(const struct variant *v)
{
#if defined(__x86_64__)
	__builtin_cpu_init();
	if (strcmp(v->name, "avx2") == 0)
		return __builtin_cpu_supports("avx2");
	if (strcmp(v->name, "avx512") == 0)
		return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512f") &&
		       __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
		       __builtin_cpu_supports("avx512vl");
#endif
	(void)v; /* the base variant */
	return 1;
}

/* Every variant's name, blank-separated, worst first. */
static const char *all_names(void)
{
#define NAME(v) " " #v
	return &VARIANTS(NAME)[1];
#undef NAME
}

void isa_available(char *buf, size_t size)
{
	size_t used = 0;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < N_VARIANTS; i++)
		if (supported(&variants[i]) && used < size) {
			msgf(buf + used, size - used, "%s%s", used ? " " : "", variants[i].name);
			used += strlen(buf + used);
		}
}

enum status isa_select(char *err, size_t errsize)
{
	const char *want = getenv("BSWEEP_ISA");
	char avail[64];
	size_t i;

	for (i = N_VARIANTS; i-- > 1 && !supported(&variants[i]);)
		;
	chosen = &variants[i];
	narrow = NULL;
	msgf(chosen_name, sizeof chosen_name, "%s", chosen->name);
	if (!want || !*want) {
		if (strcmp(chosen->name, "avx512") == 0) {
			narrow = chosen - 1;
			msgf(chosen_name, sizeof chosen_name, "%s+%s", chosen->name,
			     narrow->name);
		}
		return ST_OK;
	}
	isa_available(avail, sizeof avail);
	for (i = 0; i < N_VARIANTS; i++) {
		if (strcmp(want, variants[i].name) != 0)
			continue;
		if (!supported(&variants[i])) {
			msgf(err, errsize,
			     "BSWEEP_ISA=%s: this CPU does not support it\n"
			     "hint: the variants this CPU supports: %s",
			     want, avail);
			return ST_INPUT;
		}
		chosen = &variants[i];
		msgf(chosen_name, sizeof chosen_name, "%s", chosen->name);
		return ST_OK;
	}
	msgf(err, errsize, "BSWEEP_ISA=%s: no such variant of the kernels (%s)\n"
	     "hint: the variants this CPU supports: %s", want, all_names(), avail);
	return ST_INPUT;
}

static const struct variant *current(void)
{
	if (!chosen) {
		char err[256];
		(void)isa_select(err, sizeof err);
	}
	return chosen;
}

const char *isa_name(void)
{
	(void)current();
	return chosen_name;
}

/* The kernels' passes and the optimizers' updates run with subnormal
 * numbers flushed to zero, results (FTZ) and inputs (DAZ), as TensorFlow
 * runs every kernel (port::ScopedFlushDenormal): the processor takes a
 * slow path for each operation on a subnormal, and Adam's moments of a
 * parameter whose gradient stays zero (a dead ReLU unit's) decay into
 * that range and stay there (0.9 times the smallest subnormal rounds back
 * to it), which made a 1000-epoch run at batch 4 train 1.8x slower.  The
 * caller's mode is restored on return, so nothing else (the data
 * generator, the number formatter, OpenBLAS) is affected; every variant
 * flushes alike, so they still agree bit for bit.  Valgrind does not
 * emulate these modes; a build for another processor than x86 keeps
 * its default. */
#if defined(__SSE__)
#define FLUSH_MODES 0x8040u /* MXCSR's FTZ (bit 15) and DAZ (bit 6) */
static unsigned flush_begin(void)
{
	unsigned csr = _mm_getcsr();
	_mm_setcsr(csr | FLUSH_MODES);
	return csr;
}

static void flush_end(unsigned csr)
{
	_mm_setcsr(csr);
}
#else
static unsigned flush_begin(void)
{
	return 0;
}

static void flush_end(unsigned csr)
{
	(void)csr;
}
#endif

void kern_pass(struct mlp *m, const float *x, const int32_t *y, const uint32_t *rows,
	       size_t B, enum kern_mode mode, double *loss_sum, size_t *correct)
{
	const struct variant *v = current();
	unsigned csr;
	if (narrow && B <= NARROW_ROWS)
		v = narrow;
	csr = flush_begin();
	v->pass(m, x, y, rows, B, mode, loss_sum, correct);
	flush_end(csr);
}

void kern_exp(float *out, const float *in, size_t n)
{
	current()->exp(out, in, n);
}

void kern_log(float *out, const float *in, size_t n)
{
	current()->log(out, in, n);
}

/* The variant for the optimizers' updates (update.c): the narrow one when
 * there is one.  Their loops are bound by the square root and the
 * division, which AVX-512 does no faster per element than AVX2, and with
 * AVX-512's the default sweep's batches of 4 rows trained about 4 %
 * slower (measured on the AVX-512 machine above).  The results are the
 * same. */
static const struct variant *updating(void)
{
	(void)current();
	return narrow ? narrow : chosen;
}

void upd_adam(size_t n, float *w, const float *g, float *m, float *v, float alpha,
	      float b1, float b2, float c1, float c2, float eps)
{
	unsigned csr = flush_begin();
	updating()->adam(n, w, g, m, v, alpha, b1, b2, c1, c2, eps);
	flush_end(csr);
}

void upd_adam3(size_t n, float *w, const float *g, float *m, float *v, float alpha,
	       float c1, float c2, float eps)
{
	unsigned csr = flush_begin();
	updating()->adam3(n, w, g, m, v, alpha, c1, c2, eps);
	flush_end(csr);
}

void upd_rmsprop(size_t n, float *w, const float *g, float *v, float *mom, float lr,
		 float rho, float c, float eps, float mu)
{
	unsigned csr = flush_begin();
	updating()->rmsprop(n, w, g, v, mom, lr, rho, c, eps, mu);
	flush_end(csr);
}

void upd_sgd(size_t n, float *w, const float *g, float *vel, float lr, float mu,
	     int nesterov)
{
	unsigned csr = flush_begin();
	updating()->sgd(n, w, g, vel, lr, mu, nesterov);
	flush_end(csr);
}

void upd_decay(size_t n, float *w, float wd, float lr)
{
	unsigned csr = flush_begin();
	updating()->decay(n, w, wd, lr);
	flush_end(csr);
}
