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

/* The next RNG_N words of the state (the twist), then all of them
 * tempered into r->out in one loop, which the compiler vectorises: a draw
 * is then a load (rng_u32), the outputs NumPy's in order. */
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
	for (i = 0; i < RNG_N; i++) {
		y = r->mt[i];
		y ^= y >> 11;
		y ^= (y << 7) & 0x9d2c5680U;
		y ^= (y << 15) & 0xefc60000U;
		r->out[i] = y ^ (y >> 18);
	}
	r->pos = 0;
}

uint32_t rng_u32(struct rng *r)
{
	if (r->pos == RNG_N)
		rng_generate(r);
	return r->out[r->pos++];
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

/* The smallest 2^k - 1 >= max (max > 0): rng_interval's mask. */
static uint32_t fill_mask(uint32_t max)
{
	return UINT32_MAX >> __builtin_clz(max);
}

uint32_t rng_interval(struct rng *r, uint32_t max)
{
	uint32_t mask, value;
	if (max == 0)
		return 0;
	mask = fill_mask(max);
	while ((value = (rng_u32(r) & mask)) > max)
		;
	return value;
}

/* rng_interval(r, i) for i = n - 1 down to 1, each swapping idx[i] with
 * the value drawn, as RandomState.shuffle does.  Written without a branch
 * on the draw: a rejected draw (a third of them on average, at random)
 * leaves i as it is, so the processor never guesses wrong.  The draws
 * for up to SHUFFLE_CHUNK values of i are made first, into j[] (a
 * rejected draw's value is overwritten by the next), then their swaps:
 * the draws do not wait on the swaps' memory.  The draws consumed and the
 * swaps made are RandomState's. */
#define SHUFFLE_CHUNK 256
void rng_shuffle(struct rng *r, uint32_t *idx, size_t n)
{
	/* n <= 2^32: indices are uint32 (config caps n_samples at 1e8) */
	uint32_t j[SHUFFLE_CHUNK], i = n > 1 ? (uint32_t)(n - 1) : 0, mask;
	int pos = r->pos;
	if (i == 0)
		return;
	mask = fill_mask(i);
	while (i > 0) {
		/* the chunk: i down to stop + 1 */
		uint32_t top = i, stop = i > SHUFFLE_CHUNK ? i - SHUFFLE_CHUNK : 0;
		while (i > stop) {
			/* the values of i with this mask, down to mask / 2 + 1 */
			uint32_t low = mask >> 1 > stop ? mask >> 1 : stop;
			while (i > low) {
				uint32_t v;
				if (pos == RNG_N) {
					rng_generate(r);
					pos = 0;
				}
				v = r->out[pos++] & mask;
				j[top - i] = v;
				i -= v <= i;
			}
			if (i == mask >> 1)
				mask >>= 1;
		}
		for (uint32_t k = top; k > stop; k--) {
			uint32_t t = idx[k], jk = j[top - k];
			idx[k] = idx[jk];
			idx[jk] = t;
		}
	}
	r->pos = pos;
}

void rng_permutation(struct rng *r, uint32_t *idx, size_t n)
{
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	rng_shuffle(r, idx, n);
}
