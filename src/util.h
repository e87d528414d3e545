/* util.h: the small things every module needs.
 *
 * Fatal errors (allocation, I/O) go through die(); they print
 * "bsweep: what: strerror" and exit with EXIT_RUNTIME.  Config and CLI
 * problems do NOT come here: they are returned as a status plus a message
 * so that tests can pin the text.
 *
 * The allocation wrappers count allocations so that a test can make the
 * k-th one fail (BSWEEP_FAIL_ALLOC=k in the environment), which exercises
 * every out-of-memory path; with BSWEEP_ALLOC_STATS set they print
 * "bsweep: alloc-stats: count=N fail_at=K failed=F" on stderr at exit.
 */
#ifndef BSWEEP_UTIL_H
#define BSWEEP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes, documented in --help, README and bsweep.1. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,   /* I/O, memory, anything the config did not cause */
	EXIT_USAGE = 2,     /* bad command line or bad config: nothing written */
	EXIT_SIGNAL_BASE = 128 /* + the signal: 130 SIGINT, 143 SIGTERM */
};

/* Program name used as the prefix of every message. */
extern const char *util_progname;

/* Print "bsweep: <fmt>" and, when errno_value != 0, ": strerror(errno_value)",
 * then exit(EXIT_RUNTIME).  Never returns. */
void die(int errno_value, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* Print "bsweep: warning: <fmt>\n" on stderr. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Checked allocation: returns NULL on failure (callers report it), so that
 * out-of-memory can become a clean error instead of a crash.  Zero-size
 * requests return a valid unique pointer.  Free with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);

/* How many checked allocations have failed so far (injected or real).
 * Lets a caller of a library that allocates through xmalloc (cJSON, see
 * the hooks in main.c) tell "out of memory" from its other failures:
 * compare the count before and after the call. */
size_t xalloc_failures(void);


/* A command-line mistake: "bsweep[ SUBCOMMAND]: <fmt with arg>", then a
 * pointer to --help, on stderr.  Returns EXIT_USAGE. */
int usage_error(const char *subcommand, const char *fmt, const char *arg);

/* Flush standard output and check it: EXIT_OK, or EXIT_RUNTIME after
 * printing "bsweep: standard output: <error>" (a full disk, a closed
 * pipe): data asked for on stdout must not be lost silently. */
int finish_stdout(void);

/* Multiply two sizes; returns 0 and leaves *out alone on overflow. */
int size_mul(size_t a, size_t b, size_t *out);
int size_add(size_t a, size_t b, size_t *out);

/* Monotonic clock in seconds (CLOCK_MONOTONIC). */
double clock_seconds(void);

/* Strict number parsing for command-line values: the whole string must be a
 * base-10 integer in [lo, hi] (an optional sign, digits, nothing around
 * them).  Returns 0 on success. */
int parse_long(const char *s, long lo, long hi, long *out);

/* snprintf into a fixed buffer that always terminates; truncation is fine
 * for messages. */
void msgf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Read a whole file into a NUL-terminated malloc'd buffer (caller frees).
 * Refuses directories and files larger than max_bytes.  On failure returns
 * NULL and writes a message (without the program name) into err. */
char *read_file(const char *path, size_t max_bytes, size_t *len,
		char *err, size_t errsize);

/* 64-bit FNV-1a over a byte buffer, continuing from h (start with
 * FNV1A64_INIT). */
#define FNV1A64_INIT 0xcbf29ce484222325ULL
uint64_t fnv1a64(uint64_t h, const void *data, size_t n);

/* mkdir -p: create path and its missing parents (mode 0777 & ~umask).
 * Returns 0, or -1 with errno set. */
int make_dirs(const char *path);

#endif
