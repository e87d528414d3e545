/* csv.h: bsweep's CSV dialect, read and written here only.
 *
 * A file is a header line of column names, then rows with as many
 * fields, each line ending in '\n'.  bsweep's own fields never hold a
 * comma, a quote or a line break, so it writes them bare (free text,
 * CSV_TEXT, is quoted by RFC 4180); when reading, a '\r' before the
 * '\n', blanks and double quotes around a field, a UTF-8 byte-order mark
 * and blank lines are tolerated, for files that passed through an
 * editor or a spreadsheet.  Numbers are written by fmt_double ('.'
 * decimals, shortest round trip).
 *
 * A table (struct csv_table) describes a file's columns once: each
 * column's name, type and place in a row struct.  The header, the writer
 * and the reader are generated from it, so a column is added in one
 * place (runfile.c holds bsweep's tables).
 */
#ifndef BSWEEP_CSV_H
#define BSWEEP_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* ------------------------------------------------------------ tables */

enum csv_type {
	CSV_SIZE,      /* size_t, a non-negative integer */
	CSV_POSITIVE,  /* size_t, a positive integer */
	CSV_SEED,      /* uint32_t */
	CSV_LONG,      /* long, -1 for "unknown" */
	CSV_REAL,      /* double, any number (nan, inf included) */
	CSV_SECONDS,   /* double, finite and >= 0 */
	CSV_RATE,      /* double, >= 0 (inf included: a scaled learning
			  rate may overflow) */
	CSV_FRACTION,  /* double, from 0 to 1 (accuracies) */
	CSV_LOSS,      /* double, >= 0, nan or inf (a diverged run's) */
	CSV_OPTIONAL,  /* double, any finite number, or none: NaN in the row,
			  an empty field in the file (what pandas reads as
			  NaN; a censored run's steps to target) */
	CSV_ENUM,      /* int, the index of its text in the column's names */
	CSV_TEXT,      /* const char *, free text (written by csv_put_field;
			  not read) */
	CSV_WORD       /* char[CSV_WORD_MAX], a word: printable ASCII without
			  a comma, quote or blank (a host name, "2/4"); may be
			  empty; written bare, read back */
};

/* The size of a CSV_WORD field in a row, its NUL included. */
#define CSV_WORD_MAX 64

/* Copy s into word (CSV_WORD_MAX bytes) as a CSV_WORD: cut to fit, each
 * byte that a word cannot hold replaced by '_'. */
void csv_word(char *word, const char *s);

/* Column flags. */
#define CSV_MEASURED 1u /* a measurement of the machine or how it was
			   taken: differs between runs of the same config
			   (times, rates, CPU, resident memory, outlier
			   counts; warm-ups, jobs, BLAS threads) */

struct csv_column {
	const char *name;
	enum csv_type type;
	size_t offset;       /* of the value in the table's row struct */
	unsigned flags;
	const char *const *names; /* CSV_ENUM: the texts, NULL-terminated */
};

struct csv_table {
	const char *name;    /* the file's kind: "epochs", "summary" */
	const struct csv_column *cols;
	size_t n_cols;
};

/* The header line (with its '\n'). */
void csv_write_header(FILE *f, const struct csv_table *t);

/* One row (with its '\n') from the row struct. */
void csv_write_row(FILE *f, const struct csv_table *t, const void *row);

/* Read the fields of one row into the row struct: field[where[i]] for
 * column i, columns with where[i] < 0 left alone.  ST_OK, or ST_INPUT with
 * "<loc>: <column>: expected <what>, found '<text>'". */
enum status csv_read_row(const struct csv_table *t, char **field, const long *where,
			 void *row, const char *loc, char *err, size_t errsize);

/* ------------------------------------------------------------ reading */

struct csv_reader {
	FILE *f;
	const char *path;     /* for messages; not owned */
	size_t lineno;        /* of the line last returned, 1-based */
	int partial;          /* that line did not end in '\n' */
	char **field;         /* its fields (pointers into line) */
	size_t max_fields;
	char *line;
	size_t cap;
};

/* Open path, a regular file (never a FIFO: no hang), for reading rows of
 * at most max_fields fields.  ST_OK; ST_IO with a message when it cannot
 * be opened or is not a regular file (*missing set when it does not
 * exist; may be NULL); ST_NOMEM. */
enum status csv_open(struct csv_reader *r, const char *path, size_t max_fields,
		     int *missing, char *err, size_t errsize);

/* The next line that is not blank, split into r->field: returns its
 * number of fields (max_fields + 1 when it has more), 0 at the end of the
 * file, or -1 when reading failed or a line is too long to hold. */
long csv_next(struct csv_reader *r);

void csv_close(struct csv_reader *r);

#endif
