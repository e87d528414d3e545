/* weval.c: evaluate a run's saved weights, for tests/weights.sh.
 *
 *   weval CONFIG WEIGHTS_FOLDER
 *
 * Reads the folder (src/weights.c, through the .npy checks of npy.c),
 * generates CONFIG's data and prints two lines, each
 * "<how> val_loss val_acc train_loss train_acc":
 *   mlp    bsweep's own forward pass (mlp_evaluate, the path and chunk
 *          size a sweep of CONFIG uses): must equal the run's final
 *          val_loss/val_acc and its last train_eval_loss/train_acc bit
 *          for bit, if the folder holds that run's final weights;
 *   naive  an independent forward pass in double, plain loops over the
 *          .npy kernels (in, out) as Keras applies them, x kernel + bias:
 *          the same up to float rounding.
 * Numbers as fmt_double writes them (the CSVs' text).  Exit 1 on error.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "data.h"
#include "mlp.h"
#include "npy.h"
#include "train.h"
#include "util.h"
#include "weights.h"

static double act(double z, enum activation a)
{
	switch (a) {
	case ACT_RELU: return z > 0.0 ? z : 0.0;
	case ACT_TANH: return tanh(z);
	case ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
	case ACT_LINEAR: break;
	}
	return z;
}

/* Mean cross-entropy and accuracy of rows [r0, r1) by plain loops over
 * the folder's arrays, read again with npy_read. */
static int naive(const char *folder, const struct mlp *m, const struct dataset *ds,
		 size_t r0, size_t r1, double *loss, double *acc)
{
	float *k[MLP_MAX_LAYERS], *b[MLP_MAX_LAYERS];
	double h[2][4096], sum = 0.0;
	size_t correct = 0, L = m->L;
	char path[4200], err[MSG_MAX];
	for (size_t l = 0; l < L; l++) {
		size_t in = m->width[l], out = m->width[l + 1], ks[2] = {in, out}, bs[1] = {out};
		if (out > 4096 || in > 4096)
			return -1;
		k[l] = malloc(in * out * sizeof *k[l]);
		b[l] = malloc(out * sizeof *b[l]);
		snprintf(path, sizeof path, "%s/layer%zu_kernel.npy", folder, l);
		if (!k[l] || !b[l] || npy_read(path, k[l], ks, 2, err, sizeof err) != ST_OK)
			return fprintf(stderr, "weval: %s\n", err), -1;
		snprintf(path, sizeof path, "%s/layer%zu_bias.npy", folder, l);
		if (npy_read(path, b[l], bs, 1, err, sizeof err) != ST_OK)
			return fprintf(stderr, "weval: %s\n", err), -1;
	}
	for (size_t r = r0; r < r1; r++) {
		double *x = h[0], *y = h[1], *t, mx, lse = 0.0;
		size_t best = 0, K = m->width[L];
		for (size_t j = 0; j < ds->d; j++)
			x[j] = ds->x[r * ds->d + j];
		for (size_t l = 0; l < L; l++) {
			size_t in = m->width[l], out = m->width[l + 1];
			for (size_t o = 0; o < out; o++) {
				double z = b[l][o];
				for (size_t i = 0; i < in; i++)
					z += x[i] * k[l][i * out + o];   /* kernel (in, out) */
				y[o] = l + 1 < L ? act(z, m->act) : z;
			}
			t = x, x = y, y = t;
		}
		mx = x[0];
		for (size_t o = 1; o < K; o++)
			if (x[o] > mx)
				mx = x[o], best = o;
		for (size_t o = 0; o < K; o++)
			lse += exp(x[o] - mx);
		sum += mx + log(lse) - x[ds->y[r]];
		correct += best == (size_t)ds->y[r];
	}
	*loss = sum / (double)(r1 - r0);
	*acc = (double)correct / (double)(r1 - r0);
	for (size_t l = 0; l < L; l++) {
		free(k[l]);
		free(b[l]);
	}
	return 0;
}

static void put(const char *how, const double v[4])
{
	char buf[40];
	fputs(how, stdout);
	for (int i = 0; i < 4; i++) {
		fmt_double(buf, sizeof buf, v[i]);
		printf(" %s", buf);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	struct config c;
	struct dataset ds;
	struct mlp m;
	char err[MSG_MAX];
	size_t maxb = 0, n;
	double v[4];
	if (argc != 3) {
		fputs("usage: weval CONFIG WEIGHTS_FOLDER\n", stderr);
		return 2;
	}
	if (config_load(&c, argv[1], err, sizeof err) != ST_OK ||
	    data_generate(&ds, &c, err, sizeof err) != ST_OK) {
		fprintf(stderr, "weval: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < c.n_batch_sizes; i++)
		if (c.batch_sizes[i] > maxb)
			maxb = c.batch_sizes[i];
	n = c.n_train;
	if (mlp_init(&m, &c, ds.d, ds.k, trainer_capacity(&c, maxb)) != ST_OK ||
	    weights_read(argv[2], &m, err, sizeof err) != ST_OK) {
		fprintf(stderr, "weval: %s\n", err);
		return 1;
	}
	v[0] = mlp_evaluate(&m, ds.x + n * ds.d, ds.y + n, ds.n - n, &v[1]);
	v[2] = mlp_evaluate(&m, ds.x, ds.y, n, &v[3]);
	put("mlp", v);
	if (naive(argv[2], &m, &ds, n, ds.n, &v[0], &v[1]) != 0 ||
	    naive(argv[2], &m, &ds, 0, n, &v[2], &v[3]) != 0)
		return 1;
	put("naive", v);
	mlp_free(&m);
	data_free(&ds);
	config_free(&c);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
