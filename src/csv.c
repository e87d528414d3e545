/* csv.c: the CSV dialect (see csv.h): tables, the one line splitter. */
#define _POSIX_C_SOURCE 200809L
#include "csv.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ tables */

/* A free-text field, quoted (RFC 4180) when it holds a comma, a quote or
 * a line break. */
static void csv_put_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_write_header(FILE *f, const struct csv_table *t)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		if (i)
			fputc(',', f);
		fputs(t->cols[i].name, f);
	}
	fputc('\n', f);
}

/* v in decimal, with a minus sign when negative: what fprintf's %lu or
 * %ld print, without its format parsing (one call per field of every
 * row). */
static void put_integer(FILE *f, unsigned long long v, int negative)
{
	char d[24];
	size_t k = sizeof d;
	do
		d[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (negative)
		d[--k] = '-';
	fwrite(d + k, 1, sizeof d - k, f);
}

void csv_write_row(FILE *f, const struct csv_table *t, const void *row)
{
	char buf[40];
	for (size_t i = 0; i < t->n_cols; i++) {
		const struct csv_column *c = &t->cols[i];
		const void *v = (const char *)row + c->offset;
		if (i)
			fputc(',', f);
		switch (c->type) {
		case CSV_SIZE:
		case CSV_POSITIVE: put_integer(f, *(const size_t *)v, 0); break;
		case CSV_SEED: put_integer(f, *(const uint32_t *)v, 0); break;
		case CSV_LONG: {
			long x = *(const long *)v; /* its magnitude, LONG_MIN's included */
			put_integer(f, x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x, x < 0);
			break;
		}
		case CSV_REAL:
		case CSV_SECONDS:
		case CSV_RATE:
		case CSV_FRACTION:
		case CSV_LOSS:
			fmt_double(buf, sizeof buf, *(const double *)v);
			fputs(buf, f);
			break;
		case CSV_OPTIONAL:
			/* none: an empty field */
			if (!isnan(*(const double *)v)) {
				fmt_double(buf, sizeof buf, *(const double *)v);
				fputs(buf, f);
			}
			break;
		case CSV_ENUM: fputs(c->names[*(const int *)v], f); break;
		case CSV_TEXT: csv_put_field(f, *(const char *const *)v); break;
		case CSV_WORD: fputs((const char *)v, f); break;
		}
	}
	fputc('\n', f);
}

static int word_char(unsigned char ch)
{
	return ch > ' ' && ch < 0x7f && ch != ',' && ch != '"';
}

static int is_word(const char *s)
{
	for (; *s; s++)
		if (!word_char((unsigned char)*s))
			return 0;
	return 1;
}

void csv_word(char *word, const char *s)
{
	size_t i;
	for (i = 0; s[i] && i < CSV_WORD_MAX - 1; i++)
		word[i] = word_char((unsigned char)s[i]) ? s[i] : '_';
	word[i] = '\0';
}

/* Digits only (no sign, no blank), in [lo, hi]. */
static int parse_uint(const char *s, unsigned long long lo, unsigned long long hi,
		      unsigned long long *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end || *out < lo || *out > hi ? -1 : 0;
}

/* "a, b or c" from a NULL-terminated list. */
static void one_of(char *buf, size_t size, const char *const *names)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; names[i] && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i == 0 ? "" : names[i + 1] ? ", " : " or ", names[i]);
}

/* Parse one field by its column's type into v; NULL, or what was
 * expected (in buf when it is built). */
static const char *parse_field(const struct csv_column *c, const char *s, void *v,
			       char *buf, size_t size)
{
	unsigned long long u;
	double d;
	char *end;
	switch (c->type) {
	case CSV_SIZE:
	case CSV_POSITIVE:
		if (parse_uint(s, c->type == CSV_POSITIVE, SIZE_MAX, &u) != 0)
			return c->type == CSV_POSITIVE ? "a positive integer" : "a non-negative integer";
		*(size_t *)v = (size_t)u;
		return NULL;
	case CSV_SEED:
		if (parse_uint(s, 0, UINT32_MAX, &u) != 0)
			return "a non-negative integer";
		*(uint32_t *)v = (uint32_t)u;
		return NULL;
	case CSV_LONG:
		if (strcmp(s, "-1") == 0)
			u = 0, *(long *)v = -1;
		else if (parse_uint(s, 0, LONG_MAX, &u) == 0)
			*(long *)v = (long)u;
		else
			return "an integer >= -1";
		return NULL;
	case CSV_REAL:
	case CSV_SECONDS:
	case CSV_RATE:
	case CSV_FRACTION:
	case CSV_LOSS:
		if (!*s)
			return "a number";
		d = strtod(s, &end);
		if (*end)
			return "a number";
		if (c->type == CSV_SECONDS && !(isfinite(d) && d >= 0))
			return "a finite number >= 0";
		if (c->type == CSV_RATE && !(d >= 0))
			return "a number >= 0";
		if (c->type == CSV_FRACTION && !(d >= 0 && d <= 1))
			return "a number from 0 to 1";
		if (c->type == CSV_LOSS && !(d >= 0 || isnan(d)))
			return "a number >= 0, nan or inf";
		*(double *)v = d;
		return NULL;
	case CSV_OPTIONAL:
		if (!*s) {
			*(double *)v = NAN;
			return NULL;
		}
		d = strtod(s, &end);
		if (*end || !isfinite(d))
			return "a finite number or an empty field";
		*(double *)v = d;
		return NULL;
	case CSV_ENUM:
		for (int i = 0; c->names[i]; i++)
			if (strcmp(s, c->names[i]) == 0) {
				*(int *)v = i;
				return NULL;
			}
		one_of(buf, size, c->names);
		return buf;
	case CSV_WORD:
		if (strlen(s) >= CSV_WORD_MAX || !is_word(s))
			return "a word of printable characters without a comma, quote or blank";
		memcpy(v, s, strlen(s) + 1);
		return NULL;
	case CSV_TEXT:
		break;
	}
	return "a value";
}

enum status csv_read_row(const struct csv_table *t, char **field, const long *where,
			 void *row, const char *loc, char *err, size_t errsize)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		const char *bad;
		char expected[128];
		if (where[i] < 0)
			continue;
		bad = parse_field(&t->cols[i], field[where[i]], (char *)row + t->cols[i].offset,
				  expected, sizeof expected);
		if (bad) {
			/* a field of a hostile file: shown as data */
			char found[300];
			fmt_text(found, sizeof found, field[where[i]], strlen(field[where[i]]), 60, 0);
			msgf(err, errsize, "%s: %s: expected %s, found '%s'", loc,
			     t->cols[i].name, bad, found);
			return ST_INPUT;
		}
	}
	return ST_OK;
}

/* ------------------------------------------------------------ reading */

enum status csv_open(struct csv_reader *r, const char *path, size_t max_fields,
		     int *missing, char *err, size_t errsize)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->max_fields = max_fields;
	if (missing)
		*missing = 0;
	r->field = xcalloc(max_fields + 1, sizeof *r->field);
	if (!r->field) {
		msgf(err, errsize, "%s: out of memory", path);
		return ST_NOMEM;
	}
	r->f = fopen_read(path, 1);
	if (!r->f) {
		if (missing)
			*missing = errno == ENOENT;
		msgf(err, errsize, "%s: cannot open: %s", path,
		     errno == EINVAL ? "not a regular file" : strerror(errno));
		free(r->field);
		r->field = NULL;
		return ST_IO;
	}
	return ST_OK;
}

/* Blanks, a CR and double quotes around a field removed, in place. */
static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '"')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

long csv_next(struct csv_reader *r)
{
	ssize_t n;
	for (;;) {
		char *p;
		size_t k = 0;
		errno = 0;
		n = getline(&r->line, &r->cap, r->f);
		if (n < 0)
			return ferror(r->f) || errno == ENOMEM ? -1 : 0;
		r->lineno++;
		r->partial = r->line[n - 1] != '\n';
		if (!r->partial)
			r->line[--n] = '\0';
		p = r->line;
		if (r->lineno == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		if (!*trim(p))
			continue;
		for (;;) {
			char *comma = strchr(p, ',');
			if (k == r->max_fields)
				return (long)k + 1;
			if (comma)
				*comma = '\0';
			r->field[k++] = trim(p);
			if (!comma)
				return (long)k;
			p = comma + 1;
		}
	}
}

void csv_close(struct csv_reader *r)
{
	if (r->f)
		fclose(r->f);
	free(r->line);
	free(r->field);
	memset(r, 0, sizeof *r);
}
