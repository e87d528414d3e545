/* shapes.h: scikit-learn 1.2's make_moons and make_circles.
 *
 * Two classes in the plane, driven by the NumPy-legacy RNG in rng.c with
 * scikit-learn's exact sequence of draws (a permutation when shuffling,
 * then the noise).  Bit-identical to scikit-learn but for the cos and sin
 * of the points on the curves, which are the C library's here and NumPy's
 * own there (NumPy's SIMD versions may differ by an ulp or two: see
 * tests/test_gen.c for the tolerance and why it holds).
 */
#ifndef BSWEEP_SHAPES_H
#define BSWEEP_SHAPES_H

#include <stdint.h>

#include "config.h"
#include "rng.h"

/* Fill x (N, 2) row-major and y (N) with make_moons(n_samples, shuffle,
 * noise, random_state) or make_circles(..., factor) as c->generator says.
 * raw (N, 2) and perm (N) are the caller's scratch.  Cannot fail. */
void shapes_generate(double *x, int32_t *y, double *raw, uint32_t *perm,
		     const struct config *c);

#endif
