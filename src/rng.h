/* rng.h: MT19937 that reproduces NumPy's legacy RandomState bit for bit.
 *
 * Same integer seeding, the same uint32 stream, random_sample() doubles in
 * [0, 1), the legacy polar-method gauss() with its cached twin, the bounded
 * integers and the in-place shuffle that RandomState.shuffle/permutation
 * use.  scikit-learn's make_blobs and this project's weight initialisation
 * and epoch shuffles are all built on it, so a NumPy script given the same
 * seed draws exactly the same numbers (tests/golden/rng_*.txt).
 *
 * Not thread-safe per object; each run owns its own struct rng.
 */
#ifndef BSWEEP_RNG_H
#define BSWEEP_RNG_H

#include <stddef.h>
#include <stdint.h>

#define RNG_N 624

struct rng {
	uint32_t mt[RNG_N];  /* the state */
	uint32_t out[RNG_N]; /* its words tempered: the next outputs */
	int pos;             /* of the next output in out[] */
	int has_gauss;
	double gauss;
};

/* RandomState(seed) for an integer seed in [0, 2^32). */
void rng_init(struct rng *r, uint32_t seed);

/* Next tempered 32-bit output. */
uint32_t rng_u32(struct rng *r);

/* random_sample(): 53-bit double in [0, 1). */
double rng_double(struct rng *r);

/* uniform(lo, hi): lo + (hi - lo) * random_sample(). */
double rng_uniform(struct rng *r, double lo, double hi);

/* standard_normal() by the legacy polar method, caching the second value. */
double rng_gauss(struct rng *r);

/* Uniform integer in [0, max] by masked rejection on 32-bit draws (NumPy
 * random_interval for max < 2^32). */
uint32_t rng_interval(struct rng *r, uint32_t max);

/* In-place Fisher-Yates over idx[0..n-1] (n <= 2^32) exactly as RandomState.shuffle:
 * for i = n-1 down to 1, swap i with rng_interval(i). */
void rng_shuffle(struct rng *r, uint32_t *idx, size_t n);

/* idx = RandomState.permutation(n): 0..n-1, then rng_shuffle. */
void rng_permutation(struct rng *r, uint32_t *idx, size_t n);

#endif
