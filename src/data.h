/* data.h: the dataset: synthetic, or read from CSV files (table.c).
 *
 * make_blobs reproduces sklearn.datasets.make_blobs bit for bit (float64),
 * driven by the NumPy-legacy RNG in rng.c; make_moons and make_circles
 * (shapes.c) too, but for the last bits of cos and sin.  The dataset keeps the float64
 * values (for `bsweep data` and the data hash) and a float32 copy for
 * training.  Rows are in dataset order; the first n_train are the training
 * set, the rest validation.  Does not split or batch: train.c does.
 */
#ifndef BSWEEP_DATA_H
#define BSWEEP_DATA_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "table.h"

struct dataset {
	size_t n, d, k;  /* rows N, features D, classes K */
	double *x64;     /* (N, D) row-major, as generated */
	float *x;        /* (N, D) row-major float32 copy */
	int32_t *y;      /* (N) class labels in [0, K) */
	struct table src; /* generator "csv": the files' class names and hashes
			     (src.classes NULL otherwise) */
	double *mean, *std; /* (D) with data.standardize: the training rows'
			       statistics the features were scaled by, else NULL */
};

/* Generator "csv": read the files once to learn the data's shape and give
 * it to the config (config_set_shape): rows, features, classes, the
 * split.  Nothing for other generators.  ST_OK; ST_INPUT (a bad file,
 * named with line and column, or data over max_bytes); ST_NOMEM. */
enum status data_resolve(struct config *c, const char *config_path, size_t max_bytes,
			 char *err, size_t errsize);

/* Generate the dataset the config describes (for "csv", after
 * data_resolve: read it, shuffle it with NumPy's
 * RandomState(shuffle_seed).permutation, scale it).  ST_OK; ST_NOMEM; ST_INPUT
 * when a value does not fit float32 (config validation bounds
 * data.center_box and data.cluster_std so that it cannot happen: this is
 * the backstop).  On failure the message is in err and ds holds nothing
 * to free. */
enum status data_generate(struct dataset *ds, const struct config *c,
			  char *err, size_t errsize);

/* Bytes data_generate allocates at its peak; 0 on overflow. */
size_t data_bytes(const struct config *c);

/* One line naming the generator and its arguments, scikit-learn's call
 * as it were ("make_moons n_samples=1000 noise=0.2 ..."), for the dry
 * run's plan. */
void data_describe(char *buf, size_t size, const struct config *c);

/* Release the buffers. */
void data_free(struct dataset *ds);

/* CSV with header x0,...,x{D-1},label; values with %.17g (round-trip
 * exact, and fixed-width digits: a dataset export, not a result file).
 * Write errors stay in f's error flag for the caller's check
 * (afile_commit, finish_stdout). */
void data_write_csv(const struct dataset *ds, FILE *f);

/* FNV-1a 64 over the float64 values (little-endian, row-major) followed by
 * the labels as int32: identifies the data in run.json. */
uint64_t data_hash(const struct dataset *ds);

#endif
