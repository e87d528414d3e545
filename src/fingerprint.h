/* fingerprint.h: what machine and build produced a timing.
 *
 * Collected once per process; written into run.json and printed by
 * `bsweep --version`, so results from different machines can be compared
 * knowing what differed (CPU, cores, OS, compiler and flags, OpenBLAS
 * build, core type and threads).  Fields that cannot be read say
 * "unknown"; collection never fails.
 */
#ifndef BSWEEP_FINGERPRINT_H
#define BSWEEP_FINGERPRINT_H

#include <stdio.h>

struct fingerprint {
	char version[32];       /* bsweep version */
	char git[64];           /* git describe of the source, or "unknown" */
	char cpu[160];          /* /proc/cpuinfo model name */
	long logical_cores;     /* online logical CPUs */
	char os[160];           /* /etc/os-release PRETTY_NAME */
	char kernel[160];       /* uname -s -r -m */
	char compiler[160];     /* compiler name and version */
	char cflags[512];       /* flags the binary was compiled with */
	char openblas_config[256];   /* openblas_get_config() */
	char openblas_core[64];      /* openblas_get_corename() */
	char openblas_coretype_env[64]; /* $OPENBLAS_CORETYPE, or "" */
	int blas_threads;       /* openblas_get_num_threads() now */
	int native;             /* built with -march=native */
};

void fingerprint_collect(struct fingerprint *fp);

/* "key: value" lines, for --version. */
void fingerprint_print(FILE *f, const struct fingerprint *fp);

#endif
