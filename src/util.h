/* util.h: the small things every module needs, and the one error
 * convention (STYLE.md section 5, SQLite's): a function that can fail
 * returns an enum status and, unless ST_OK, has written a message naming
 * the file, JSON path or option into its caller's buffer (err, errsize),
 * without the program name; a second line "hint: ..." may follow.  Nothing
 * below the command line prints an error, reads errno after the call, or
 * exits: only cli.c turns a status into an exit code.
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

/* What went wrong; the exit code each maps to is cli.c's business. */
enum status {
	ST_OK = 0,
	ST_INPUT,       /* the user's input: config, option, results directory */
	ST_NOMEM,       /* an allocation failed */
	ST_IO,          /* a file or stream could not be read or written */
	ST_INTERRUPTED  /* stopped by SIGINT or SIGTERM */
};

/* Room for any message: up to three whole paths (PATH_MAX each) and the
 * reason, so that a long path never cuts the reason off. */
#define MSG_MAX (3 * 4096 + 1024)

/* Program name used as the prefix of every message. */
extern const char *util_progname;

/* Print "bsweep: warning: <fmt>\n" on stderr, after flushing stdout (so
 * that both in one pipe do not interleave mid-line). */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Checked allocation: returns NULL on failure (callers report it), so that
 * out-of-memory can become a clean error instead of a crash.  Zero-size
 * requests return a valid unique pointer.  Free with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);

/* How many checked allocations have failed so far (injected or real).
 * Only json.c reads it, to tell cJSON's "out of memory" from its other
 * failures (cJSON allocates through xmalloc: the hooks in json.c). */
size_t xalloc_failures(void);

/* Multiply two sizes; returns 0 and leaves *out alone on overflow. */
int size_mul(size_t a, size_t b, size_t *out);
int size_add(size_t a, size_t b, size_t *out);

/* Monotonic clock in seconds (CLOCK_MONOTONIC). */
double clock_seconds(void);

/* Strict number parsing for command-line values: the whole string must be a
 * base-10 integer in [lo, hi] (an optional sign, digits, nothing around
 * them).  Returns 0 on success. */
int parse_long(const char *s, long lo, long hi, long *out);

/* Strict decimal number for data files: the whole string must be an
 * optional sign, digits with an optional '.', an optional exponent
 * (no spaces, hex, inf or nan), read with strtod in the "C" locale
 * (bsweep never calls setlocale), correctly rounded.  Returns 0, 1 when
 * it is not such a number, 2 for nan, inf or a number beyond double's range. */
int parse_double(const char *s, double *out);

/* The one number formatter: the shortest of 15, 16 or 17 significant
 * digits ("%.*g") that reads back to exactly v, '.' as the decimal point
 * (bsweep never calls setlocale, so printf stays in the "C" locale);
 * nan, inf, -inf for the non-finite.  buf needs at least 32 bytes. */
void fmt_double(char *buf, size_t size, double v);

/* Text from a file (a config's key or string, a CSV field) as it may
 * appear in a message, into buf: at most max bytes of s (n bytes), cut
 * at a UTF-8 character boundary, "..." when cut; no control reaches a
 * terminal: C0 controls, DEL and the C1 controls (U+0080..U+009F) are
 * written as escapes (\n, \t, \r, \u001b).  With quote, '"' and '\\'
 * are escaped too (decoded text shown between quotes); without, s is
 * shown as it is otherwise (JSON source, whose escapes already are). */
void fmt_text(char *buf, size_t size, const char *s, size_t n, size_t max, int quote);

/* A whole message s onto f (stderr) as it may reach a terminal: every
 * message prints through this, since it may hold any byte of argv, of a
 * file name or of a file.  Line feeds and tabs are written; other C0
 * controls, DEL and the C1 controls as \u001b; bytes that are not UTF-8
 * (a lone 0x9b is a C1 CSI to some terminals) as \xff; the rest as it
 * is.  fmt_text's escapes are kept, so a message is never escaped twice. */
void fput_message(const char *s, FILE *f);

/* Text for the user on stderr, printf-like, through fput_message (the
 * caller ends its lines): what a sweep kept, where its results went, ...,
 * which may name directories and values from argv. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* snprintf into a fixed buffer that always terminates; truncation is fine
 * for messages. */
void msgf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Open path for reading without ever blocking on it: a FIFO nobody
 * writes to reads as empty instead of hanging.  With regular_only, anything
 * but a regular file is refused (errno EINVAL: "not a regular file").
 * Returns the stream, or NULL with errno, as fopen. */
FILE *fopen_read(const char *path, int regular_only);

/* Read a whole file into a NUL-terminated malloc'd buffer *out (caller
 * frees), its length into *len (may be NULL).  ST_INPUT for a directory
 * or a file larger than max_bytes, ST_IO when it cannot be opened or
 * read, ST_NOMEM; *out is NULL on failure. */
enum status read_file(const char *path, size_t max_bytes, char **out,
		      size_t *len, char *err, size_t errsize);

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
 * Returns the offset of the first bad byte, or len when all is well. */
size_t utf8_check(const unsigned char *s, size_t len);

/* Edit distance between a and b with adjacent transpositions (optimal
 * string alignment), case differences free: how far a typed name is from
 * a known one, for "did you mean" (config keys, subcommands).  Strings of
 * 63 bytes or more are 99 away from everything. */
size_t edit_distance(const char *a, const char *b);

/* 64-bit FNV-1a over a byte buffer, continuing from h (start with
 * FNV1A64_INIT). */
#define FNV1A64_INIT 0xcbf29ce484222325ULL
uint64_t fnv1a64(uint64_t h, const void *data, size_t n);

/* mkdir -p: create path and its missing parents (mode 0777 & ~umask).
 * ST_OK, or ST_IO with "PATH: cannot create the output directory: ...". */
enum status make_dirs(const char *path, char *err, size_t errsize);

/* dir + "/" + name into buf, without doubling a trailing slash of dir.
 * Returns 0, or -1 when it does not fit. */
int path_join(char *buf, size_t size, const char *dir, const char *name);

#endif
