/* table.c: a labelled table of numbers from CSV files, through libcsv.
 *
 * libcsv does the quoting (strict mode: a stray quote is an error) and
 * calls back once per field and once per row; this file counts lines
 * (the file is fed up to each '\n', so a callback knows the line it is
 * on: a field's line is where it ends, which differs from where it starts
 * only for a quoted field with line breaks) and fields, and judges every
 * value.  libcsv trims spaces and tabs around unquoted fields and skips
 * empty lines; a UTF-8 byte order mark at the start is skipped.  Labels
 * are texts: distinct ones are collected in order of
 * appearance while reading and renumbered at the end (sorted), so one
 * pass does for a reading pass as for a counting one.
 */
#include "table.h"

#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 65536
#define POS_MAX 4200 /* "FILE:LINE:COLUMN" */

struct reader {
	struct table *t;
	const char *path, *label;
	char *err;
	size_t errsize;
	enum status st;         /* ST_OK until the first error */
	size_t (*row_bytes)(size_t);
	size_t max_bytes;
	double *x64;            /* NULL: counting only */
	int32_t *y;
	size_t file;            /* 0 or 1 */
	size_t line;            /* 1-based line being fed */
	size_t field;           /* fields so far in this row */
	size_t row;             /* rows so far in this file, the header included */
	size_t out;             /* data rows written so far, both files */
	size_t ncol, label_col; /* header's fields, the label's index */
	char **names;           /* header texts (ncol); file 1 must match */
	size_t nnames;
	size_t *order;          /* class of each appearance-order label */
	char **seen;            /* labels in order of appearance */
	size_t nseen;
	int32_t last;           /* the last label's appearance index, -1 */
	int pending;            /* a field of this row is bad: its message is
				   in err, reported at the row's end unless
				   the row has the wrong number of fields */
	int ended_nl;           /* the last byte fed was '\n' */
};

static void where(struct reader *r, char *buf, size_t size)
{
	msgf(buf, size, "%s:%zu:%zu", r->path, r->line, r->field + 1);
}

static void column_name(struct reader *r, char *buf, size_t size)
{
	char t[100];
	if (r->field < r->nnames) {
		fmt_text(t, sizeof t, r->names[r->field], strlen(r->names[r->field]), 60, 1);
		msgf(buf, size, "column \"%s\"", t);
	} else
		msgf(buf, size, "column %zu", r->field + 1);
}

static char *dup_text(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void nomem(struct reader *r)
{
	msgf(r->err, r->errsize, "%s: out of memory reading the data", r->path);
	r->st = ST_NOMEM;
}

static void header_field(struct reader *r, const char *s, size_t n)
{
	if (r->file == 1) {
		if (r->field >= r->nnames || strlen(r->names[r->field]) != n ||
		    memcmp(r->names[r->field], s, n) != 0) {
			char pos[POS_MAX], found[100];
			where(r, pos, sizeof pos);
			fmt_text(found, sizeof found, s, n, 60, 1);
			msgf(r->err, r->errsize, "%s: expected the header of data.path's file, found \"%s\" in field %zu",
			     pos, found, r->field + 1);
			r->st = ST_INPUT;
		}
		return;
	}
	{
		char **grown = realloc(r->names, (r->nnames + 1) * sizeof *grown);
		if (!grown) {
			nomem(r);
			return;
		}
		r->names = grown;
		if (!(r->names[r->nnames] = dup_text(s, n))) {
			nomem(r);
			return;
		}
		r->nnames++;
	}
}

/* The label's class: its appearance index (y renumbered at the end). */
static void label_field(struct reader *r, const char *s, size_t n)
{
	size_t i;
	if (r->last >= 0 && strlen(r->seen[r->last]) == n && memcmp(r->seen[r->last], s, n) == 0)
		i = (size_t)r->last;
	else {
		for (i = 0; i < r->nseen; i++)
			if (strlen(r->seen[i]) == n && memcmp(r->seen[i], s, n) == 0)
				break;
		if (i == r->nseen) {
			char **grown;
			if (r->nseen == TABLE_MAX_CLASSES) {
				char pos[POS_MAX], name[120];
				where(r, pos, sizeof pos);
				column_name(r, name, sizeof name);
				msgf(r->err, r->errsize, "%s: %s: expected at most %d distinct labels, found more\n"
				     "hint: is data.label the column of classes?", pos, name, TABLE_MAX_CLASSES);
				r->st = ST_INPUT;
				return;
			}
			if (!(grown = realloc(r->seen, (r->nseen + 1) * sizeof *grown))) {
				nomem(r);
				return;
			}
			r->seen = grown;
			if (!(r->seen[r->nseen] = dup_text(s, n))) {
				nomem(r);
				return;
			}
			r->nseen++;
		}
		r->last = (int32_t)i;
	}
	if (r->y)
		r->y[r->out] = (int32_t)i;
}

static void on_field(void *s, size_t n, void *data)
{
	struct reader *r = data;
	const char *text = s ? s : "";
	char pos[POS_MAX], name[120], found[100];
	if (r->st != ST_OK)
		return;
	if (r->row == 0) {
		header_field(r, text, n);
		r->field++;
		return;
	}
	if (r->field >= r->ncol || r->pending) {
		r->field++; /* counted for the row's message */
		return;
	}
	if (n == 0 || strlen(text) != n) {
		where(r, pos, sizeof pos);
		column_name(r, name, sizeof name);
		if (n == 0)
			msgf(r->err, r->errsize, "%s: %s: expected a %s, found an empty field", pos, name,
			     r->field == r->label_col ? "label" : "number");
		else
			msgf(r->err, r->errsize, "%s: %s: expected text without NUL bytes, found one", pos, name);
		r->pending = 1;
		r->field++;
		return;
	}
	if (r->field == r->label_col) {
		/* a label is kept as text (run.json's classes, JSON: UTF-8) */
		size_t bad = utf8_check((const unsigned char *)text, n);
		if (bad < n) {
			where(r, pos, sizeof pos);
			column_name(r, name, sizeof name);
			fmt_text(found, sizeof found, text, n, 60, 1);
			msgf(r->err, r->errsize, "%s: %s: expected UTF-8 text, found \"%s\" (byte 0x%02x)\n"
			     "hint: save the file as UTF-8", pos, name, found,
			     (unsigned char)text[bad]);
			r->pending = 1;
			r->field++;
			return;
		}
		label_field(r, text, n);
	} else {
		double v;
		int bad = parse_double(text, &v);
		if (!bad && fabs(v) > 3.4028234663852886e38)
			bad = 3;
		if (bad) {
			static const char *const what[] = {"", "a number", "a finite number",
							   "a number within float32's range (+-3.4e38)"};
			where(r, pos, sizeof pos);
			column_name(r, name, sizeof name);
			fmt_text(found, sizeof found, text, n, 60, 1);
			msgf(r->err, r->errsize, "%s: %s: expected %s, found \"%s\"", pos, name,
			     what[bad], found);
			r->pending = 1;
			r->field++;
			return;
		}
		if (r->x64) {
			size_t j = r->field - (r->field > r->label_col);
			r->x64[r->out * r->t->d + j] = v;
		}
	}
	r->field++;
}

static void header_end(struct reader *r)
{
	size_t i = r->nnames;
	if (r->file == 1) {
		if (r->field != r->nnames) {
			char pos[POS_MAX];
			where(r, pos, sizeof pos);
			msgf(r->err, r->errsize, "%s: expected the %zu columns of the first file's header, found %zu",
			     pos, r->nnames, r->field);
			r->st = ST_INPUT;
		}
		return;
	}
	if (r->nnames < 2) {
		msgf(r->err, r->errsize, "%s:%zu: expected a header with at least 2 columns (features and a label), found %zu",
		     r->path, r->line, r->nnames);
		r->st = ST_INPUT;
		return;
	}
	if (!r->label[0])
		i = r->nnames - 1;
	else
		for (i = 0; i < r->nnames; i++)
			if (strcmp(r->names[i], r->label) == 0)
				break;
	for (size_t j = i + 1; r->label[0] && j < r->nnames; j++)
		if (strcmp(r->names[j], r->label) == 0) {
			char lab[100];
			fmt_text(lab, sizeof lab, r->label, strlen(r->label), 60, 1);
			msgf(r->err, r->errsize, "%s:%zu: expected one column named \"%s\" (data.label), "
			     "found columns %zu and %zu", r->path, r->line, lab, i + 1, j + 1);
			r->st = ST_INPUT;
			return;
		}
	if (i == r->nnames) {
		char list[300] = "", found[100], lab[100];
		for (size_t j = 0; j < r->nnames && strlen(list) < 200; j++) {
			fmt_text(found, sizeof found, r->names[j], strlen(r->names[j]), 40, 1);
			msgf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", j ? ", " : "",
			     found);
		}
		fmt_text(lab, sizeof lab, r->label, strlen(r->label), 60, 1);
		msgf(r->err, r->errsize, "%s:%zu: expected a column named \"%s\" (data.label), found %s",
		     r->path, r->line, lab, list);
		r->st = ST_INPUT;
		return;
	}
	r->ncol = r->nnames;
	r->label_col = i;
	r->t->d = r->nnames - 1;
}

static void on_row(int c, void *data)
{
	struct reader *r = data;
	(void)c;
	if (r->st != ST_OK)
		return;
	if (r->row == 0)
		header_end(r);
	else if (r->field != r->ncol) {
		msgf(r->err, r->errsize, "%s:%zu: expected %zu fields as in the header, found %zu",
		     r->path, r->line, r->ncol, r->field);
		r->st = ST_INPUT;
		return;
	} else if (r->pending) {
		r->st = ST_INPUT;
		return;
	} else {
		size_t need, rows = r->out + 1;
		if (r->x64 && rows > r->t->rows[0] + r->t->rows[1]) {
			msgf(r->err, r->errsize, "%s:%zu: the file changed while bsweep read it", r->path,
			     r->line);
			r->st = ST_INPUT;
			return;
		}
		if (!size_mul(rows, r->row_bytes(r->t->d), &need) || need > r->max_bytes) {
			msgf(r->err, r->errsize, "%s:%zu: expected data within the memory limit of %zu MiB, found more: %zu rows of %zu features so far\n"
			     "hint: use fewer rows or columns",
			     r->path, r->line, r->max_bytes >> 20, rows, r->t->d);
			r->st = ST_INPUT;
			return;
		}
		r->out++;
	}
	if (r->st == ST_OK) {
		r->row++;
		r->field = 0;
	}
}

/* Feed one file, up to each line break at a time. */
static void read_file_rows(struct reader *r, struct csv_parser *p)
{
	FILE *f = fopen_read(r->path, 1);
	unsigned char *buf;
	uint64_t h = FNV1A64_INIT;
	size_t n, before = r->out;
	if (!f) {
		/* fopen_read's EINVAL: a directory, a device, a FIFO */
		msgf(r->err, r->errsize, "%s: cannot read the data file: %s", r->path,
		     errno == EINVAL ? "not a regular file" : strerror(errno));
		r->st = ST_INPUT;
		return;
	}
	if (!(buf = xmalloc(BLOCK))) {
		fclose(f);
		nomem(r);
		return;
	}
	r->line = 1;
	r->row = 0;
	r->field = 0;
	for (int first = 1; r->st == ST_OK && (n = fread(buf, 1, BLOCK, f)) > 0; first = 0) {
		size_t i = 0;
		h = fnv1a64(h, buf, n);
		/* a UTF-8 byte order mark (spreadsheets write one) is not part
		 * of the first column's name */
		if (first && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			i = 3;
		while (i < n && r->st == ST_OK) {
			unsigned char *nl = memchr(buf + i, '\n', n - i);
			size_t m = nl ? (size_t)(nl - (buf + i)) + 1 : n - i;
			if (csv_parse(p, buf + i, m, on_field, on_row, r) != m && r->st == ST_OK) {
				msgf(r->err, r->errsize, "%s:%zu:%zu: %s (RFC 4180: a field with a quote must be quoted whole, its quotes doubled)",
				     r->path, r->line, r->field + 1,
				     csv_error(p) == CSV_EPARSE ? "malformed quoting" : csv_strerror(csv_error(p)));
				r->st = csv_error(p) == CSV_ENOMEM ? ST_NOMEM : ST_INPUT;
			}
			i += m;
			r->ended_nl = nl != NULL;
			if (nl)
				r->line++;
		}
	}
	if (r->st == ST_OK && ferror(f)) {
		msgf(r->err, r->errsize, "%s: cannot read the data file: %s", r->path, strerror(errno));
		r->st = ST_IO;
	}
	fclose(f);
	free(buf);
	if (r->st == ST_OK && csv_fini(p, on_field, on_row, r) != 0 && r->st == ST_OK) {
		msgf(r->err, r->errsize, "%s:%zu: expected a closing quote, found the end of the file",
		     r->path, r->line - (r->ended_nl && r->line > 1));
		r->st = ST_INPUT;
	}
	if (r->st == ST_OK && r->row == 0) {
		msgf(r->err, r->errsize, "%s: expected a header row, found an empty file", r->path);
		r->st = ST_INPUT;
	}
	r->t->hash[r->file] = h;
	if (r->st == ST_OK && !r->x64)
		r->t->rows[r->file] = r->out - before;
}

static const char *const *sort_base;
static int numeric_labels;

static int cmp_class(const void *a, const void *b)
{
	const char *s = sort_base[*(const size_t *)a], *t = sort_base[*(const size_t *)b];
	if (numeric_labels) {
		long u, v;
		parse_long(s, LONG_MIN, LONG_MAX, &u);
		parse_long(t, LONG_MIN, LONG_MAX, &v);
		return (u > v) - (u < v);
	}
	return strcmp(s, t);
}

/* Sort the labels (numerically when all are integers) and renumber y. */
static void finish_classes(struct reader *r, struct table *t)
{
	size_t *idx = xmalloc(r->nseen * sizeof *idx), *rank = xmalloc(r->nseen * sizeof *rank);
	char **cls = xmalloc(r->nseen * sizeof *cls);
	long v;
	if (!idx || !rank || !cls) {
		free(idx);
		free(rank);
		free(cls);
		nomem(r);
		return;
	}
	numeric_labels = 1;
	for (size_t i = 0; i < r->nseen; i++) {
		idx[i] = i;
		if (parse_long(r->seen[i], LONG_MIN, LONG_MAX, &v) != 0)
			numeric_labels = 0;
	}
	sort_base = (const char *const *)r->seen;
	qsort(idx, r->nseen, sizeof *idx, cmp_class);
	for (size_t i = 0; i < r->nseen; i++) {
		cls[i] = r->seen[idx[i]];
		rank[idx[i]] = i;
	}
	if (r->y)
		for (size_t i = 0; i < r->out; i++)
			r->y[i] = (int32_t)rank[r->y[i]];
	t->numeric = numeric_labels;
	t->classes = cls;
	t->k = r->nseen;
	free(r->seen);
	r->seen = NULL;
	r->nseen = 0;
	free(idx);
	free(rank);
}

enum status table_read(struct table *t, const char *const paths[2], const char *label,
		       size_t (*row_bytes)(size_t d), size_t max_bytes, double *x64, int32_t *y,
		       char *err, size_t errsize)
{
	struct reader r;
	struct csv_parser p;
	size_t want = t->rows[0] + t->rows[1];
	if (!x64)
		memset(t, 0, sizeof *t);
	memset(&r, 0, sizeof r);
	r.t = t;
	r.label = label;
	r.err = err;
	r.errsize = errsize;
	r.row_bytes = row_bytes;
	r.max_bytes = max_bytes;
	r.x64 = x64;
	r.y = y;
	r.last = -1;
	r.st = ST_OK;
	for (r.file = 0; r.file < 2 && r.st == ST_OK && paths[r.file]; r.file++) {
		r.path = paths[r.file];
		if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
			nomem(&r);
			break;
		}
		read_file_rows(&r, &p);
		csv_free(&p);
		if (r.st == ST_OK && r.out == 0) {
			msgf(err, errsize, "%s: expected data rows after the header, found none", r.path);
			r.st = ST_INPUT;
		}
	}
	if (r.st == ST_OK && x64 && r.out != want) {
		msgf(err, errsize, "%s: the file changed while bsweep read it", r.path);
		r.st = ST_INPUT;
	}
	if (r.st == ST_OK && r.out < 2) {
		msgf(err, errsize, "%s: expected at least 2 data rows (training and validation), found %zu",
		     paths[0], r.out);
		r.st = ST_INPUT;
	}
	if (r.st == ST_OK) {
		if (r.nseen < 2) {
			char found[100];
			fmt_text(found, sizeof found, r.seen[0], strlen(r.seen[0]), 60, 1);
			msgf(err, errsize, "%s: column \"%s\": expected at least 2 classes, found 1 (\"%s\")",
			     paths[0], r.names[r.label_col], found);
			r.st = ST_INPUT;
		} else
			finish_classes(&r, t);
	}
	for (size_t i = 0; i < r.nnames; i++)
		free(r.names[i]);
	free(r.names);
	for (size_t i = 0; i < r.nseen; i++)
		free(r.seen[i]);
	free(r.seen);
	if (r.st != ST_OK)
		table_free(t);
	return r.st;
}

void table_free(struct table *t)
{
	for (size_t i = 0; t->classes && i < t->k; i++)
		free(t->classes[i]);
	free(t->classes);
	t->classes = NULL;
	t->k = 0;
}
