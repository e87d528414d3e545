/* json.c: cJSON hooks, parsing with a status, lookup, comparison, text. */
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonsrc.h"

static void *json_malloc(size_t n) { return xmalloc(n); }

void json_init(void)
{
	cJSON_Hooks hooks = {json_malloc, free};
	cJSON_InitHooks(&hooks);
}

/* Every finite number below v (v itself not) made a raw item holding
 * its exact text.  0, or -1 when out of memory (v then partly done, still
 * a valid tree for cJSON_Delete). */
static int exact_numbers(cJSON *v)
{
	for (cJSON *c = v->child; c; c = c->next) {
		if (cJSON_IsNumber(c) && isfinite(c->valuedouble)) {
			char buf[40], *text;
			fmt_double(buf, sizeof buf, c->valuedouble);
			if (!(text = xmalloc(strlen(buf) + 1)))
				return -1;
			memcpy(text, buf, strlen(buf) + 1);
			/* the key and its flag are kept; cJSON_Delete frees a
			 * raw item's valuestring with the hooks' free */
			c->type = cJSON_Raw | (c->type & cJSON_StringIsConst);
			c->valuestring = text;
		} else if (c->child && exact_numbers(c) != 0) {
			return -1;
		}
	}
	return 0;
}

char *json_print_exact(const cJSON *v)
{
	cJSON *copy = cJSON_Duplicate(v, 1);
	char *text = NULL;
	if (!copy)
		return NULL;
	if (cJSON_IsNumber(copy) && isfinite(copy->valuedouble)) {
		char buf[40];
		fmt_double(buf, sizeof buf, copy->valuedouble);
		cJSON_Delete(copy);
		if ((text = xmalloc(strlen(buf) + 1)))
			memcpy(text, buf, strlen(buf) + 1);
		return text;
	}
	if (exact_numbers(copy) == 0)
		text = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	return text;
}

enum status json_parse(const char *text, cJSON **out, const char **end)
{
	/* cJSON reports only "failed": count the failed allocations (the
	 * hooks are xmalloc) to tell memory from syntax */
	size_t failures = xalloc_failures();
	const char *stop = NULL;
	*out = cJSON_ParseWithOpts(text, &stop, 1);
	if (end)
		*end = stop;
	if (*out) {
		/* cJSON's strings are C strings: a \u0000 would end one
		 * silently ("relu\u0000junk" reading as "relu") */
		size_t nul = jsonsrc_nul(text);
		if (nul == SIZE_MAX)
			return ST_OK;
		cJSON_Delete(*out);
		*out = NULL;
		if (end)
			*end = text + nul;
		return ST_INPUT;
	}
	return xalloc_failures() != failures ? ST_NOMEM : ST_INPUT;
}

cJSON *json_text(const char *s)
{
	size_t n = strlen(s), bad = utf8_check((const unsigned char *)s, n), o = 0;
	char *t;
	cJSON *item;
	if (bad == n)
		return cJSON_CreateString(s);
	/* at most 3 bytes (U+FFFD) for each byte */
	if (!(t = xmalloc(3 * n + 1)))
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t ok = utf8_check((const unsigned char *)s + i, n - i);
		memcpy(t + o, s + i, ok);
		o += ok;
		i += ok;
		if (i < n) {
			memcpy(t + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	t[o] = '\0';
	item = cJSON_CreateString(t);
	free(t);
	return item;
}

cJSON *json_add_text(cJSON *obj, const char *key, const char *s)
{
	cJSON *item = json_text(s);
	if (item && cJSON_AddItemToObject(obj, key, item))
		return item;
	cJSON_Delete(item);
	return NULL;
}

const cJSON *json_get(const cJSON *root, const char *path)
{
	const cJSON *o = root;
	char key[64];
	while (o && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof key || !cJSON_IsObject(o))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (path[n] == '.');
	}
	return o;
}

static int ignored(const cJSON *item, const char *const *ignore)
{
	for (; ignore && *ignore; ignore++)
		if (strcmp(item->string, *ignore) == 0)
			return 1;
	return 0;
}

/* ".key" after path[len], or, for a key that is not a plain name (a
 * grid's "train.learning_rate": its dots are not levels), "[\"key\"]",
 * escaped as messages show text (fmt_text). */
static void add_key(char *path, size_t size, size_t len, const char *key)
{
	size_t n = strlen(key);
	char text[300];
	if (n > 0 && strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n) {
		msgf(path + len, size - len, ".%s", key);
		return;
	}
	fmt_text(text, sizeof text, key, n, 60, 1);
	msgf(path + len, size - len, "[\"%s\"]", text);
}

int json_diff(const cJSON *a, const cJSON *b, const char *const *ignore_top,
	      char *path, size_t size, const cJSON **da, const cJSON **db)
{
	size_t len = strlen(path);
	const cJSON *ca, *cb;
	if (!a && !b)
		return 0;
	if (!a || !b || (a->type & 0xFF) != (b->type & 0xFF))
		goto differ;
	if (cJSON_IsNumber(a) && a->valuedouble != b->valuedouble)
		goto differ;
	if (cJSON_IsString(a) && strcmp(a->valuestring, b->valuestring) != 0)
		goto differ;
	if (cJSON_IsArray(a)) {
		int i = 0;
		for (ca = a->child, cb = b->child; ca || cb; i++) {
			msgf(path + len, size - len, "[%d]", i);
			if (json_diff(ca, cb, NULL, path, size, da, db))
				return 1;
			ca = ca ? ca->next : NULL;
			cb = cb ? cb->next : NULL;
		}
	} else if (cJSON_IsObject(a)) {
		cJSON_ArrayForEach(ca, a) {
			if (ignored(ca, ignore_top))
				continue;
			add_key(path, size, len, ca->string);
			if (json_diff(ca, cJSON_GetObjectItemCaseSensitive(b, ca->string),
				      NULL, path, size, da, db))
				return 1;
		}
		cJSON_ArrayForEach(cb, b) {
			if (ignored(cb, ignore_top) ||
			    cJSON_GetObjectItemCaseSensitive(a, cb->string))
				continue;
			add_key(path, size, len, cb->string);
			*da = NULL;
			*db = cb;
			return 1;
		}
	}
	path[len] = '\0';
	return 0;
differ:
	*da = a;
	*db = b;
	return 1;
}

int json_scalar_text(char *buf, size_t size, const cJSON *v, const char *dflt)
{
	if (!v)
		msgf(buf, size, "%s", dflt ? dflt : "absent");
	else if (cJSON_IsString(v) && !*v->valuestring)
		msgf(buf, size, "(empty)");
	else if (cJSON_IsString(v)) /* a file's text: no control reaches a terminal */
		fmt_text(buf, size, v->valuestring, strlen(v->valuestring), size, 0);
	else if (cJSON_IsNumber(v))
		fmt_double(buf, size, v->valuedouble);
	else if (cJSON_IsBool(v) || cJSON_IsNull(v))
		msgf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : cJSON_IsNull(v) ? "null" : "false");
	else {
		msgf(buf, size, "(%s)", cJSON_IsArray(v) ? "array" : "object");
		return -1;
	}
	return 0;
}

enum status json_value_text(char *buf, size_t size, const cJSON *v)
{
	char *s;
	if (json_scalar_text(buf, size, v, NULL) == 0)
		return ST_OK;
	if (!(s = json_print_exact(v)))
		return ST_NOMEM;
	msgf(buf, size, "%.60s%s", s, strlen(s) > 60 ? "..." : "");
	free(s);
	return ST_OK;
}
