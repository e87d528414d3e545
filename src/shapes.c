/* shapes.c: sklearn.datasets.make_moons and make_circles in C
 * (scikit-learn 1.2 algorithm, NumPy 1.24 linspace).
 *
 * 1. n // 2 points on the outer curve (class 0), the rest on the inner
 *    one (class 1), at the angles of np.linspace:
 *      moons:   linspace(0, pi, m):  t_i = i * (pi / (m - 1)), the last
 *               exactly pi (m = 1: t_0 = 0); outer (cos t, sin t), inner
 *               (1 - cos t, 1 - sin t - 0.5);
 *      circles: linspace(0, 2 pi, m, endpoint=False): t_i = i * (2 pi / m);
 *               outer (cos t, sin t), inner (cos t * factor, sin t * factor);
 * 2. shuffle: rows reordered by RandomState.permutation(N) (what
 *    sklearn.utils.shuffle draws);
 * 3. noise: X += RandomState.normal(scale=noise, size=(N, 2)), row by row;
 *    noise 0 stands for scikit-learn's None and draws nothing.
 * One RandomState(random_state) drives steps 2 and 3.  Does not split,
 * convert or check: data.c does.
 */
#include "shapes.h"

#include <math.h>
#include <string.h>

/* np.pi */
static const double PI = 3.141592653589793;

/* The i-th of np.linspace(0, stop, m, endpoint): NumPy computes
 * arange(m) * (stop / div) + 0.0 and, with the endpoint, sets the last
 * to stop; a single point is 0 * stop. */
static double linspace_at(double stop, size_t m, int endpoint, size_t i)
{
	size_t div = endpoint ? m - 1 : m;
	if (div == 0)
		return (double)i * stop;
	if (endpoint && i == m - 1)
		return stop;
	return (double)i * (stop / (double)div) + 0.0;
}

void shapes_generate(double *x, int32_t *y, double *raw, uint32_t *perm,
		     const struct config *c)
{
	size_t n = c->n_samples, n_out = n / 2, n_in = n - n_out;
	struct rng rng;

	for (size_t i = 0; i < n; i++) {
		int inner = i >= n_out;
		size_t k = inner ? i - n_out : i, m = inner ? n_in : n_out;
		double *p = raw + 2 * i;
		if (c->generator == GEN_MOONS) {
			double t = linspace_at(PI, m, 1, k);
			p[0] = inner ? 1.0 - cos(t) : cos(t);
			p[1] = inner ? 1.0 - sin(t) - 0.5 : sin(t);
		} else {
			double t = linspace_at(2.0 * PI, m, 0, k);
			p[0] = inner ? cos(t) * c->factor : cos(t);
			p[1] = inner ? sin(t) * c->factor : sin(t);
		}
	}
	rng_init(&rng, c->random_state);
	if (c->data_shuffle)
		rng_permutation(&rng, perm, n);
	else
		for (size_t i = 0; i < n; i++)
			perm[i] = (uint32_t)i;
	for (size_t i = 0; i < n; i++) {
		memcpy(x + 2 * i, raw + 2 * (size_t)perm[i], 2 * sizeof *x);
		y[i] = perm[i] >= n_out ? 1 : 0; /* the outer curve first */
	}
	if (c->noise > 0)
		for (size_t i = 0; i < 2 * n; i++)
			x[i] += 0.0 + c->noise * rng_gauss(&rng); /* legacy normal: loc + scale * gauss */
}
