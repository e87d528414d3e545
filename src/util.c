/* util.c: messages, checked allocation, clock, strict parsing, whole-file
 * reads.  Nothing here knows about neural networks or configs. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dtoa.h"

const char *util_progname = "bsweep";

/* Allocation-failure injection: BSWEEP_FAIL_ALLOC=k makes the k-th checked
 * allocation (1-based) fail.  Read once.  BSWEEP_ALLOC_STATS (any value)
 * prints the count at exit, so that a test can tell a failure that was
 * reported from one that was silently swallowed (tests/alloc.sh). */
static long fail_at = -1;
static long alloc_count;
static size_t alloc_failed; /* checked allocations that returned NULL */

static void alloc_stats(void)
{
	fprintf(stderr, "%s: alloc-stats: count=%ld fail_at=%ld failed=%zu\n",
		util_progname, alloc_count, fail_at, alloc_failed);
}

static int alloc_should_fail(void)
{
	if (fail_at < 0) {
		const char *s = getenv("BSWEEP_FAIL_ALLOC");
		long k;
		fail_at = (s && parse_long(s, 1, LONG_MAX, &k) == 0) ? k : 0;
		if (getenv("BSWEEP_ALLOC_STATS"))
			atexit(alloc_stats);
	}
	alloc_count++;
	return fail_at > 0 && alloc_count == fail_at;
}

size_t xalloc_failures(void)
{
	return alloc_failed;
}

void warn(const char *fmt, ...)
{
	va_list ap;
	/* what is already on stdout comes first when both go to one pipe */
	fflush(stdout);
	char msg[4096];
	fprintf(stderr, "%s: warning: ", util_progname);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fput_message(msg, stderr);
	fputc('\n', stderr);
}

void *xmalloc(size_t size)
{
	void *p = alloc_should_fail() ? NULL : malloc(size ? size : 1);
	if (!p) {
		alloc_failed++;
		errno = ENOMEM;
	}
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p;
	if (count == 0 || size == 0)
		count = size = 1;
	p = alloc_should_fail() ? NULL : calloc(count, size);
	if (!p) {
		alloc_failed++;
		errno = ENOMEM;
	}
	return p;
}

int size_mul(size_t a, size_t b, size_t *out)
{
	if (a != 0 && b > SIZE_MAX / a)
		return 0;
	*out = a * b;
	return 1;
}

int size_add(size_t a, size_t b, size_t *out)
{
	if (b > SIZE_MAX - a)
		return 0;
	*out = a + b;
	return 1;
}

double clock_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int parse_double(const char *s, double *out)
{
	char *end;
	size_t n = strlen(s);
	if (n == 0)
		return 1;
	*out = strtod(s, &end);
	if (*end || end == s)
		return 1;
	if (!isfinite(*out))
		return 2; /* nan, inf, 1e999 */
	/* strtod's other forms (hex, leading spaces) are not data */
	return strspn(s, "0123456789+-.eE") != n;
}

int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;
	/* strtol would skip leading white space: " 4" is not a number here */
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

void fmt_text(char *buf, size_t size, const char *s, size_t n, size_t max, int quote)
{
	size_t cut = n > max ? max : n, len = 0;
	while (cut < n && cut > 0 && (s[cut] & 0xc0) == 0x80)
		cut--;
	buf[0] = '\0';
	for (size_t i = 0; i < cut && len + 1 < size; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == 0xc2 && i + 1 < cut && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] < 0xa0) /* U+0080..U+009F, C1 controls */
			msgf(buf + len, size - len, "\\u%04x", (unsigned char)s[++i]);
		else if (ch == '\n' || ch == '\t' || ch == '\r')
			msgf(buf + len, size - len, "\\%c", ch == '\n' ? 'n' : ch == '\t' ? 't' : 'r');
		else if (ch < 0x20 || ch == 0x7f)
			msgf(buf + len, size - len, "\\u%04x", ch);
		else if (quote && (ch == '"' || ch == '\\'))
			msgf(buf + len, size - len, "\\%c", ch);
		else
			buf[len] = (char)ch, buf[len + 1] = '\0';
		len += strlen(buf + len);
	}
	if (n > cut)
		msgf(buf + len, size - len, "...");
}

void fput_message(const char *s, FILE *f)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		unsigned char ch = (unsigned char)s[i];
		size_t n = ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;
		if (ch >= 0x80 && (n > len - i || utf8_check((const unsigned char *)s + i, n) != n)) {
			fprintf(f, "\\x%02x", ch); /* not UTF-8 */
			i++;
			continue;
		}
		if (ch == 0xc2 && (unsigned char)s[i + 1] < 0xa0)
			fprintf(f, "\\u%04x", (unsigned char)s[i + 1]); /* C1 */
		else if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fwrite(s + i, 1, n, f);
		i += n;
	}
}

void note(const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fput_message(msg, stderr);
}

/* fmt_double's text from v's shortest digits d (n of them, |v| = 0.d x
 * 10^point) as "%.Pg" prints them, P = max(15, n), without printf: %g's
 * exponent style below 1e-4 and from 10^P on, no trailing zeros. */
static void fmt_digits(char *buf, size_t size, int negative, const char *d, int n, int point)
{
	char t[48]; /* at most 1 + 17 + 1 + 5 or 1 + 2 + 3 + 17 or 1 + 17 + 5 bytes and the NUL */
	size_t k = 0;
	int x = point - 1, prec = n > 15 ? n : 15; /* x: the first digit's exponent */
	if (negative)
		t[k++] = '-';
	if (x < -4 || x >= prec) { /* d.ddde+XX */
		t[k++] = d[0];
		if (n > 1) {
			t[k++] = '.';
			memcpy(t + k, d + 1, (size_t)n - 1);
			k += (size_t)n - 1;
		}
		t[k] = '\0';
		msgf(t + k, sizeof t - k, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
	} else if (x < 0) { /* 0.000ddd */
		t[k++] = '0';
		t[k++] = '.';
		for (int i = 0; i < -x - 1; i++)
			t[k++] = '0';
		memcpy(t + k, d, (size_t)n);
		t[k + (size_t)n] = '\0';
	} else { /* ddd[000][.ddd] */
		for (int i = 0; i <= x; i++)
			t[k++] = i < n ? d[i] : '0';
		if (n > x + 1) {
			t[k++] = '.';
			memcpy(t + k, d + x + 1, (size_t)(n - x - 1));
			k += (size_t)(n - x - 1);
		}
		t[k] = '\0';
	}
	k = strlen(t); /* copied as snprintf would, cut to size */
	if (size == 0)
		return;
	if (k >= size)
		k = size - 1;
	memcpy(buf, t, k);
	buf[k] = '\0';
}

/* Can v lie exactly halfway between two decimals of prec significant
 * digits?  Then printf (ties to even) and the shortest digits (the
 * library breaks ties its own way) might differ.  v = m 2^-t with m odd
 * and t > 0 is exactly m 5^t / 10^t: D = digits(m 5^t) significant
 * digits, the last a 5, so a tie at prec digits needs D = prec + 1.  An
 * integer above 2^53 (which 16 or 17 digits need) is even: no tie.  D is
 * floor(log10 m + t log10 5) + 1; within 1e-9 of a whole number the
 * answer is "maybe". */
static int may_tie(double v, int prec)
{
	int e, t;
	uint64_t m = (uint64_t)ldexp(frexp(fabs(v), &e), 53); /* v = m 2^(e - 53) */
	double l, f;
	t = 53 - e - __builtin_ctzll(m); /* fraction bits */
	if (t <= 0)
		return 0;
	m >>= __builtin_ctzll(m);
	l = log10((double)m) + t * 0.69897000433601880479; /* log10 5 */
	f = floor(l);
	return l - f < 1e-9 || f + 1.0 - l < 1e-9 || (int)f + 1 == prec + 1;
}

void fmt_double(char *buf, size_t size, double v)
{
	char d[32];
	int point, n, e;
	if (isnan(v)) {
		msgf(buf, size, "nan");
		return;
	}
	if (isinf(v)) {
		msgf(buf, size, "%s", v > 0 ? "inf" : "-inf");
		return;
	}
	if (v == 0.0) {
		msgf(buf, size, "%s", signbit(v) ? "-0" : "0");
		return;
	}
	n = dtoa_shortest(v, d, (int)sizeof d, &point);
	/* With 15 digits or fewer the shortest digits are the 15-digit
	 * rounding of v (15-digit decimals are further apart than doubles),
	 * and with 16 or 17 the 16- or 17-digit rounding unless two are
	 * equally near: what the loop below would print.  Not so below
	 * DBL_MIN (fewer digits of precision than 15), nor, with 16 digits,
	 * at a power of two (its lower neighbour is half as far): there the
	 * loop decides, as when a tie is possible (printf rounds it). */
	if (fabs(v) >= DBL_MIN && (n <= 15 || ((n == 17 || frexp(fabs(v), &e) != 0.5) &&
					       !may_tie(v, n)))) {
		fmt_digits(buf, size, signbit(v) != 0, d, n, point);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		msgf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void msgf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

FILE *fopen_read(const char *path, int regular_only)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || (regular_only && !S_ISREG(st.st_mode))) {
		int e = regular_only && errno != EBADF ? EINVAL : errno;
		close(fd);
		errno = e;
		return NULL;
	}
	/* blocking again: a pipe that has a writer is read to its end */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (!(f = fdopen(fd, "r")))
		close(fd);
	return f;
}

enum status read_file(const char *path, size_t max_bytes, char **out,
		      size_t *len, char *err, size_t errsize)
{
	FILE *f = fopen_read(path, 0);
	struct stat st;
	char *buf;
	size_t n, cap;

	*out = NULL;
	if (!f) {
		msgf(err, errsize, "%s: cannot open: %s", path, strerror(errno));
		return ST_IO;
	}
	if (fstat(fileno(f), &st) != 0) {
		msgf(err, errsize, "%s: cannot stat: %s", path, strerror(errno));
		fclose(f);
		return ST_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		msgf(err, errsize, "%s: is a directory, expected a JSON file", path);
		fclose(f);
		return ST_INPUT;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
		msgf(err, errsize, "%s: file is too large (%jd bytes, at most %zu)",
		     path, (intmax_t)st.st_size, max_bytes);
		fclose(f);
		return ST_INPUT;
	}
	/* a regular file needs its size (plus one byte to notice growth);
	 * a pipe or device may hold up to max_bytes + 1 to notice excess */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : max_bytes + 1;
	buf = xmalloc(cap + 1);
	if (!buf) {
		msgf(err, errsize, "%s: out of memory", path);
		fclose(f);
		return ST_NOMEM;
	}
	n = fread(buf, 1, cap, f);
	if (ferror(f)) {
		msgf(err, errsize, "%s: read error: %s", path, strerror(errno));
		free(buf);
		fclose(f);
		return ST_IO;
	}
	fclose(f);
	if (n > max_bytes) {
		msgf(err, errsize, "%s: file is too large (more than %zu bytes)",
		     path, max_bytes);
		free(buf);
		return ST_INPUT;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	*out = buf;
	return ST_OK;
}

size_t utf8_check(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned cp, min;
		if (c < 0x80) { i++; continue; }
		if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; min = 0x80; }
		else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0x0f; min = 0x800; }
		else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x07; min = 0x10000; }
		else return i;
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

uint64_t fnv1a64(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

enum status make_dirs(const char *path, char *err, size_t errsize)
{
	char buf[4096];
	size_t n = strlen(path);
	struct stat st;
	if (n == 0 || n >= sizeof buf) {
		errno = n ? ENAMETOOLONG : ENOENT;
		goto fail;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;
			*p = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST)
				goto fail;
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
	if (stat(path, &st) != 0)
		goto fail;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail;
	}
	return ST_OK;
fail:
	msgf(err, errsize, "%s: cannot create the output directory: %s", path,
	     strerror(errno));
	return ST_IO;
}

int path_join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	int k;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n > INT_MAX)
		return -1;
	k = snprintf(buf, size, "%.*s%s%s", (int)n, dir,
		     n && dir[n - 1] == '/' ? "" : "/", name);
	return k < 0 || (size_t)k >= size ? -1 : 0;
}

/* Edit distance with adjacent transpositions (optimal string alignment),
 * for "did you mean"; case differences are free.  Keys are short. */
size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[64][64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = (a[i - 1] == b[j - 1] ||
				       (a[i - 1] ^ 32) == b[j - 1]) ? 0 : 1;
			size_t best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}
