/* fixture.h: reader for the golden files of scripts/make_fixtures.py.
 *
 * Format: '#' comment lines; sections "name count" followed by count
 * values, one per line, as hexadecimal floats or decimal integers (strtod
 * reads both exactly).  Header-only: each test program includes it once.
 */
#ifndef BSWEEP_TEST_FIXTURE_H
#define BSWEEP_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE_MAX_SECTIONS 64

struct fixture_section {
	char name[64];
	size_t count;
	double *v;
};

struct fixture {
	size_t n;
	struct fixture_section s[FIXTURE_MAX_SECTIONS];
};

/* Path of a golden file: $GOLDEN_DIR (default tests/golden) / name. */
static inline const char *golden_path(const char *name)
{
	static char buf[1024];
	const char *dir = getenv("GOLDEN_DIR");
	snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "tests/golden", name);
	return buf;
}

/* Returns 0, or -1 (with a message on stderr) when the file is missing or
 * malformed. */
static inline int fixture_load(struct fixture *fx, const char *name)
{
	const char *path = golden_path(name);
	FILE *f = fopen(path, "r");
	char line[256];
	memset(fx, 0, sizeof *fx);
	if (!f) {
		fprintf(stderr, "cannot open golden file %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		struct fixture_section *s;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (fx->n == FIXTURE_MAX_SECTIONS)
			goto bad;
		s = &fx->s[fx->n];
		if (sscanf(line, "%63s %zu", s->name, &s->count) != 2)
			goto bad;
		s->v = malloc((s->count ? s->count : 1) * sizeof *s->v);
		fx->n++;
		if (!s->v)
			goto bad;
		for (size_t i = 0; i < s->count; i++) {
			char *end;
			if (!fgets(line, sizeof line, f))
				goto bad;
			s->v[i] = strtod(line, &end);
			if (end == line)
				goto bad;
		}
	}
	fclose(f);
	return 0;
bad:
	fprintf(stderr, "malformed golden file %s\n", path);
	fclose(f);
	return -1;
}

/* The section's values (count in *count), or NULL when absent. */
static inline const double *fixture_get(const struct fixture *fx,
					const char *name, size_t *count)
{
	for (size_t i = 0; i < fx->n; i++)
		if (strcmp(fx->s[i].name, name) == 0) {
			if (count)
				*count = fx->s[i].count;
			return fx->s[i].v;
		}
	return NULL;
}

static inline void fixture_free(struct fixture *fx)
{
	for (size_t i = 0; i < fx->n; i++)
		free(fx->s[i].v);
	fx->n = 0;
}

#endif
