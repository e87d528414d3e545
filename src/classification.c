/* classification.c: sklearn.datasets.make_classification in C
 * (scikit-learn 1.2 algorithm), driven by one RandomState(random_state).
 *
 * Draws, in scikit-learn's order (ni informative, nr redundant, np
 * repeated, nu useless features; C = n_classes * n_clusters_per_class
 * clusters; N rows, D features):
 *  1. the vertices: sample_without_replacement(2^ni, C) ("auto" method:
 *     a permutation's first C when 0.01 < C / 2^ni < 0.99, else tracking
 *     selection (randint until unseen) below a ratio of 0.2, reservoir
 *     sampling above); beyond 30 dimensions, randint(2) bits first for
 *     the leading ni - 30 columns;  vertex bit b -> b * 2 class_sep -
 *     class_sep;
 *  2. hypercube false: uniform(C) scales each vertex, uniform(ni) each axis;
 *  3. standard_normal (N, ni) for the informative columns;
 *  4. per cluster, its rows (counts: N / C, the first N % C one more):
 *     A = 2 uniform(ni, ni) - 1, rows = rows A + vertex;
 *  5. B = 2 uniform(ni, nr) - 1, redundant = informative B;
 *  6. repeated: column floor((ni + nr - 1) uniform() + 0.5) each;
 *  7. standard_normal (N, nu) for the useless columns;
 *  8. flip_y: uniform(N) < flip_y picks rows, randint(n_classes) each;
 *  9. shift: a number, or null: (2 uniform(D) - 1) class_sep; then scale:
 *     a number, or null: 1 + 100 uniform(D);
 * 10. shuffle: rows by permutation(N), then columns by shuffle(arange(D)).
 * The products of steps 4 and 5 sum in index order without fused
 * multiply-add; NumPy's BLAS may differ in the last bits (classification.h).
 */
#include "classification.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "util.h"

/* sizes of the scratch: vertices (C, ni), A (ni, ni), B (ni, nr), the
 * permutations (N and D) and the population (when permuted) */
static int sizes(const struct config *c, size_t *vert, size_t *a, size_t *b,
		 size_t *pop)
{
	size_t ni = c->n_informative, C = c->centers * c->n_clusters_per_class;
	size_t hi = ni > 30 ? 30 : ni;
	double ratio = (double)C / (double)((size_t)1 << hi);
	*pop = ratio > 0.01 && ratio < 0.99 ? (size_t)1 << hi : 0;
	return size_mul(C, ni, vert) && size_mul(ni, ni, a) &&
	       size_mul(ni, c->n_redundant, b);
}

size_t classification_bytes(const struct config *c)
{
	size_t vert, a, b, pop, t, bytes;
	if (!sizes(c, &vert, &a, &b, &pop) || !size_add(vert, a, &t) ||
	    !size_add(t, b, &t) || !size_mul(t, sizeof(double), &bytes) ||
	    !size_add(c->n_samples, c->n_features, &t) || !size_add(t, pop, &t) ||
	    !size_add(t, c->centers * c->n_clusters_per_class, &t) ||
	    !size_mul(t, sizeof(uint32_t), &t) || !size_add(bytes, t, &bytes) ||
	    !size_mul(c->n_samples, c->n_features, &t) || !size_mul(t, sizeof(double), &t) ||
	    !size_add(bytes, t, &bytes))
		return 0;
	return bytes;
}

/* sample_without_replacement(2^dims, C) for dims <= 30 into v[0..C). */
static void sample_vertices(struct rng *r, uint32_t *v, size_t C, size_t dims,
			    uint32_t *pool)
{
	uint32_t npop = (uint32_t)1 << dims;
	double ratio = (double)C / (double)npop;
	if (ratio > 0.01 && ratio < 0.99) {
		rng_permutation(r, pool, npop);
		memcpy(v, pool, C * sizeof *v);
	} else if (ratio < 0.2) {
		/* tracking selection; C <= CONFIG_MAX_CLUSTERS keeps the scan cheap */
		for (size_t i = 0; i < C; i++) {
			uint32_t j;
			size_t k;
			do {
				j = rng_interval(r, npop - 1);
				for (k = 0; k < i && v[k] != j; k++)
					;
			} while (k < i);
			v[i] = j;
		}
	} else {
		/* reservoir sampling */
		for (size_t i = 0; i < C; i++)
			v[i] = (uint32_t)i;
		for (uint32_t i = (uint32_t)C; i < npop; i++) {
			uint32_t j = rng_interval(r, i);
			if (j < C)
				v[j] = i;
		}
	}
}

enum status classification_generate(double *x, int32_t *y, const struct config *c)
{
	size_t n = c->n_samples, d = c->n_features, ni = c->n_informative;
	size_t nr = c->n_redundant, nrep = c->n_repeated, nu = d - ni - nr - nrep;
	size_t ncls = c->centers, C = ncls * c->n_clusters_per_class;
	size_t nvert, na, nb, npop, stop = 0;
	size_t hi = ni > 30 ? 30 : ni; /* the dimensions sampled as integers */
	double *vert = NULL, *A = NULL, *B = NULL, *tmp = NULL;
	uint32_t *code = NULL, *perm = NULL, *cols = NULL, *pool = NULL;
	struct rng rng;

	if (!sizes(c, &nvert, &na, &nb, &npop))
		return ST_NOMEM;
	vert = xmalloc(nvert * sizeof *vert);
	A = xmalloc((na ? na : 1) * sizeof *A);
	B = xmalloc((nb ? nb : 1) * sizeof *B);
	tmp = xmalloc(n * d * sizeof *tmp);
	code = xmalloc(C * sizeof *code);
	perm = xmalloc(n * sizeof *perm);
	cols = xmalloc(d * sizeof *cols);
	pool = xmalloc((npop ? npop : 1) * sizeof *pool);
	if (!vert || !A || !B || !tmp || !code || !perm || !cols || !pool) {
		free(vert); free(A); free(B); free(tmp);
		free(code); free(perm); free(cols); free(pool);
		return ST_NOMEM;
	}
	memset(x, 0, n * d * sizeof *x);
	rng_init(&rng, c->random_state);

	/* 1. the vertices: leading random bits, then the sampled codes whose
	 * bits, most significant first, are the last hi columns */
	for (size_t k = 0; k < C; k++)
		for (size_t j = 0; j + hi < ni; j++)
			vert[k * ni + j] = (double)(rng_u32(&rng) & 1U);
	sample_vertices(&rng, code, C, hi, pool);
	for (size_t k = 0; k < C; k++)
		for (size_t j = 0; j < hi; j++)
			vert[k * ni + (ni - hi) + j] = (double)((code[k] >> (hi - 1 - j)) & 1U);
	for (size_t i = 0; i < C * ni; i++)
		vert[i] = vert[i] * (2 * c->class_sep) - c->class_sep;
	/* 2. */
	if (!c->hypercube) {
		for (size_t k = 0; k < C; k++) {
			double u = rng_double(&rng);
			for (size_t j = 0; j < ni; j++)
				vert[k * ni + j] *= u;
		}
		for (size_t j = 0; j < ni; j++) {
			double u = rng_double(&rng);
			for (size_t k = 0; k < C; k++)
				vert[k * ni + j] *= u;
		}
	}
	/* 3. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < ni; j++)
			x[i * d + j] = rng_gauss(&rng);
	/* 4. the clusters in order, class k % n_classes; rows = rows A */
	for (size_t k = 0; k < C; k++) {
		size_t start = stop, count = n / C + (k < n % C ? 1 : 0);
		stop = start + count;
		for (size_t i = 0; i < ni * ni; i++)
			A[i] = 2 * rng_double(&rng) - 1;
		for (size_t i = start; i < stop; i++) {
			double *row = x + i * d, *t = tmp + i * d;
			y[i] = (int32_t)(k % ncls);
			for (size_t j = 0; j < ni; j++) {
				double s = 0.0;
				for (size_t l = 0; l < ni; l++)
					s += row[l] * A[l * ni + j];
				t[j] = s;
			}
			for (size_t j = 0; j < ni; j++)
				row[j] = t[j] + vert[k * ni + j];
		}
	}
	/* 5. redundant = informative B */
	if (nr > 0) {
		for (size_t i = 0; i < ni * nr; i++)
			B[i] = 2 * rng_double(&rng) - 1;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < nr; j++) {
				double s = 0.0;
				for (size_t l = 0; l < ni; l++)
					s += x[i * d + l] * B[l * nr + j];
				x[i * d + ni + j] = s;
			}
	}
	/* 6. */
	for (size_t j = 0; j < nrep; j++) {
		size_t src = (size_t)((double)(ni + nr - 1) * rng_double(&rng) + 0.5);
		for (size_t i = 0; i < n; i++)
			x[i * d + ni + nr + j] = x[i * d + src];
	}
	/* 7. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = d - nu; j < d; j++)
			x[i * d + j] = rng_gauss(&rng);
	/* 8. all the uniforms first (perm holds the mask), then a class for
	 * each flipped row in order */
	for (size_t i = 0; i < n; i++)
		perm[i] = rng_double(&rng) < c->flip_y;
	for (size_t i = 0; i < n; i++)
		if (perm[i])
			y[i] = (int32_t)rng_interval(&rng, (uint32_t)(ncls - 1));
	/* 9. per column, shift then scale (the D values borrow tmp) */
	for (size_t j = 0; j < d; j++)
		tmp[j] = c->shift_random ? (2 * rng_double(&rng) - 1) * c->class_sep : c->shift;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			x[i * d + j] += tmp[j];
	for (size_t j = 0; j < d; j++)
		tmp[j] = c->scale_random ? 1 + 100 * rng_double(&rng) : c->scale;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			x[i * d + j] *= tmp[j];
	/* 10. rows, then columns */
	if (c->data_shuffle) {
		/* the labels' copy borrows tmp: N int32 fit in N * D doubles */
		int32_t *ty = (int32_t *)(void *)tmp;
		rng_permutation(&rng, perm, n);
		for (size_t i = 0; i < n; i++)
			ty[i] = y[perm[i]];
		memcpy(y, ty, n * sizeof *y);
		memcpy(tmp, x, n * d * sizeof *x);
		for (size_t i = 0; i < n; i++)
			memcpy(x + i * d, tmp + (size_t)perm[i] * d, d * sizeof *x);
		rng_permutation(&rng, cols, d);
		memcpy(tmp, x, n * d * sizeof *x);
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < d; j++)
				x[i * d + j] = tmp[i * d + cols[j]];
	}
	free(vert); free(A); free(B); free(tmp);
	free(code); free(perm); free(cols); free(pool);
	return ST_OK;
}
