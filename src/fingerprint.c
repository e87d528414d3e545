/* fingerprint.c: describe the machine and the build.  Reads /proc/cpuinfo,
 * /etc/os-release and uname(2); asks OpenBLAS for its configuration.  The
 * build facts (version, git, flags) come from the Makefile as -D macros. */
#define _POSIX_C_SOURCE 200809L
#include "fingerprint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "blas.h"
#include "isa.h"
#include "util.h"

#ifndef BSWEEP_VERSION
#define BSWEEP_VERSION "0.0.0"
#endif
#ifndef BSWEEP_GIT
#define BSWEEP_GIT "unknown"
#endif
#ifndef BSWEEP_CFLAGS
#define BSWEEP_CFLAGS "unknown"
#endif

#define SIZE(name) sizeof(((struct fingerprint *)0)->name)
#define F(name, path, type) {#name, path, type, offsetof(struct fingerprint, name), SIZE(name)}
const struct fingerprint_field fingerprint_fields[] = {
	{"bsweep_version", "bsweep_version", FP_STRING, offsetof(struct fingerprint, version),
	 SIZE(version)},
	F(git, "git", FP_STRING),
	F(cpu, "machine.cpu", FP_STRING),
	F(logical_cores, "machine.logical_cores", FP_LONG),
	F(os, "machine.os", FP_STRING),
	F(kernel, "machine.kernel", FP_STRING),
	F(compiler, "machine.compiler", FP_STRING),
	F(cflags, "machine.cflags", FP_STRING),
	F(native, "machine.native", FP_BOOL),
	F(isa, "machine.isa", FP_STRING),
	F(isa_available, "machine.isa_available", FP_STRING),
	{"openblas", "machine.openblas", FP_STRING, offsetof(struct fingerprint, openblas_config),
	 SIZE(openblas_config)},
	F(openblas_core, "machine.openblas_core", FP_STRING),
	F(openblas_coretype_env, "machine.openblas_coretype_env", FP_STRING),
	F(openblas_core_replaced, "machine.openblas_core_replaced", FP_STRING),
};
#undef F
#undef SIZE
const size_t fingerprint_n_fields = sizeof fingerprint_fields / sizeof fingerprint_fields[0];

/* Value of the first line "key<sep>value" of a file, trimmed, unquoted. */
static void read_key(const char *path, const char *key, char sep, char *out,
		     size_t size)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t klen = strlen(key);
	msgf(out, size, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *v, *end;
		if (strncmp(line, key, klen) != 0)
			continue;
		v = line + klen;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v != sep)
			continue;
		v++;
		while (*v == ' ' || *v == '"')
			v++;
		end = v + strlen(v);
		while (end > v && (end[-1] == '\n' || end[-1] == '"' || end[-1] == ' '))
			*--end = '\0';
		msgf(out, size, "%s", v);
		break;
	}
	fclose(f);
}

void fingerprint_collect(struct fingerprint *fp)
{
	struct utsname u;
	const char *env = getenv("OPENBLAS_CORETYPE");

	memset(fp, 0, sizeof *fp);
	msgf(fp->version, sizeof fp->version, "%s", BSWEEP_VERSION);
	msgf(fp->git, sizeof fp->git, "%s", BSWEEP_GIT);
	read_key("/proc/cpuinfo", "model name", ':', fp->cpu, sizeof fp->cpu);
	fp->logical_cores = sysconf(_SC_NPROCESSORS_ONLN);
	read_key("/etc/os-release", "PRETTY_NAME", '=', fp->os, sizeof fp->os);
	if (uname(&u) == 0)
		msgf(fp->kernel, sizeof fp->kernel, "%s %s %s", u.sysname,
		     u.release, u.machine);
	else
		msgf(fp->kernel, sizeof fp->kernel, "unknown");
#if defined(__clang__)
	msgf(fp->compiler, sizeof fp->compiler, "clang %s", __clang_version__);
#elif defined(__GNUC__)
	msgf(fp->compiler, sizeof fp->compiler, "gcc %s", __VERSION__);
#else
	msgf(fp->compiler, sizeof fp->compiler, "unknown");
#endif
	msgf(fp->cflags, sizeof fp->cflags, "%s", BSWEEP_CFLAGS);
	fp->native = strstr(BSWEEP_CFLAGS, "-march=native") != NULL;
	msgf(fp->isa, sizeof fp->isa, "%s", isa_name());
	isa_available(fp->isa_available, sizeof fp->isa_available);
	msgf(fp->openblas_config, sizeof fp->openblas_config, "%s", blas_config());
	/* trailing blanks in OpenBLAS' config string */
	for (size_t n = strlen(fp->openblas_config);
	     n > 0 && fp->openblas_config[n - 1] == ' '; n--)
		fp->openblas_config[n - 1] = '\0';
	msgf(fp->openblas_core, sizeof fp->openblas_core, "%s", blas_core());
	msgf(fp->openblas_coretype_env, sizeof fp->openblas_coretype_env, "%s",
	     env ? env : "");
	msgf(fp->openblas_core_replaced, sizeof fp->openblas_core_replaced, "%s",
	     blas_replaced_core());
}

void fingerprint_text(char *buf, size_t size, const struct fingerprint *fp, size_t i)
{
	const struct fingerprint_field *f = &fingerprint_fields[i];
	const char *v = (const char *)fp + f->offset;
	switch (f->type) {
	case FP_STRING: msgf(buf, size, "%s", v); break;
	case FP_LONG: msgf(buf, size, "%ld", *(const long *)(const void *)v); break;
	case FP_BOOL: msgf(buf, size, "%s", *(const int *)(const void *)v ? "yes" : "no"); break;
	}
}

void fingerprint_machine_id(char *buf, size_t size, const struct fingerprint *fp)
{
	static const char *const machine[] = {"cpu", "logical_cores", "os", "kernel",
					      "openblas_core"};
	uint64_t h = 0xcbf29ce484222325u;
	char text[640];
	for (size_t m = 0; m < sizeof machine / sizeof machine[0]; m++)
		for (size_t i = 0; i < fingerprint_n_fields; i++) {
			if (strcmp(fingerprint_fields[i].name, machine[m]) != 0)
				continue;
			fingerprint_text(text, sizeof text, fp, i);
			/* the field's text and a separator */
			for (const char *p = text;; p++) {
				h = (h ^ (unsigned char)*p) * 0x100000001b3u;
				if (!*p)
					break;
			}
		}
	msgf(buf, size, "m%012llx", (unsigned long long)(h >> 16));
}

void fingerprint_print(FILE *f, const struct fingerprint *fp)
{
	char buf[640];
	for (size_t i = 1; i < fingerprint_n_fields; i++) {
		fingerprint_text(buf, sizeof buf, fp, i);
		fprintf(f, "%s: %s\n", fingerprint_fields[i].name,
			buf[0] ? buf : "(unset)");
	}
}
