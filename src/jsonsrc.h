/* jsonsrc.h: what cJSON forgets about a JSON text: how and where each
 * value was written.
 *
 * cJSON turns a number into a double and a string into a C string, and
 * keeps no positions.  Two things are lost that bsweep must not lose:
 *   - the exact number: 1000.0000000000000001 and 9007199254740993 round
 *     to doubles that look like other integers, so an integer is judged
 *     from its literal (jsonsrc_init pairs every number item with its
 *     literal; jsonsrc_integer reads a literal exactly);
 *   - the end of a string: cJSON decodes \u0000 (and \u with non-hex
 *     digits, which its parse_hex4 reads as 0) to a NUL byte that silently
 *     ends the C string, so "relu\u0000junk" reads as "relu" (jsonsrc_nul
 *     finds such an escape, jsonsrc_path says whose it is).
 * The scanner reads text as cJSON 1.7 does, leniencies included: a
 * leading UTF-8 BOM is skipped, any byte from 1 to 32 is a blank, and a
 * number is the longest run of 0-9 + - e E . (cJSON hands it to strtod, so
 * 01, 1. and -.5 are numbers).  It never reads past the terminating NUL
 * on any text; its answers are meaningful for text that cJSON parsed.
 * It does not validate JSON: cJSON does.
 */
#ifndef BSWEEP_JSONSRC_H
#define BSWEEP_JSONSRC_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "util.h"

/* Offset of the first string escape (in a key or a value) that cJSON
 * decodes to a NUL byte, or SIZE_MAX when there is none.  The escape is a
 * \u followed by four characters that are "0000" or not all hex digits
 * (text[off] is the backslash). */
size_t jsonsrc_nul(const char *text);

/* The JSON path of the value or key whose text holds byte offset off, as
 * in config messages ("data.n_samples", "sweep.seeds[2]", "[0]" in a
 * top-level array; "" for the top-level value itself), into buf (always
 * terminated, cut to fit).  Keys appear as written between their quotes,
 * a byte below 32 as '?'.  Returns 1 when that text is a key, 0 for a
 * value, with its extent in *tok_off, *tok_len (a string with its quotes;
 * the opening bracket of an array or object); -1 (and "") when off is in
 * no key or value. */
int jsonsrc_path(const char *text, size_t off, char *buf, size_t size,
		 size_t *tok_off, size_t *tok_len);

/* The literal of every number of a parsed text, found by walking the
 * cJSON tree and the text side by side (both are in document order). */
struct jsonsrc_number {
	const cJSON *item;
	const char *text;    /* the text it was read from (jsonsrc_add) */
	size_t off, len;     /* the literal: text[off .. off + len) */
};
struct jsonsrc {
	const char *text;             /* the caller's, not copied */
	struct jsonsrc_number *num;   /* sorted by item, for the look-up */
	size_t n;
};

/* Fill s for root, the tree cJSON parsed from text (text must outlive s).
 * ST_OK; ST_NOMEM (one xmalloc); ST_INPUT when the text and the tree do
 * not match, which means root was not parsed from text (or a bsweep bug).
 * On failure s holds nothing to free. */
enum status jsonsrc_init(struct jsonsrc *s, const char *text, const cJSON *root);

/* Add the literals of root, a tree cJSON parsed from another text (a
 * value given on the command line and grafted into the first tree):
 * text must outlive s.  Same statuses as jsonsrc_init; on failure s is
 * unchanged.  Items of the first tree that the graft replaced keep their
 * entries: the caller keeps them alive (not freed) while s is used, so
 * that no new item takes a freed item's address. */
enum status jsonsrc_add(struct jsonsrc *s, const char *text, const cJSON *root);

/* The literal of the number item (a number of the tree given to
 * jsonsrc_init): a pointer into the text, its length in *len.  NULL for
 * anything else. */
const char *jsonsrc_literal(const struct jsonsrc *s, const cJSON *item, size_t *len);

void jsonsrc_free(struct jsonsrc *s);

/* The exact value of the number literal lit (len bytes; JSON's grammar
 * with strtod's extras: leading zeros, "1.", "-.5") when it is an integer:
 * returns 0 with *neg = 1 for a value below zero and |value| in *mag,
 * saturated at UINT64_MAX.  Returns -1 when the value has a non-zero
 * fractional part, however small, or lit is not a number literal.
 * Exact, never through a double: 1000.0, 1e3 and 100000e-2 are 1000;
 * -0 and 0e-99999 are 0 (*neg = 0); 1000.0000000000000001 is not an
 * integer; 9007199254740993 is itself, not 2^53. */
int jsonsrc_integer(const char *lit, size_t len, int *neg, uint64_t *mag);

#endif
