/* blas.c: OpenBLAS's extensions, each optional (weak; see blas.h).  The
 * prototypes are OpenBLAS's own (cblas.h, and blas_thread_shutdown_,
 * exported for its fork handler); cblas.h is not included here so that
 * another CBLAS's header need not declare them. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "blas.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

void openblas_set_num_threads(int num_threads) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
char *openblas_get_config(void) __attribute__((weak));
char *openblas_get_corename(void) __attribute__((weak));
int blas_thread_shutdown_(void) __attribute__((weak));

/* Is the address space limited (ulimit -v)?  Its limit in *limit. */
static int limited(rlim_t *limit)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	*limit = rl.rlim_cur;
	return 1;
}

/* The marker of a process blas_at_load started again: what it set, to be
 * taken back at once ("threads", "core:NAME" with NAME OpenBLAS's own
 * choice), so that nothing bsweep starts (a Slurm job on another
 * machine, gnuplot) inherits settings made for this CPU. */
#define RESTART_ENV "BSWEEP_OPENBLAS_RESTART"

static char replaced_core[32]; /* OpenBLAS's own choice, when replaced */
static int single_at_load;     /* started again with OPENBLAS_NUM_THREADS=1 */

/* The core OpenBLAS should run instead of the one it chose, or NULL.
 * OpenBLAS picks its kernels by the CPU's family and model, and gives a
 * model it does not know its fallback, Prescott's SSE3 kernels, whatever
 * the CPU runs: Debian 12's OpenBLAS 0.3.21 does so on Intel's family 6
 * model 207, where its GEMMs are then 3 to 4 times slower than with
 * SkylakeX's (measured with tests/bench_gemm.c).  The CPU's features
 * name the core OpenBLAS would have chosen for it: SkylakeX with
 * AVX-512 (F, CD, BW, DQ, VL), Haswell with AVX2 and FMA. */
static const char *better_core(void)
{
#if defined(__x86_64__)
	if (!openblas_get_corename || strcmp(blas_core(), "Prescott") != 0)
		return NULL;
	__builtin_cpu_init(); /* checks the OS saves the registers, too */
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
	    __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
	    __builtin_cpu_supports("avx512vl"))
		return "SkylakeX";
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
		return "Haswell";
#endif
	return NULL;
}

/* Start again with the variables `set` names set ("core:NAME threads"),
 * marked so that the second start takes them back; returns only when
 * exec fails (no /proc), with them taken back already. */
static void restart(char **argv, const char *set)
{
	setenv(RESTART_ENV, set, 1);
	execv("/proc/self/exe", argv);
	if (strstr(set, "core:"))
		unsetenv("OPENBLAS_CORETYPE");
	if (strstr(set, "threads"))
		unsetenv("OPENBLAS_NUM_THREADS");
	unsetenv(RESTART_ENV);
}

void blas_at_load(char **argv)
{
	const char *marker = getenv(RESTART_ENV);
	rlim_t limit;

	if (marker) { /* the second start: take back what the first set */
		const char *c = strstr(marker, "core:");
		if (c && getenv("OPENBLAS_CORETYPE")) { /* not a stray marker's word */
			msgf(replaced_core, sizeof replaced_core, "%.*s", (int)strcspn(c + 5, " "), c + 5);
			unsetenv("OPENBLAS_CORETYPE");
		}
		if (strstr(marker, "threads") && getenv("OPENBLAS_NUM_THREADS")) {
			single_at_load = 1;
			unsetenv("OPENBLAS_NUM_THREADS");
		}
		unsetenv(RESTART_ENV);
		return;
	}
	/* the pool exists already (OpenBLAS's constructor ran before main),
	 * and under an address-space limit each of its threads maps a work
	 * buffer when it starts: start again without it; exec ends the
	 * threads, stuck or not */
	if (getenv("OPENBLAS_NUM_THREADS") || !limited(&limit) || !openblas_get_num_threads ||
	    openblas_get_num_threads() <= 1)
		return;
	setenv("OPENBLAS_NUM_THREADS", "1", 1);
	restart(argv, "threads");
}

void blas_best_core(char **argv)
{
	const char *core;
	char set[64];
	if (replaced_core[0] || getenv("OPENBLAS_CORETYPE") || !(core = better_core()))
		return;
	/* keeping blas_at_load's reason to start again, if it had one */
	msgf(set, sizeof set, "core:%s%s", blas_core(), single_at_load ? " threads" : "");
	setenv("OPENBLAS_CORETYPE", core, 1);
	if (single_at_load)
		setenv("OPENBLAS_NUM_THREADS", "1", 1);
	restart(argv, set);
}

const char *blas_replaced_core(void)
{
	return replaced_core;
}

/* With OpenBLAS and a finite address-space limit (ulimit -v): is there
 * room for `threads` (>= 0) work buffers and `more` bytes besides?  ST_OK,
 * or ST_NOMEM with a message naming the limit and what it must be raised
 * by.  Tries by mapping (not touching) the space once. */
static enum status check_room(int threads, size_t more, char *err, size_t errsize);

enum status blas_set_threads(int n, size_t more, char *err, size_t errsize)
{
	enum status st;
	/* each new thread maps its work buffer as it starts, while this one
	 * goes on: check for all of it at once, before any starts */
	int start = n > blas_threads() ? n - blas_threads() : 0;
	if ((start || more) && (st = check_room(start, more, err, errsize)) != ST_OK)
		return st;
	if (openblas_set_num_threads)
		openblas_set_num_threads(n);
	if (n == 1 && blas_thread_shutdown_)
		/* OpenBLAS starts a worker thread per core when it loads, and
		 * an idle worker spins on sched_yield for about 0.1 s: with
		 * one thread it would only burn the other core (and slow
		 * -j 2's second worker).  Stop the pool; OpenBLAS restarts it
		 * itself should a call ever want threads. */
		blas_thread_shutdown_();
	return ST_OK;
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

static enum status check_room(int threads, size_t more, char *err, size_t errsize)
{
	rlim_t limit;
	size_t need;
	char beside[64] = "", what[160];
	void *p;
	if (!openblas_get_config || !limited(&limit))
		return ST_OK;
	if (!size_mul((size_t)threads, BLAS_BUFFER_BYTES, &need) ||
	    !size_add(need, more, &need))
		need = SIZE_MAX;
	p = need == SIZE_MAX ? MAP_FAILED :
		mmap(NULL, need, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p != MAP_FAILED) {
		munmap(p, need);
		return ST_OK;
	}
	if (more)
		msgf(beside, sizeof beside, " and the sweep's %.0f MiB", (double)more / 1048576.0);
	if (threads)
		msgf(what, sizeof what, "%d more OpenBLAS thread%s (a work buffer of %zu MiB each)%s",
		     threads, threads == 1 ? "" : "s", BLAS_BUFFER_BYTES >> 20, beside);
	else /* beside begins " and " */
		msgf(what, sizeof what, "%s", beside + 5);
	msgf(err, errsize, "the address-space limit (ulimit -v %llu) leaves no room for "
	     "%s, which OpenBLAS would wait for forever; nothing was written\n"
	     "hint: allow about %.0f MiB more address space, or use fewer --threads",
	     (unsigned long long)(limit >> 10), what, (double)need / 1048576.0);
	return ST_NOMEM;
}
