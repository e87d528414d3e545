/* classification.h: scikit-learn 1.2's make_classification.
 *
 * Gaussian clusters at the vertices of a hypercube in n_informative
 * dimensions, each with a random covariance, redundant features as random
 * linear combinations of the informative ones, repeated and useless
 * features, flipped labels, shift, scale and the two shuffles, with
 * scikit-learn's exact sequence of RandomState draws.  Bit-identical to
 * scikit-learn but for the matrix products (np.dot goes through BLAS,
 * whose summation order and fused multiply-adds are the library's and the
 * CPU's; here they are plain loops in order): see tests/test_gen.c for
 * the tolerance.  Weights (unbalanced classes) are not supported.
 */
#ifndef BSWEEP_CLASSIFICATION_H
#define BSWEEP_CLASSIFICATION_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* Scratch bytes classification_generate allocates; 0 on overflow. */
size_t classification_bytes(const struct config *c);

/* Fill x (N, D) row-major and y (N) as make_classification(n_samples,
 * n_features, n_informative, n_redundant, n_repeated, n_classes =
 * c->centers, n_clusters_per_class, flip_y, class_sep, hypercube, shift,
 * scale, shuffle, random_state) does.  ST_OK, or ST_NOMEM when its
 * scratch cannot be allocated (x and y then hold nothing useful). */
enum status classification_generate(double *x, int32_t *y, const struct config *c);

#endif
