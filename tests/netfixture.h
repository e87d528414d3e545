/* netfixture.h: a small network, its weights and its rows, from a golden
 * file of scripts/make_noise_fixture.py or make_sharp_fixture.py
 * (sections widths, activation, x, y, W<l>, b<l>).  Header-only, for
 * test programs that include cmocka.h first; each includes it once.
 */
#ifndef BSWEEP_TEST_NETFIXTURE_H
#define BSWEEP_TEST_NETFIXTURE_H

#include "config.h"
#include "fixture.h"
#include "mlp.h"

#define NETFIXTURE_MAXN 64
#define NETFIXTURE_MAXD 8

struct netfixture {
	struct fixture fx;          /* every section, for the test's own */
	struct config c;            /* the defaults with the network's widths */
	struct mlp m;               /* with the fixture's weights */
	size_t N;                   /* rows */
	float x[NETFIXTURE_MAXN * NETFIXTURE_MAXD];
	int32_t y[NETFIXTURE_MAXN];
};

/* The fixture's network, weights and rows into g. */
static inline void netfixture_load(struct netfixture *g, const char *name)
{
	size_t nw = 0, n = 0, nl;
	const double *widths, *xs, *ys;
	assert_int_equal(fixture_load(&g->fx, name), 0);
	widths = fixture_get(&g->fx, "widths", &nw);
	xs = fixture_get(&g->fx, "x", &n);
	ys = fixture_get(&g->fx, "y", &g->N);
	assert_non_null(widths);
	assert_non_null(xs);
	assert_non_null(ys);
	assert_true(g->N <= NETFIXTURE_MAXN && n <= NETFIXTURE_MAXN * NETFIXTURE_MAXD);
	nl = nw - 1;
	assert_int_equal(config_defaults(&g->c), ST_OK);
	g->c.n_hidden = nl - 1;
	for (size_t l = 0; l + 1 < nl; l++)
		g->c.hidden[l] = (size_t)widths[l + 1];
	g->c.activation = (enum activation)fixture_get(&g->fx, "activation", NULL)[0];
	assert_int_equal(mlp_init(&g->m, &g->c, (size_t)widths[0], (size_t)widths[nl], g->N),
			 ST_OK);
	for (size_t i = 0; i < n; i++)
		g->x[i] = (float)xs[i];
	for (size_t i = 0; i < g->N; i++)
		g->y[i] = (int32_t)ys[i];
	for (size_t l = 0; l < nl; l++) {
		char key[32];
		size_t cnt = 0;
		const double *v;
		snprintf(key, sizeof key, "W%zu", l);
		v = fixture_get(&g->fx, key, &cnt);
		assert_int_equal(cnt, g->m.width[l] * g->m.width[l + 1]);
		for (size_t i = 0; i < cnt; i++)
			g->m.W[l][i] = (float)v[i];
		snprintf(key, sizeof key, "b%zu", l);
		v = fixture_get(&g->fx, key, &cnt);
		assert_int_equal(cnt, g->m.width[l + 1]);
		for (size_t i = 0; i < cnt; i++)
			g->m.b[l][i] = (float)v[i];
	}
}

static inline void netfixture_free(struct netfixture *g)
{
	mlp_free(&g->m);
	config_free(&g->c);
	fixture_free(&g->fx);
}

#endif
