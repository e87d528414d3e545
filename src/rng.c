/* rng.c: NumPy legacy RandomState (MT19937) in C.
 *
 * Follows numpy/random/src/mt19937 and legacy/legacy-distributions.c.
 * Does not implement array seeding (init_by_array): bsweep seeds are
 * integers.  Compiled without FMA contraction (-ffp-contract=off), so the
 * doubles equal NumPy's. */
#include "rng.h"

#include <math.h>

#define RNG_M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

void rng_init(struct rng *r, uint32_t seed)
{
	r->mt[0] = seed;
	for (int i = 1; i < RNG_N; i++)
		r->mt[i] = 1812433253U * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) +
			   (uint32_t)i;
	r->pos = RNG_N;
	r->has_gauss = 0;
	r->gauss = 0.0;
}

static void rng_generate(struct rng *r)
{
	uint32_t y;
	int i;
	for (i = 0; i < RNG_N - RNG_M; i++) {
		y = (r->mt[i] & UPPER_MASK) | (r->mt[i + 1] & LOWER_MASK);
		r->mt[i] = r->mt[i + RNG_M] ^ (y >> 1) ^ (-(y & 1U) & MATRIX_A);
	}
	for (; i < RNG_N - 1; i++) {
		y = (r->mt[i] & UPPER_MASK) | (r->mt[i + 1] & LOWER_MASK);
		r->mt[i] = r->mt[i + (RNG_M - RNG_N)] ^ (y >> 1) ^
			   (-(y & 1U) & MATRIX_A);
	}
	y = (r->mt[RNG_N - 1] & UPPER_MASK) | (r->mt[0] & LOWER_MASK);
	r->mt[RNG_N - 1] = r->mt[RNG_M - 1] ^ (y >> 1) ^ (-(y & 1U) & MATRIX_A);
	r->pos = 0;
}

uint32_t rng_u32(struct rng *r)
{
	uint32_t y;
	if (r->pos == RNG_N)
		rng_generate(r);
	y = r->mt[r->pos++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

double rng_double(struct rng *r)
{
	int32_t a = (int32_t)(rng_u32(r) >> 5), b = (int32_t)(rng_u32(r) >> 6);
	return (a * 67108864.0 + b) / 9007199254740992.0;
}

double rng_uniform(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_double(r);
}

double rng_gauss(struct rng *r)
{
	double x1, x2, r2, f;
	if (r->has_gauss) {
		r->has_gauss = 0;
		return r->gauss;
	}
	do {
		x1 = 2.0 * rng_double(r) - 1.0;
		x2 = 2.0 * rng_double(r) - 1.0;
		r2 = x1 * x1 + x2 * x2;
	} while (r2 >= 1.0 || r2 == 0.0);
	f = sqrt(-2.0 * log(r2) / r2);
	r->gauss = f * x1;
	r->has_gauss = 1;
	return f * x2;
}

uint32_t rng_interval(struct rng *r, uint32_t max)
{
	uint32_t mask = max, value;
	if (max == 0)
		return 0;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	while ((value = (rng_u32(r) & mask)) > max)
		;
	return value;
}

void rng_shuffle(struct rng *r, uint32_t *idx, size_t n)
{
	/* n <= 2^32: indices are uint32 (config caps n_samples at 1e8) */
	for (size_t i = n; i-- > 1;) {
		size_t j = rng_interval(r, (uint32_t)i);
		uint32_t t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
}

void rng_permutation(struct rng *r, uint32_t *idx, size_t n)
{
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	rng_shuffle(r, idx, n);
}
