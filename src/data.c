/* data.c: the dataset: make_blobs here, make_moons and make_circles in
 * shapes.c, make_classification in classification.c; the float32 copy,
 * the checks, the export and the hash.
 *
 * sklearn.datasets.make_blobs in C (scikit-learn 1.2 algorithm):
 * 1. centers: (K, D) values uniform(low, high), row by row;
 * 2. n // K samples per center, the first n % K centers one more;
 * 3. for each center in order, its rows: center[j] + std * gauss();
 * 4. shuffle row order with RandomState.shuffle on 0..N-1.
 * One RandomState(random_state) drives all four steps, as in sklearn.
 */
#include "data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classification.h"
#include "rng.h"
#include "shapes.h"
#include "util.h"

size_t data_bytes(const struct config *c)
{
	size_t N = c->n_samples, D = c->n_features, K = c->centers, nd, bytes, t;
	/* x64, the float copy, make_blobs' raw rows; labels, raw labels, the
	 * permutation; the centers */
	if (!size_mul(N, D, &nd) || !size_mul(nd, 8 + 4 + 8, &bytes) ||
	    !size_mul(N, 4 + 4 + 4, &t) || !size_add(bytes, t, &bytes) ||
	    !size_mul(K * D, sizeof(double), &t) || !size_add(bytes, t, &bytes))
		return 0;
	/* make_classification's own scratch on top */
	if (c->generator == GEN_CLASSIFICATION &&
	    (!(t = classification_bytes(c)) || !size_add(bytes, t, &bytes)))
		return 0;
	return bytes;
}

enum status data_generate(struct dataset *ds, const struct config *c,
			  char *err, size_t errsize)
{
	size_t n = c->n_samples, d = c->n_features, k = c->centers, nd;
	double *centers = NULL, *raw = NULL;
	int32_t *labels = NULL;
	uint32_t *perm = NULL;
	struct rng rng;
	size_t row = 0;

	memset(ds, 0, sizeof *ds);
	if (!size_mul(n, d, &nd) || nd > SIZE_MAX / sizeof(double))
		goto nomem;
	ds->n = n;
	ds->d = d;
	ds->k = k;
	centers = xmalloc(k * d * sizeof *centers);
	raw = xmalloc(nd * sizeof *raw);
	labels = xmalloc(n * sizeof *labels);
	perm = xmalloc(n * sizeof *perm);
	ds->x64 = xmalloc(nd * sizeof *ds->x64);
	ds->x = xmalloc(nd * sizeof *ds->x);
	ds->y = xmalloc(n * sizeof *ds->y);
	if (!centers || !raw || !labels || !perm || !ds->x64 || !ds->x || !ds->y) {
		free(centers);
		free(raw);
		free(labels);
		free(perm);
		data_free(ds);
		goto nomem;
	}

	if (c->generator == GEN_MOONS || c->generator == GEN_CIRCLES) {
		shapes_generate(ds->x64, ds->y, raw, perm, c);
		goto convert;
	}
	if (c->generator == GEN_CLASSIFICATION) {
		if (classification_generate(ds->x64, ds->y, c) != ST_OK) {
			free(centers);
			free(raw);
			free(labels);
			free(perm);
			data_free(ds);
			goto nomem;
		}
		goto convert;
	}
	rng_init(&rng, c->random_state);
	for (size_t i = 0; i < k * d; i++)
		centers[i] = rng_uniform(&rng, c->center_box[0], c->center_box[1]);
	for (size_t ci = 0; ci < k; ci++) {
		size_t count = n / k + (ci < n % k ? 1 : 0);
		for (size_t r = 0; r < count; r++, row++) {
			for (size_t j = 0; j < d; j++)
				raw[row * d + j] = centers[ci * d + j] +
						   c->cluster_std * rng_gauss(&rng);
			labels[row] = (int32_t)ci;
		}
	}
	rng_permutation(&rng, perm, n);
	for (size_t i = 0; i < n; i++) {
		memcpy(ds->x64 + i * d, raw + (size_t)perm[i] * d, d * sizeof *raw);
		ds->y[i] = labels[perm[i]];
	}
convert:
	for (size_t i = 0; i < nd; i++)
		ds->x[i] = (float)ds->x64[i];

	free(centers);
	free(raw);
	free(labels);
	free(perm);
	/* float32 data that overflowed would make training fail with
	 * misleading advice: refuse them here */
	for (size_t i = 0; i < nd; i++)
		if (!isfinite(ds->x[i])) {
			char v[32];
			fmt_double(v, sizeof v, ds->x64[i]);
			msgf(err, errsize, "the generated data do not fit float32: row %zu, feature %zu is %s\n"
			     "hint: reduce %s", i / d, i % d, v,
			     c->generator == GEN_BLOBS ? "data.center_box or data.cluster_std" :
			     c->generator == GEN_CLASSIFICATION ? "data.class_sep, data.shift or data.scale" :
			     "data.noise");
			data_free(ds);
			return ST_INPUT;
		}
	return ST_OK;
nomem:
	msgf(err, errsize, "out of memory generating the data (about %.1f MiB)",
	     (double)data_bytes(c) / 1048576.0);
	return ST_NOMEM;
}

void data_describe(char *buf, size_t size, const struct config *c)
{
	switch (c->generator) {
	case GEN_BLOBS:
		msgf(buf, size, "make_blobs n_samples=%zu centers=%zu n_features=%zu "
		     "cluster_std=%g random_state=%lu", c->n_samples, c->centers,
		     c->n_features, c->cluster_std, (unsigned long)c->random_state);
		break;
	case GEN_MOONS:
		msgf(buf, size, "make_moons n_samples=%zu noise=%g shuffle=%s random_state=%lu",
		     c->n_samples, c->noise, c->data_shuffle ? "true" : "false",
		     (unsigned long)c->random_state);
		break;
	case GEN_CIRCLES:
		msgf(buf, size, "make_circles n_samples=%zu noise=%g factor=%g shuffle=%s "
		     "random_state=%lu", c->n_samples, c->noise, c->factor,
		     c->data_shuffle ? "true" : "false", (unsigned long)c->random_state);
		break;
	case GEN_CLASSIFICATION: {
		char shift[32] = "None", scale[32] = "None";
		if (!c->shift_random)
			msgf(shift, sizeof shift, "%g", c->shift);
		if (!c->scale_random)
			msgf(scale, sizeof scale, "%g", c->scale);
		msgf(buf, size, "make_classification n_samples=%zu n_features=%zu "
		     "n_informative=%zu n_redundant=%zu n_repeated=%zu n_classes=%zu "
		     "n_clusters_per_class=%zu flip_y=%g class_sep=%g hypercube=%s "
		     "shift=%s scale=%s shuffle=%s random_state=%lu", c->n_samples,
		     c->n_features, c->n_informative, c->n_redundant, c->n_repeated,
		     c->centers, c->n_clusters_per_class, c->flip_y, c->class_sep,
		     c->hypercube ? "true" : "false", shift, scale,
		     c->data_shuffle ? "true" : "false", (unsigned long)c->random_state);
		break;
	}
	}
}

void data_free(struct dataset *ds)
{
	free(ds->x64);
	free(ds->x);
	free(ds->y);
	ds->x64 = NULL;
	ds->x = NULL;
	ds->y = NULL;
}

void data_write_csv(const struct dataset *ds, FILE *f)
{
	for (size_t j = 0; j < ds->d; j++)
		fprintf(f, "x%zu,", j);
	fputs("label\n", f);
	for (size_t i = 0; i < ds->n; i++) {
		for (size_t j = 0; j < ds->d; j++)
			fprintf(f, "%.17g,", ds->x64[i * ds->d + j]);
		fprintf(f, "%d\n", (int)ds->y[i]);
	}
}

uint64_t data_hash(const struct dataset *ds)
{
	uint64_t h = FNV1A64_INIT;
	/* Byte order: this hashes the in-memory bytes, which are the
	 * little-endian IEEE values on every machine bsweep targets. */
	h = fnv1a64(h, ds->x64, ds->n * ds->d * sizeof *ds->x64);
	h = fnv1a64(h, ds->y, ds->n * sizeof *ds->y);
	return h;
}
