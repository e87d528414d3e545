/* jsonsrc.c: a JSON scanner that reads text as cJSON does, for what
 * cJSON does not keep (number literals, string escapes, positions). */
#include "jsonsrc.h"

#include <stdlib.h>
#include <string.h>

enum tok {
	T_END,       /* the terminating NUL */
	T_OBJ, T_ARR, T_OBJ_END, T_ARR_END, T_COLON, T_COMMA,
	T_STRING,    /* from its opening quote to its closing one (or the end) */
	T_NUMBER,
	T_WORD,      /* true, false, null (any run of letters) */
	T_OTHER      /* one byte that starts nothing above */
};

struct token {
	enum tok kind;
	size_t off, len;
};

static int is_num_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' ||
	       c == 'E' || c == '.';
}

/* The token at or after *pos; *pos moves past it.  Every token but T_END
 * is at least one byte long, so a loop over the tokens ends. */
static struct token next_token(const char *text, size_t *pos)
{
	const unsigned char *s = (const unsigned char *)text;
	struct token t;
	size_t i = *pos;
	if (i == 0 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3; /* cJSON's skip_utf8_bom */
	while (s[i] != '\0' && s[i] <= 32)
		i++;   /* cJSON's buffer_skip_whitespace: any byte <= 32 */
	t.off = i;
	switch (s[i]) {
	case '\0': t.kind = T_END; break;
	case '{': t.kind = T_OBJ; i++; break;
	case '[': t.kind = T_ARR; i++; break;
	case '}': t.kind = T_OBJ_END; i++; break;
	case ']': t.kind = T_ARR_END; i++; break;
	case ':': t.kind = T_COLON; i++; break;
	case ',': t.kind = T_COMMA; i++; break;
	case '"':
		/* cJSON finds the end first: a backslash takes the next byte
		 * with it, whatever it is */
		t.kind = T_STRING;
		for (i++; s[i] != '\0' && s[i] != '"'; i++)
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
		if (s[i] == '"')
			i++;
		break;
	default:
		if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
			t.kind = T_NUMBER;
			while (is_num_char(s[i]))
				i++;
		} else if (s[i] >= 'a' && s[i] <= 'z') {
			t.kind = T_WORD;
			while (s[i] >= 'a' && s[i] <= 'z')
				i++;
		} else {
			t.kind = T_OTHER;
			i++;
		}
	}
	t.len = i - t.off;
	*pos = i;
	return t;
}

/* cJSON's parse_hex4: four hex digits, or 0 when any is not one. */
static unsigned hex4(const unsigned char *p)
{
	unsigned h = 0;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9') d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else return 0;
		h = h << 4 | d;
	}
	return h;
}

/* The first escape of the string token t that cJSON decodes to NUL, or
 * SIZE_MAX.  Walks the escapes as cJSON's parse_string decodes them. */
static size_t string_nul(const char *text, struct token t)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t p = t.off + 1, end = t.off + t.len;
	if (t.len >= 2 && s[end - 1] == '"')
		end--; /* the closing quote */
	while (p < end) {
		if (s[p] != '\\') {
			p++;
		} else if (s[p + 1] != 'u') {
			p += 2;
		} else {
			unsigned code;
			if (end - p < 6)
				return SIZE_MAX; /* cJSON refuses the text */
			code = hex4(s + p + 2);
			if (code == 0)
				return p;
			/* a high surrogate takes its low half with it */
			p += code >= 0xd800 && code <= 0xdbff ? 12 : 6;
		}
	}
	return SIZE_MAX;
}

size_t jsonsrc_nul(const char *text)
{
	size_t pos = 0;
	for (;;) {
		struct token t = next_token(text, &pos);
		if (t.kind == T_END)
			return SIZE_MAX;
		if (t.kind == T_STRING) {
			size_t at = string_nul(text, t);
			if (at != SIZE_MAX)
				return at;
		}
	}
}

/* One open object or array on the way to an offset. */
struct frame {
	int object;
	size_t index;           /* arrays: the element's index */
	int have_key;           /* objects: a key has been read */
	size_t key_off, key_len; /* its text between the quotes */
};
#define MAX_DEPTH 1024 /* cJSON refuses nesting deeper than 1000 */

static void render_path(const char *text, const struct frame *f, size_t depth,
			char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t d = 0; d < depth && n + 1 < size; d++) {
		if (!f[d].object) {
			msgf(buf + n, size - n, "[%zu]", f[d].index);
		} else if (f[d].have_key) {
			/* a plain name after a dot; any other key, as written,
			 * in ["..."] (config.c's join: a key of sweep.grid has
			 * dots of its own) */
			const char *k = text + f[d].key_off;
			size_t len = f[d].key_len, plain = len > 0;
			for (size_t i = 0; i < len && plain; i++)
				plain = (k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
					(k[i] >= '0' && k[i] <= '9') || k[i] == '_';
			msgf(buf + n, size - n, plain ? (n > 0 ? "." : "") : "[\"");
			n += strlen(buf + n);
			for (size_t i = 0; i < len && n + 1 < size; i++) {
				unsigned char c = (unsigned char)k[i];
				if (c < 32 || c == 127)
					msgf(buf + n, size - n, "\\u%04x", c);
				else
					buf[n] = (char)c, buf[n + 1] = '\0';
				n += strlen(buf + n);
			}
			if (!plain)
				msgf(buf + n, size - n, "\"]");
		}
		n += strlen(buf + n);
	}
}

int jsonsrc_path(const char *text, size_t off, char *buf, size_t size,
		 size_t *tok_off, size_t *tok_len)
{
	struct frame f[MAX_DEPTH];
	size_t depth = 0, pos = 0;
	int key = 0;
	struct token t;
	buf[0] = '\0';
	for (;;) {
		struct frame *top = depth ? &f[depth - 1] : NULL;
		int holds;
		t = next_token(text, &pos);
		holds = off >= t.off && off < t.off + t.len;
		switch (t.kind) {
		case T_END:
		case T_OTHER:
			return -1;
		case T_OBJ:
		case T_ARR:
			if (holds || depth == MAX_DEPTH)
				goto done;
			f[depth++] = (struct frame){t.kind == T_OBJ, 0, 0, 0, 0};
			break;
		case T_OBJ_END:
		case T_ARR_END:
			if (depth == 0)
				return -1;
			depth--;
			break;
		case T_COMMA:
			if (top && top->object)
				top->have_key = 0;
			else if (top)
				top->index++;
			break;
		case T_COLON:
			break;
		case T_STRING:
			if (top && top->object && !top->have_key) {
				/* a key: off in it names the key itself */
				top->have_key = 1;
				top->key_off = t.off + 1;
				top->key_len = t.len >= 2 && text[t.off + t.len - 1] == '"' ?
					       t.len - 2 : t.len - 1;
				key = 1;
			}
			/* fall through */
		case T_NUMBER:
		case T_WORD:
			if (holds)
				goto done;
			key = 0;
			break;
		}
		if (t.off > off)
			return -1; /* between values */
	}
done:
	render_path(text, f, depth, buf, size);
	*tok_off = t.off;
	*tok_len = t.len;
	return key;
}

/* ---- number literals ---- */

static size_t count_numbers(const cJSON *v)
{
	size_t n = cJSON_IsNumber(v) ? 1 : 0;
	for (const cJSON *c = (cJSON_IsArray(v) || cJSON_IsObject(v)) ? v->child : NULL;
	     c; c = c->next)
		n += count_numbers(c);
	return n;
}

struct walk {
	const char *text;
	size_t pos;
	struct jsonsrc_number *num;
	size_t n, cap;
};

static int expect(struct walk *w, enum tok kind, struct token *out)
{
	struct token t = next_token(w->text, &w->pos);
	if (out)
		*out = t;
	return t.kind == kind ? 0 : -1;
}

/* Walk the value v and its text together; -1 where they differ. */
static int walk_value(struct walk *w, const cJSON *v)
{
	struct token t;
	const cJSON *c;
	switch (v->type & 0xff) {
	case cJSON_Number:
		if (expect(w, T_NUMBER, &t) || w->n == w->cap)
			return -1;
		w->num[w->n++] = (struct jsonsrc_number){v, w->text, t.off, t.len};
		return 0;
	case cJSON_String:
		return expect(w, T_STRING, NULL);
	case cJSON_True:
	case cJSON_False:
	case cJSON_NULL:
		return expect(w, T_WORD, NULL);
	case cJSON_Array:
		if (expect(w, T_ARR, NULL))
			return -1;
		for (c = v->child; c; c = c->next)
			if ((c != v->child && expect(w, T_COMMA, NULL)) || walk_value(w, c))
				return -1;
		return expect(w, T_ARR_END, NULL);
	case cJSON_Object:
		if (expect(w, T_OBJ, NULL))
			return -1;
		for (c = v->child; c; c = c->next)
			if ((c != v->child && expect(w, T_COMMA, NULL)) ||
			    expect(w, T_STRING, NULL) || expect(w, T_COLON, NULL) ||
			    walk_value(w, c))
				return -1;
		return expect(w, T_OBJ_END, NULL);
	default:
		return -1; /* raw or invalid: not from a parse */
	}
}

static int by_item(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct jsonsrc_number *)a)->item;
	uintptr_t y = (uintptr_t)((const struct jsonsrc_number *)b)->item;
	return x < y ? -1 : x > y;
}

enum status jsonsrc_init(struct jsonsrc *s, const char *text, const cJSON *root)
{
	struct walk w = {text, 0, NULL, 0, 0};
	memset(s, 0, sizeof *s);
	w.cap = count_numbers(root);
	if (!(w.num = xmalloc(w.cap * sizeof *w.num)))
		return ST_NOMEM;
	if (walk_value(&w, root) || expect(&w, T_END, NULL) || w.n != w.cap) {
		free(w.num);
		return ST_INPUT;
	}
	qsort(w.num, w.n, sizeof *w.num, by_item);
	s->text = text;
	s->num = w.num;
	s->n = w.n;
	return ST_OK;
}

enum status jsonsrc_add(struct jsonsrc *s, const char *text, const cJSON *root)
{
	struct jsonsrc more;
	struct jsonsrc_number *num;
	enum status st = jsonsrc_init(&more, text, root);
	if (st != ST_OK)
		return st;
	if (!(num = xmalloc((s->n + more.n + 1) * sizeof *num))) {
		jsonsrc_free(&more);
		return ST_NOMEM;
	}
	if (s->n)
		memcpy(num, s->num, s->n * sizeof *num);
	if (more.n)
		memcpy(num + s->n, more.num, more.n * sizeof *num);
	free(s->num);
	s->num = num;
	s->n += more.n;
	qsort(s->num, s->n, sizeof *s->num, by_item);
	jsonsrc_free(&more);
	return ST_OK;
}

const char *jsonsrc_literal(const struct jsonsrc *s, const cJSON *item, size_t *len)
{
	struct jsonsrc_number key = {item, NULL, 0, 0}, *hit;
	if (!s->num)
		return NULL;
	hit = bsearch(&key, s->num, s->n, sizeof *s->num, by_item);
	if (!hit)
		return NULL;
	*len = hit->len;
	return hit->text + hit->off;
}

void jsonsrc_free(struct jsonsrc *s)
{
	free(s->num);
	memset(s, 0, sizeof *s);
}

int jsonsrc_integer(const char *lit, size_t len, int *neg, uint64_t *mag)
{
	/* value = (digits of the mantissa) x 10^(exp - fraction digits) */
	size_t i = 0, int_start, int_end, frac_start = 0, frac_end = 0;
	size_t first = SIZE_MAX, last = 0, ndigits;
	long long exp = 0, e10;
	int negative = 0;
	uint64_t v = 0;

	if (i < len && lit[i] == '-') {
		negative = 1;
		i++;
	}
	int_start = i;
	while (i < len && lit[i] >= '0' && lit[i] <= '9')
		i++;
	int_end = i;
	if (i < len && lit[i] == '.') {
		frac_start = ++i;
		while (i < len && lit[i] >= '0' && lit[i] <= '9')
			i++;
		frac_end = i;
	}
	if (int_end == int_start && frac_end == frac_start)
		return -1; /* no digit */
	if (i < len && (lit[i] == 'e' || lit[i] == 'E')) {
		int eneg = 0;
		size_t start;
		i++;
		if (i < len && (lit[i] == '+' || lit[i] == '-'))
			eneg = lit[i++] == '-';
		start = i;
		/* saturate: past 10^9 the answer no longer changes (the
		 * mantissa has at most CONFIG_MAX_BYTES digits) */
		for (; i < len && lit[i] >= '0' && lit[i] <= '9'; i++)
			if (exp < 1000000000LL)
				exp = exp * 10 + (lit[i] - '0');
		if (i == start)
			return -1;
		if (eneg)
			exp = -exp;
	}
	if (i != len)
		return -1;

	/* the mantissa's digits, integer part then fraction, as one
	 * sequence: index k < ndigits */
	ndigits = (int_end - int_start) + (frac_end - frac_start);
#define DIGIT(k) (lit[(k) < int_end - int_start ? int_start + (k) : \
		      frac_start + (k) - (int_end - int_start)])
	for (size_t k = 0; k < ndigits; k++)
		if (DIGIT(k) != '0') {
			if (first == SIZE_MAX)
				first = k;
			last = k;
		}
	*neg = 0;
	*mag = 0;
	if (first == SIZE_MAX)
		return 0; /* zero, -0 included */
	/* value = digits[first..last] x 10^e10, the digits without trailing
	 * zeros: an integer exactly when e10 >= 0 */
	e10 = exp - (long long)(frac_end - frac_start) + (long long)(ndigits - 1 - last);
	if (e10 < 0)
		return -1;
	*neg = negative;
	if ((long long)(last - first + 1) + e10 > 20) {
		*mag = UINT64_MAX; /* at least 10^20 */
		return 0;
	}
	for (size_t k = first; k <= last + (size_t)e10; k++) {
		unsigned d = k <= last ? (unsigned)(DIGIT(k) - '0') : 0;
		if (v > (UINT64_MAX - d) / 10) {
			*mag = UINT64_MAX;
			return 0;
		}
		v = v * 10 + d;
	}
#undef DIGIT
	*mag = v;
	return 0;
}
