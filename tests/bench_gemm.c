/* bench_gemm.c: the floor under bsweep's training time on a BLAS-path
 * network: the cblas_sgemm calls of one epoch of training, alone.
 *
 *   bench_gemm [-r EPOCHS] N_TRAIN D,H1,...,K B1 [B2 ...]
 *
 * For each batch size B, one epoch is ceil(N_TRAIN / B) steps (the last one
 * partial, as in train.c), and each step makes exactly the products
 * mlp_forward and mlp_backward (src/mlp.c) make, with the same transposes,
 * leading dimensions and beta, on buffers laid out as the model's:
 *
 *   forward, l = 0 .. L-1:   a_l (B, out) = in (B, nin) W_l^T + a_l   (beta 1:
 *                            the bias was copied into a_l first)
 *   backward, l = L-1 .. 0:  dW_l (out, nin) = dz_l^T (out, B) in (B, nin)
 *                            da_{l-1} (B, nin) = dz_l (B, out) W_l (out, nin)
 *                            (not for l = 0: the inputs need no gradient)
 *
 * Nothing else: no bias, activation, softmax, gather or optimizer step.
 * One warm-up epoch per batch size, then EPOCHS timed epochs (default 5);
 * prints, per batch size, the median and minimum seconds per epoch and the
 * median's GFLOP/s.  One OpenBLAS thread.  A benchmark, built and run by
 * `make bench` (scripts/bench.sh), not a test: the values multiplied are
 * arbitrary, only the time matters.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#define MAX_LAYERS 16

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* C = alpha op(A) op(B) + beta C, row-major, C (M, N), op(A) (M, Kd),
 * op(B) (Kd, N): the leading dimensions of src/mlp.c's helper. */
static void sgemm(int transA, int transB, size_t M, size_t N, size_t Kd,
		  const float *A, const float *Bm, float beta, float *C)
{
	cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
		    transB ? CblasTrans : CblasNoTrans, (int)M, (int)N, (int)Kd,
		    1.0f, A, (int)(transA ? M : Kd), Bm, (int)(transB ? Kd : N),
		    beta, C, (int)N);
}

struct net {
	size_t L, width[MAX_LAYERS + 1];
	float *W[MAX_LAYERS], *dW[MAX_LAYERS]; /* (width[l+1], width[l]) */
	float *a[MAX_LAYERS], *da[MAX_LAYERS]; /* (capacity, width[l+1]) */
	float *x;                              /* (capacity, width[0]): the gathered batch */
};

static float *filled(size_t n, unsigned *state)
{
	float *p = malloc((n ? n : 1) * sizeof *p);
	if (!p) {
		fprintf(stderr, "bench_gemm: out of memory (%zu floats)\n", n);
		exit(1);
	}
	/* Values in [-0.5, 0.5): no denormals, no overflow over many steps. */
	for (size_t i = 0; i < n; i++) {
		*state = *state * 1664525u + 1013904223u;
		p[i] = (float)(*state >> 8) / 16777216.0f - 0.5f;
	}
	return p;
}

/* One training step's products on the first B rows of the buffers. */
static void step(struct net *n, size_t B)
{
	const float *in = n->x;
	for (size_t l = 0; l < n->L; l++) {
		/* a_l (B, out) = in (B, nin) W_l^T + a_l */
		sgemm(0, 1, B, n->width[l + 1], n->width[l], in, n->W[l], 1.0f, n->a[l]);
		in = n->a[l];
	}
	for (size_t l = n->L; l-- > 0;) {
		size_t nin = n->width[l], out = n->width[l + 1];
		in = l ? n->a[l - 1] : n->x;
		/* dW_l (out, nin) = dz^T (out, B) in (B, nin) */
		sgemm(1, 0, out, nin, B, n->da[l], in, 0.0f, n->dW[l]);
		if (l == 0)
			break;
		/* da_{l-1} (B, nin) = dz (B, out) W_l (out, nin) */
		sgemm(0, 0, B, nin, out, n->da[l], n->W[l], 0.0f, n->da[l - 1]);
	}
}

static double epoch(struct net *n, size_t n_train, size_t B)
{
	double t0 = now();
	for (size_t r0 = 0; r0 < n_train; r0 += B)
		step(n, n_train - r0 < B ? n_train - r0 : B);
	return now() - t0;
}

/* Floating-point operations of one epoch (2 per multiply-add). */
static double epoch_flops(const struct net *n, size_t n_train)
{
	double per_row = 0.0;
	for (size_t l = 0; l < n->L; l++) {
		double mn = (double)n->width[l] * (double)n->width[l + 1];
		per_row += 2.0 * mn * (l ? 3.0 : 2.0);
	}
	return per_row * (double)n_train;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v == 0 || v > 1000000000ull)
		return -1;
	*out = (size_t)v;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_gemm [-r EPOCHS] N_TRAIN D,H1,...,K B1 [B2 ...]\n"
		"example: bench_gemm 50000 32,512,10 32 256 2048\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct net n;
	size_t reps = 5, n_train, cap = 0, nw = 0;
	unsigned state = 12345u;
	double *times;
	int i = 1;
	char list[256], *tok, *save = NULL;

	memset(&n, 0, sizeof n);
	if (i + 1 < argc && strcmp(argv[i], "-r") == 0) {
		if (parse_size(argv[i + 1], &reps) != 0 || reps > 1000)
			usage();
		i += 2;
	}
	if (argc - i < 3 || parse_size(argv[i], &n_train) != 0)
		usage();
	if (strlen(argv[i + 1]) >= sizeof list)
		usage();
	strcpy(list, argv[i + 1]);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (nw > MAX_LAYERS || parse_size(tok, &n.width[nw]) != 0 ||
		    n.width[nw] > 65536)
			usage();
		nw++;
	}
	if (nw < 2)
		usage();
	n.L = nw - 1;
	for (int j = i + 2; j < argc; j++) {
		size_t B;
		if (parse_size(argv[j], &B) != 0)
			usage();
		B = B < n_train ? B : n_train;
		cap = B > cap ? B : cap;
	}

	openblas_set_num_threads(1);
	n.x = filled(cap * n.width[0], &state);
	for (size_t l = 0; l < n.L; l++) {
		n.W[l] = filled(n.width[l + 1] * n.width[l], &state);
		n.dW[l] = filled(n.width[l + 1] * n.width[l], &state);
		n.a[l] = filled(cap * n.width[l + 1], &state);
		n.da[l] = filled(cap * n.width[l + 1], &state);
	}
	times = malloc(reps * sizeof *times);
	if (!times)
		return 1;

	printf("# bench_gemm: %zu training rows, widths %s, 1 OpenBLAS thread, "
	       "%zu timed epochs after 1 warm-up\n", n_train, argv[i + 1], reps);
	printf("%10s %8s %14s %14s %8s\n", "batch_size", "steps", "median_s/epoch",
	       "min_s/epoch", "GFLOP/s");
	for (int j = i + 2; j < argc; j++) {
		size_t B, steps;
		double med;
		parse_size(argv[j], &B);
		B = B < n_train ? B : n_train;
		steps = n_train / B + (n_train % B != 0);
		/* The array a_l grows by beta = 1 each step, as bsweep's would
		 * without the bias copy; refresh it so values stay bounded. */
		for (size_t l = 0; l < n.L; l++)
			memset(n.a[l], 0, cap * n.width[l + 1] * sizeof(float));
		epoch(&n, n_train, B); /* warm-up: caches, OpenBLAS buffers */
		for (size_t r = 0; r < reps; r++)
			times[r] = epoch(&n, n_train, B);
		qsort(times, reps, sizeof *times, cmp_double);
		med = reps % 2 ? times[reps / 2] :
			0.5 * (times[reps / 2 - 1] + times[reps / 2]);
		printf("%10zu %8zu %14.6f %14.6f %8.2f\n", B, steps, med, times[0],
		       epoch_flops(&n, n_train) / med * 1e-9);
		fflush(stdout);
	}

	free(times);
	free(n.x);
	for (size_t l = 0; l < n.L; l++) {
		free(n.W[l]);
		free(n.dW[l]);
		free(n.a[l]);
		free(n.da[l]);
	}
	return ferror(stdout) || fclose(stdout) ? 1 : 0;
}
