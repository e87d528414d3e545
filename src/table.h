/* table.h: a dataset read from CSV files (data.generator "csv").
 *
 * The project's one reader of data files, on libcsv (RFC 4180: quoted
 * fields, doubled quotes, quoted line breaks, CRLF or LF line ends).  A
 * header row names the columns; every other row has as many fields; one
 * column (named, or the last) holds the labels, every other one a finite
 * number that fits float32.  Streams the file in 64 KiB blocks: nothing
 * beyond the dataset itself is kept.  Does not split, shuffle or scale:
 * data.c does.
 */
#ifndef BSWEEP_TABLE_H
#define BSWEEP_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define TABLE_MAX_CLASSES 4096 /* distinct labels */

/* What a pass over the files finds. */
struct table {
	size_t rows[2];      /* data rows of each file (rows[1] 0 for one file) */
	size_t d;            /* feature columns D */
	size_t k;            /* classes K */
	char **classes;      /* K label texts in class order (owned) */
	int numeric;         /* every label an integer: classes in numeric
				order, else in byte order (strcmp) */
	uint64_t hash[2];    /* FNV-1a 64 of each file's bytes */
};

/* Read paths[0] (and paths[1] unless NULL: the same columns, appended)
 * with the label column label ("" for the last).  With x64 and y NULL,
 * only counts and checks; else fills x64 (rows x D, row-major) and y
 * (class indices) for exactly the rows a counting pass found (t->rows
 * given, else "changed while reading").  max_bytes bounds row_bytes(D)
 * times the rows (the memory limit: the owner of the size model gives
 * row_bytes).  ST_OK; ST_INPUT with
 * "FILE:LINE:COLUMN: ..." in err (LINE where the field or row ends);
 * ST_IO; ST_NOMEM.  On failure t holds nothing to free. */
enum status table_read(struct table *t, const char *const paths[2], const char *label,
		       size_t (*row_bytes)(size_t d), size_t max_bytes, double *x64, int32_t *y,
		       char *err, size_t errsize);

/* Release the class names. */
void table_free(struct table *t);

#endif
