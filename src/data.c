/* data.c: the dataset: make_blobs here, make_moons and make_circles in
 * shapes.c, make_classification in classification.c, a CSV file read by
 * table.c; the float32 copy, the checks, the export and the hash.
 *
 * A CSV dataset is then shuffled (NumPy's
 * RandomState(shuffle_seed).permutation, applied as x[perm]), split and
 * standardised here: mean and population standard deviation (ddof 0, as
 * scikit-learn's StandardScaler; a constant feature keeps scale 1) of the
 * training rows only, summed in float64 in row order, applied to every
 * row.
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

/* A CSV dataset's bytes per row of D features: x64, the float copy, the
 * label, the shuffle's permutation. */
static size_t csv_row_bytes(size_t d)
{
	return d * (8 + 4) + 4 + 4;
}

size_t data_bytes(const struct config *c)
{
	size_t N = c->n_samples, D = c->n_features, K = c->centers, nd, bytes, t;
	if (c->generator == GEN_CSV) {
		/* the rows, the permutation's spare row and the statistics
		 * (3 D doubles), the reader's block (table.c, 64 KiB), the
		 * class names (a rough 64 bytes each) */
		if (!size_mul(N, csv_row_bytes(D), &bytes) ||
		    !size_add(bytes, 3 * D * sizeof(double) + 65536 + K * 64, &bytes))
			return 0;
		return bytes;
	}
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

static enum status generate_synthetic(struct dataset *ds, const struct config *c,
				  char *err, size_t errsize)
{
	size_t n = c->n_samples, d = c->n_features, k = c->centers, nd;
	double *centers = NULL, *raw = NULL;
	int32_t *labels = NULL;
	uint32_t *perm = NULL;
	struct rng rng;
	size_t row = 0;

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

enum status data_resolve(struct config *c, const char *config_path, size_t max_bytes,
			 char *err, size_t errsize)
{
	struct table t;
	const char *paths[2] = {c->data_path, c->split == SPLIT_FILE ? c->val_path : NULL};
	size_t n, n_train = 0, k;
	enum status st;
	if (c->generator != GEN_CSV)
		return ST_OK;
	st = table_read(&t, paths, c->label, csv_row_bytes, max_bytes, NULL, NULL, err, errsize);
	if (st != ST_OK)
		return st;
	n = t.rows[0] + t.rows[1];
	if (c->split == SPLIT_FILE)
		n_train = t.rows[0];
	else if (c->split == SPLIT_N_TRAIN) {
		n_train = c->n_train;
		if (n_train >= n)
			msgf(err, errsize, "%s: data.n_train: expected fewer than the %zu rows of %s (at least one is left for validation), found %zu",
			     config_path, n, c->data_path, n_train);
	} else {
		/* scikit-learn's train_test_split: ceil(fraction * n) validate */
		double v = ceil(c->val_fraction * (double)n);
		n_train = v >= 1 && v < (double)n ? n - (size_t)v : 0;
		if (!n_train)
			msgf(err, errsize, "%s: data.validation_fraction: expected a fraction that leaves rows for both training and validation of the %zu rows of %s, found %g (%.0f validation rows)",
			     config_path, n, c->data_path, c->val_fraction, v);
	}
	if (c->split != SPLIT_FILE && n_train >= n)
		n_train = 0;
	k = t.k;
	table_free(&t);
	if (!n_train)
		return ST_INPUT;
	return config_set_shape(c, config_path, n, n_train, t.d, k, err, errsize);
}

/* rows of x64 (N, D) and y (N) in place: row i becomes old row perm[i]
 * (NumPy's x[perm]), following the cycles; perm is used up. */
static void permute_rows(double *x64, int32_t *y, uint32_t *perm, size_t n, size_t d)
{
	double *tmp = x64 + n * d; /* one spare row at the end */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		int32_t ty;
		if (perm[i] == i)
			continue;
		memcpy(tmp, x64 + i * d, d * sizeof *tmp);
		ty = y[i];
		while (perm[j] != i) {
			size_t k = perm[j];
			memcpy(x64 + j * d, x64 + k * d, d * sizeof *tmp);
			y[j] = y[k];
			perm[j] = (uint32_t)j;
			j = k;
		}
		memcpy(x64 + j * d, tmp, d * sizeof *tmp);
		y[j] = ty;
		perm[j] = (uint32_t)j;
	}
}

static void standardize(struct dataset *ds, size_t n_train)
{
	size_t d = ds->d;
	for (size_t j = 0; j < d; j++)
		ds->mean[j] = ds->std[j] = 0;
	for (size_t i = 0; i < n_train; i++)
		for (size_t j = 0; j < d; j++)
			ds->mean[j] += ds->x64[i * d + j];
	for (size_t j = 0; j < d; j++)
		ds->mean[j] /= (double)n_train;
	for (size_t i = 0; i < n_train; i++)
		for (size_t j = 0; j < d; j++) {
			double e = ds->x64[i * d + j] - ds->mean[j];
			ds->std[j] += e * e;
		}
	for (size_t j = 0; j < d; j++) {
		ds->std[j] = sqrt(ds->std[j] / (double)n_train);
		if (ds->std[j] == 0)
			ds->std[j] = 1;
	}
	for (size_t i = 0; i < ds->n; i++)
		for (size_t j = 0; j < d; j++)
			ds->x64[i * d + j] = (ds->x64[i * d + j] - ds->mean[j]) / ds->std[j];
}

static enum status read_csv(struct dataset *ds, const struct config *c, char *err,
			    size_t errsize)
{
	const char *paths[2] = {c->data_path, c->split == SPLIT_FILE ? c->val_path : NULL};
	size_t n = c->n_samples, d = c->n_features, nd = n * d; /* data_resolve checked */
	uint32_t *perm = NULL;
	enum status st;

	ds->n = n;
	ds->d = d;
	ds->k = c->centers;
	ds->src.rows[0] = paths[1] ? c->n_train : n;
	ds->src.rows[1] = paths[1] ? n - c->n_train : 0;
	/* one spare row for permute_rows */
	ds->x64 = xmalloc((nd + d) * sizeof *ds->x64);
	ds->x = xmalloc(nd * sizeof *ds->x);
	ds->y = xmalloc(n * sizeof *ds->y);
	if (c->standardize) {
		ds->mean = xmalloc(d * sizeof *ds->mean);
		ds->std = xmalloc(d * sizeof *ds->std);
	}
	if (c->csv_shuffle)
		perm = xmalloc(n * sizeof *perm);
	if (!ds->x64 || !ds->x || !ds->y || (c->standardize && (!ds->mean || !ds->std)) ||
	    (c->csv_shuffle && !perm)) {
		free(perm);
		data_free(ds);
		msgf(err, errsize, "out of memory reading the data (about %.1f MiB)",
		     (double)data_bytes(c) / 1048576.0);
		return ST_NOMEM;
	}
	st = table_read(&ds->src, paths, c->label, csv_row_bytes, SIZE_MAX, ds->x64, ds->y,
			err, errsize);
	if (st == ST_OK && ds->src.k != ds->k) {
		msgf(err, errsize, "%s: the file changed while bsweep read it", c->data_path);
		st = ST_INPUT;
	}
	if (st != ST_OK) {
		free(perm);
		data_free(ds);
		return st;
	}
	if (perm) {
		struct rng rng;
		rng_init(&rng, c->shuffle_seed);
		rng_permutation(&rng, perm, n);
		permute_rows(ds->x64, ds->y, perm, n, d);
		free(perm);
	}
	if (c->standardize)
		standardize(ds, c->n_train);
	for (size_t i = 0; i < nd; i++)
		ds->x[i] = (float)ds->x64[i];
	return ST_OK;
}

enum status data_generate(struct dataset *ds, const struct config *c,
			  char *err, size_t errsize)
{
	enum status st;
	size_t nd;
	memset(ds, 0, sizeof *ds);
	st = c->generator == GEN_CSV ? read_csv(ds, c, err, errsize) :
				       generate_synthetic(ds, c, err, errsize);
	if (st != ST_OK)
		return st;
	if (c->generator != GEN_CSV)
		return ST_OK; /* generate_synthetic checked its values */
	/* values that fit float32 in the file (table.c checks) may not once
	 * standardised: refuse them here, as the generators do theirs */
	nd = ds->n * ds->d;
	for (size_t i = 0; i < nd; i++)
		if (!isfinite(ds->x[i])) {
			char v[32];
			fmt_double(v, sizeof v, ds->x64[i]);
			msgf(err, errsize, "%s: the standardised data do not fit float32: row %zu, feature %zu is %s\n"
			     "hint: a feature nearly constant on the training rows varies on the validation rows; drop it or data.standardize",
			     c->data_path, i / ds->d, i % ds->d, v);
			data_free(ds);
			return ST_INPUT;
		}
	return ST_OK;
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
	case GEN_CSV:
		msgf(buf, size, "%s%s%s: %zu rows, %zu features, %zu classes%s%s", c->data_path,
		     c->split == SPLIT_FILE ? " + " : "", c->split == SPLIT_FILE ? c->val_path : "",
		     c->n_samples, c->n_features, c->centers, c->csv_shuffle ? ", shuffled" : "",
		     c->standardize ? ", standardised" : "");
		break;
	}
}

void data_free(struct dataset *ds)
{
	table_free(&ds->src);
	free(ds->mean);
	free(ds->std);
	ds->mean = NULL;
	ds->std = NULL;
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
