/* fingerprint.h: what machine and build produced a timing.
 *
 * Collected once per process; written into run.json and printed by
 * `bsweep --version`, so results from different machines can be compared
 * knowing what differed (CPU, cores, OS, compiler and flags, the fused
 * kernels' instruction set, OpenBLAS build, core type).  Fields that cannot be read say "unknown";
 * collection never fails.  The list of fields is fingerprint_fields: the
 * one table that --version, run.json and `bsweep compare` go through.
 */
#ifndef BSWEEP_FINGERPRINT_H
#define BSWEEP_FINGERPRINT_H

#include <stddef.h>
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
	char openblas_core_replaced[32]; /* OpenBLAS's own choice when bsweep replaced it, or "" */
	int native;             /* built with -march=native */
	char isa[32];           /* the fused kernels' variant (isa_name) */
	char isa_available[64]; /* the variants this CPU supports */
};

enum fingerprint_type { FP_STRING, FP_LONG, FP_BOOL };

/* One field: its name (--version, compare), where run.json keeps it (a
 * dotted path below the root), its type and place in the struct. */
struct fingerprint_field {
	const char *name;
	const char *json_path;
	enum fingerprint_type type;
	size_t offset;
	size_t size;            /* FP_STRING: the array's bytes */
};

/* In the order --version prints them and run.json writes them. */
extern const struct fingerprint_field fingerprint_fields[];
extern const size_t fingerprint_n_fields;

void fingerprint_collect(struct fingerprint *fp);

/* Field i of fp as text: strings as they are, numbers in decimal, the
 * bool as "yes"/"no". */
void fingerprint_text(char *buf, size_t size, const struct fingerprint *fp, size_t i);

/* A short id of the machine (not the build): "m" and 12 hex digits of a
 * hash (FNV-1a) of the fields cpu, logical_cores, os, kernel and
 * openblas_core, into buf (>= 14 bytes).  Two hosts with equal ids are
 * alike for timing purposes; summary.csv's column "machine". */
void fingerprint_machine_id(char *buf, size_t size, const struct fingerprint *fp);

/* "name: value" lines, for --version (the version itself excepted: it
 * heads the output). */
void fingerprint_print(FILE *f, const struct fingerprint *fp);

#endif
