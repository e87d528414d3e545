/* json.h: cJSON used one way everywhere.
 *
 * cJSON allocates through xmalloc (json_init installs the hooks), so that
 * allocation failures are injected and counted like all others; a parse
 * that failed for want of memory is then told from a syntax error here,
 * and only here.  Also: the dotted-path lookup, the first difference
 * between two values (the "same experiment" test of outdir.c and
 * compare.c), and values as short text for messages.
 */
#ifndef BSWEEP_JSON_H
#define BSWEEP_JSON_H

#include <stddef.h>

#include <cJSON.h>

#include "util.h"

/* Install the xmalloc hooks; call once before any other cJSON call. */
void json_init(void);

/* Parse the NUL-terminated text (nothing but blanks may follow the value)
 * into *out (cJSON_Delete it).  ST_OK; ST_INPUT for malformed JSON, with
 * *end (may be NULL) where cJSON stopped; ST_NOMEM.  A string or key that
 * cJSON would decode to a NUL byte (\u0000, or \u with non-hex digits) is
 * refused as malformed, with *end at its backslash (jsonsrc_nul): a C
 * string would silently end there, so no JSON bsweep reads can hold one.
 * No message: the caller knows what the text is. */
enum status json_parse(const char *text, cJSON **out, const char **end);

/* v as compact JSON text whose numbers read back to exactly the doubles
 * of v (fmt_double's shortest exact text).  cJSON's own printer writes
 * "%1.15g" whenever that reads back within a rounding error, so a parsed
 * 0.30000000000000004 would print as 0.3: a config printed back from a
 * run.json would then be another config.  Non-finite numbers print as
 * null, as cJSON's.  free() the text; NULL when out of memory. */
char *json_print_exact(const cJSON *v);

/* A JSON string of s, any byte that is not part of valid UTF-8 replaced
 * by U+FFFD (a path or an argument of the command line may hold any
 * bytes; JSON is UTF-8).  NULL when out of memory. */
cJSON *json_text(const char *s);

/* json_text(s) added to obj under key, as cJSON_AddStringToObject; NULL
 * when out of memory. */
cJSON *json_add_text(cJSON *obj, const char *key, const char *s);

/* The value at a dotted path below root ("machine.cpu",
 * "config.timing.repeats"), or NULL. */
const cJSON *json_get(const cJSON *root, const char *path);

/* The first difference between the JSON values a and b (either may be
 * NULL: absent), in document order.  Returns 1 with its path appended to
 * path (".key", "[i]", "[\"a.b\"]" for a key that is not a plain name)
 * and the two values in *da, *db (NULL: absent), or 0
 * when they are equal.  Keys of the top-level objects listed in
 * ignore_top (NULL-terminated; may be NULL) are skipped.  Numbers are
 * equal when their doubles are. */
int json_diff(const cJSON *a, const cJSON *b, const char *const *ignore_top,
	      char *path, size_t size, const cJSON **da, const cJSON **db);

/* A JSON scalar as short text, without allocating: strings bare (""
 * as "(empty)"; control characters escaped, fmt_text), numbers by fmt_double, true, false, null; NULL (absent)
 * as dflt or "absent".  Returns 0, or -1 (text "(array)" or "(object)")
 * for an array or an object. */
int json_scalar_text(char *buf, size_t size, const cJSON *v, const char *dflt);

/* Any JSON value as short text: a scalar as json_scalar_text, an array or
 * an object as compact JSON cut at 60 characters.  ST_OK or ST_NOMEM. */
enum status json_value_text(char *buf, size_t size, const cJSON *v);

#endif
