/* fingerprint.c: describe the machine and the build.  Reads /proc/cpuinfo,
 * /etc/os-release and uname(2); asks OpenBLAS for its configuration.  The
 * build facts (version, git, flags) come from the Makefile as -D macros. */
#define _POSIX_C_SOURCE 200809L
#include "fingerprint.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cblas.h>

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
	const char *cfg = openblas_get_config(), *core = openblas_get_corename();

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
	msgf(fp->openblas_config, sizeof fp->openblas_config, "%s",
	     cfg ? cfg : "unknown");
	/* trailing blanks in OpenBLAS' config string */
	for (size_t n = strlen(fp->openblas_config);
	     n > 0 && fp->openblas_config[n - 1] == ' '; n--)
		fp->openblas_config[n - 1] = '\0';
	msgf(fp->openblas_core, sizeof fp->openblas_core, "%s",
	     core ? core : "unknown");
	msgf(fp->openblas_coretype_env, sizeof fp->openblas_coretype_env, "%s",
	     env ? env : "");
	fp->blas_threads = openblas_get_num_threads();
}

void fingerprint_print(FILE *f, const struct fingerprint *fp)
{
	fprintf(f, "cpu: %s\n", fp->cpu);
	fprintf(f, "logical_cores: %ld\n", fp->logical_cores);
	fprintf(f, "os: %s\n", fp->os);
	fprintf(f, "kernel: %s\n", fp->kernel);
	fprintf(f, "compiler: %s\n", fp->compiler);
	fprintf(f, "cflags: %s\n", fp->cflags);
	fprintf(f, "native: %s\n", fp->native ? "yes" : "no");
	fprintf(f, "git: %s\n", fp->git);
	fprintf(f, "openblas: %s\n", fp->openblas_config);
	fprintf(f, "openblas_core: %s\n", fp->openblas_core);
	fprintf(f, "openblas_coretype_env: %s\n",
		fp->openblas_coretype_env[0] ? fp->openblas_coretype_env : "(unset)");
	fprintf(f, "blas_threads: %d\n", fp->blas_threads);
}
