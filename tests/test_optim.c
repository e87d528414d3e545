/* test_optim.c: the optimizers' steps against a float32 NumPy emulation
 * of Keras' update rules (tests/golden/optim_*.txt): Adam (Keras 2's
 * form), AdamW (Keras 3's Adam), SGD with momentum and Nesterov, RMSprop
 * with and without momentum, weight decay, and the L2 penalty of the
 * model's kernels (mlp_l2_backward, then optim_step), with a learning
 * rate that changes from step to step.  The same float32 operations in
 * the same order, so the results agree to the last bit: the rules of
 * bsweep's first version must stay at 0 ulp, the others within 1 ulp (0
 * expected); the test prints the worst difference.  Each fixture runs
 * three times: on a fresh optimizer, after optim_reset, and on an
 * optimizer allocated for another run's rule then reset to this one's.
 * The vectorised loops are also checked bit for bit, on a length with a
 * remainder, against a scalar emulation written here. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "fixture.h"
#include "mlp.h"
#include "optim.h"
#include "rng.h"

#define MAXN 64

/* The files' optimizer codes (scripts/make_fixtures.py OPTIMIZERS). */
static const enum optimizer kinds[] = {OPT_ADAM, OPT_SGD, OPT_RMSPROP, OPT_ADAMW};

/* A fixture's optional scalar, or dflt when the section is absent. */
static double get_or(const struct fixture *fx, const char *name, double dflt)
{
	const double *v = fixture_get(fx, name, NULL);
	return v ? v[0] : dflt;
}

/* The fixture's parameter order, W_0 b_0 W_1 b_1 ..., to and from the
 * model's views (its own layout is mlp.c's business). */
static void to_model(struct mlp *m, int grads, const float *src)
{
	for (size_t l = 0; l < m->L; l++) {
		size_t nw = m->width[l + 1] * m->width[l], nb = m->width[l + 1];
		memcpy(grads ? m->dW[l] : m->W[l], src, nw * sizeof(float));
		src += nw;
		memcpy(grads ? m->db[l] : m->b[l], src, nb * sizeof(float));
		src += nb;
	}
}

static void from_model(const struct mlp *m, float *dst)
{
	for (size_t l = 0; l < m->L; l++) {
		size_t nw = m->width[l + 1] * m->width[l], nb = m->width[l + 1];
		memcpy(dst, m->W[l], nw * sizeof(float));
		dst += nw;
		memcpy(dst, m->b[l], nb * sizeof(float));
		dst += nb;
	}
}

static double ulps(float got, float ref)
{
	return fabs((double)got - ref) /
	       (double)(nextafterf(fabsf(ref), INFINITY) - fabsf(ref));
}

struct case_data {
	const char *name;
	size_t n, steps;
	const double *w0, *grads, *want, *lrs;
	double l2;
	struct mlp *model;      /* L2 fixtures: the network of the parameters */
};

/* Runs the fixture's steps on o (already reset to the fixture's config);
 * returns the worst difference in ulps, failing past max_ulp. */
static double run_steps(const struct case_data *d, struct optim *o, double max_ulp)
{
	float w[MAXN], g[MAXN], got[MAXN];
	float *params = w, *grads = g;
	double worst = 0.0;
	if (d->model) {
		params = d->model->params;
		grads = d->model->grads;
	}
	for (size_t i = 0; i < d->n; i++)
		w[i] = (float)d->w0[i];
	if (d->model)
		to_model(d->model, 0, w);
	for (size_t t = 0; t < d->steps; t++) {
		for (size_t i = 0; i < d->n; i++)
			g[i] = (float)d->grads[t * d->n + i];
		if (d->model) {
			to_model(d->model, 1, g);
			mlp_l2_backward(d->model, d->l2);
		}
		optim_step(o, params, grads, d->lrs[t]);
		if (d->model)
			from_model(d->model, got);
		else
			memcpy(got, w, d->n * sizeof(float));
		for (size_t i = 0; i < d->n; i++) {
			float ref = (float)d->want[t * d->n + i];
			double u = ulps(got[i], ref);
			if (u > worst)
				worst = u;
			if (u > max_ulp)
				fail_msg("%s step %zu [%zu]: got %.9g want %.9g (%.3g ulp)",
					 d->name, t + 1, i, (double)got[i], (double)ref, u);
		}
	}
	return worst;
}

static void check(const char *name, double max_ulp)
{
	struct fixture fx;
	struct config c, other;
	struct optim o, o2;
	struct mlp model;
	struct case_data d = {.name = name};
	size_t ng = 0, nw = 0, nlr = 0, nwidths = 0;
	const double *hyper, *widths;
	double lrs[16], worst, w2, w3;

	assert_int_equal(fixture_load(&fx, name), 0);
	assert_int_equal(config_defaults(&c), ST_OK);
	hyper = fixture_get(&fx, "hyper", NULL);
	d.w0 = fixture_get(&fx, "w0", &d.n);
	d.grads = fixture_get(&fx, "grads", &ng);
	d.want = fixture_get(&fx, "w", &nw);
	assert_non_null(hyper);
	assert_non_null(d.w0);
	assert_true(d.n <= MAXN && ng == nw && ng % d.n == 0);
	d.steps = ng / d.n;
	assert_true(d.steps <= 16);
	c.optimizer = kinds[(size_t)fixture_get(&fx, "kind", NULL)[0]];
	c.learning_rate = hyper[0];
	c.beta_1 = hyper[1];
	c.beta_2 = hyper[2];
	c.epsilon = hyper[3];
	c.momentum = hyper[4];
	c.nesterov = get_or(&fx, "nesterov", 0) != 0;
	c.rho = get_or(&fx, "rho", c.rho);
	c.weight_decay = get_or(&fx, "weight_decay", 0.0);
	c.l2 = d.l2 = get_or(&fx, "l2", 0.0);
	d.lrs = fixture_get(&fx, "lr", &nlr);
	if (!d.lrs) {
		for (size_t t = 0; t < d.steps; t++)
			lrs[t] = c.learning_rate;
		d.lrs = lrs;
	} else {
		assert_int_equal(nlr, d.steps);
	}
	widths = fixture_get(&fx, "widths", &nwidths);
	if (widths) {
		/* the model whose kernels the penalty applies to */
		assert_true(nwidths >= 2 && nwidths - 2 <= CONFIG_MAX_HIDDEN);
		c.n_hidden = nwidths - 2;
		for (size_t l = 0; l < c.n_hidden; l++)
			c.hidden[l] = (size_t)widths[l + 1];
		assert_int_equal(mlp_init(&model, &c, (size_t)widths[0],
					  (size_t)widths[nwidths - 1], 1), ST_OK);
		assert_int_equal(model.n_params, d.n);
		d.model = &model;
	}

	/* a fresh optimizer with exactly the state this rule needs */
	assert_int_equal(optim_init(&o, &c, d.n, optim_arrays(&c)), ST_OK);
	worst = run_steps(&d, &o, max_ulp);
	/* reset: the same run again */
	optim_reset(&o, &c);
	assert_int_equal(o.t, 0);
	w2 = run_steps(&d, &o, max_ulp);
	/* allocated for the largest state of a sweep, used first by a run of
	 * another rule, then reset to this one */
	other = c;
	other.optimizer = c.optimizer == OPT_SGD ? OPT_ADAM : OPT_SGD;
	other.momentum = 0.9;
	other.weight_decay = 0.0;
	assert_int_equal(optim_init(&o2, &other, d.n, 2), ST_OK);
	{
		float w[MAXN], g[MAXN];
		for (size_t i = 0; i < d.n; i++)
			w[i] = g[i] = 1.0f;
		optim_step(&o2, w, g, 0.1);
	}
	optim_reset(&o2, &c);
	w3 = run_steps(&d, &o2, max_ulp);
	assert_true(w2 == worst && w3 == worst);
	print_message("  %s: %zu parameters, %zu steps, worst difference %.2g ulp\n",
		      name, d.n, d.steps, worst);
	optim_free(&o);
	optim_free(&o2);
	if (d.model)
		mlp_free(&model);
	config_free(&c);
	fixture_free(&fx);
}

/* bsweep's first rules: bit for bit, as ever */
static void test_adam(void **s) { (void)s; check("optim_adam.txt", 0.0); }
static void test_adam_hot(void **s) { (void)s; check("optim_adam_hot.txt", 0.0); }
static void test_sgd(void **s) { (void)s; check("optim_sgd.txt", 0.0); }
static void test_sgd_momentum(void **s) { (void)s; check("optim_sgd_momentum.txt", 0.0); }
/* Keras 3's rules, weight decay and the L2 penalty, varying lr: 1 ulp */
static void test_sgd_nesterov(void **s) { (void)s; check("optim_sgd_nesterov.txt", 1.0); }
static void test_sgd_nesterov_plain(void **s) { (void)s; check("optim_sgd_nesterov_plain.txt", 1.0); }
static void test_rmsprop(void **s) { (void)s; check("optim_rmsprop.txt", 1.0); }
static void test_rmsprop_momentum(void **s) { (void)s; check("optim_rmsprop_momentum.txt", 1.0); }
static void test_adamw(void **s) { (void)s; check("optim_adamw.txt", 1.0); }
static void test_adamw_hot(void **s) { (void)s; check("optim_adamw_hot.txt", 1.0); }
static void test_sgd_weight_decay(void **s) { (void)s; check("optim_sgd_weight_decay.txt", 1.0); }
static void test_adam_weight_decay(void **s) { (void)s; check("optim_adam_weight_decay.txt", 1.0); }
static void test_rmsprop_weight_decay(void **s) { (void)s; check("optim_rmsprop_weight_decay.txt", 1.0); }
static void test_sgd_momentum_l2(void **s) { (void)s; check("optim_sgd_momentum_l2.txt", 1.0); }
static void test_adam_l2(void **s) { (void)s; check("optim_adam_l2.txt", 1.0); }
static void test_adamw_l2(void **s) { (void)s; check("optim_adamw_l2.txt", 1.0); }

/* By hand: Adam's first step moves every parameter by lr * sign(g), up to
 * epsilon (m1 = (1-b1) g, v1 = (1-b2) g^2, alpha = lr sqrt(1-b2)/(1-b1));
 * the lr is optim_step's, not the config's. */
static void test_adam_first_step(void **s)
{
	struct config c;
	struct optim o;
	float w[3] = {1.0f, -2.0f, 0.5f}, g[3] = {0.3f, -4.0f, 0.0f};
	(void)s;
	assert_int_equal(config_defaults(&c), ST_OK);
	c.learning_rate = 1e9; /* never read by optim_step */
	assert_int_equal(optim_init(&o, &c, 3, optim_arrays(&c)), ST_OK);
	optim_step(&o, w, g, 0.001);
	assert_float_equal(w[0], 1.0f - 0.001f, 1e-6f);
	assert_float_equal(w[1], -2.0f + 0.001f, 1e-6f);
	assert_true(w[2] == 0.5f);
	optim_free(&o);
	config_free(&c);
}

/* The optimizers' updates run with subnormal numbers flushed to zero
 * (isa.c), as TensorFlow runs its kernels.  Adam's first moment of a
 * parameter whose gradient is zero decays by beta_1 each step; from the
 * smallest subnormal, 2^-149, 0.9 times it rounds back to 2^-149, so
 * unflushed it would stay there for ever.  Flushed, it is 0, the weight
 * unchanged; and the caller's own arithmetic keeps its subnormals. */
static void test_subnormals_flushed(void **s)
{
	struct config c;
	struct optim o;
	float w = 1.0f, g = 0.0f;
	volatile float tiny = 0x1p-149f, b1 = 0.9f, product;
	uint32_t bits;
	(void)s;
#if !defined(__SSE__)
	skip(); /* isa.c flushes through x86's MXCSR only */
#endif
	assert_int_equal(config_defaults(&c), ST_OK);
	assert_int_equal(optim_init(&o, &c, 1, optim_arrays(&c)), ST_OK);
	o.m[0] = 0x1p-149f;
	o.v[0] = 1e-6f;
	o.t = 10;
	optim_step(&o, &w, &g, 0.001);
	assert_true(o.m[0] == 0.0f);
	assert_true(w == 1.0f);
	/* this thread's mode, restored: compared as bits (a flushing
	 * comparison would call 2^-149 and 0 equal) */
	product = tiny * b1;
	memcpy(&bits, (const void *)&product, sizeof bits);
	assert_int_equal(bits, 1); /* 2^-149 */
	optim_free(&o);
	config_free(&c);
}

/* The state each rule keeps, and its bytes. */
static void test_arrays(void **s)
{
	struct config c;
	(void)s;
	assert_int_equal(config_defaults(&c), ST_OK);
	c.momentum = 0.0;
	c.optimizer = OPT_ADAM;
	assert_int_equal(optim_arrays(&c), 2);
	c.optimizer = OPT_ADAMW;
	assert_int_equal(optim_arrays(&c), 2);
	c.optimizer = OPT_SGD;
	assert_int_equal(optim_arrays(&c), 0);
	c.nesterov = true; /* no momentum: plain SGD, no state */
	assert_int_equal(optim_arrays(&c), 0);
	c.optimizer = OPT_RMSPROP;
	assert_int_equal(optim_arrays(&c), 1);
	c.momentum = 0.5;
	assert_int_equal(optim_arrays(&c), 2);
	c.optimizer = OPT_SGD;
	assert_int_equal(optim_arrays(&c), 1);
	c.weight_decay = 0.1; /* weight decay and L2 keep no state */
	c.l2 = 0.1;
	assert_int_equal(optim_arrays(&c), 1);
	assert_int_equal(optim_bytes(303, 2), 303 * 2 * sizeof(float));
	assert_int_equal(optim_bytes(303, 0), 0);
	assert_int_equal(optim_bytes(SIZE_MAX / 2, 2), 0); /* overflow */
	config_free(&c);
}

/* float32 operations emulated in double, one rounding each: exact, since
 * double carries more than twice float's precision (so the double
 * rounding of +, -, *, / and sqrt is innocuous), and never vectorised
 * into float instructions. */
static float fmul(float a, float b) { return (float)((double)a * (double)b); }
static float fadd(float a, float b) { return (float)((double)a + (double)b); }
static float fsub(float a, float b) { return (float)((double)a - (double)b); }
static float fdiv(float a, float b) { return (float)((double)a / (double)b); }
static float fsqrt(float a) { return (float)sqrt((double)a); }

struct vcase {
	enum optimizer kind;
	double momentum, weight_decay;
	bool nesterov;
};

/* 203 parameters (25 vectors of 8 and 3 over, 12 of 16 and 11 over), 6
 * steps of random gradients at a varying learning rate: optim_step
 * equals, bit for bit, the update rules of optim.h applied one float
 * operation at a time. */
static void vector_vs_scalar(struct vcase k)
{
	enum { N = 203, STEPS = 6 };
	static const double lr_factor[STEPS] = {1.0, 0.5, 2.0, 0.25, 1.5, 0.75};
	struct config c;
	struct optim o;
	struct rng r;
	float w[N], g[N], wr[N], mr[N] = {0}, vr[N] = {0};
	assert_int_equal(config_defaults(&c), ST_OK);
	c.optimizer = k.kind;
	c.learning_rate = 0.01;
	c.momentum = k.momentum;
	c.nesterov = k.nesterov;
	c.weight_decay = k.weight_decay;
	c.rho = 0.85;
	assert_int_equal(optim_init(&o, &c, N, optim_arrays(&c)), ST_OK);
	rng_init(&r, 7);
	for (size_t i = 0; i < N; i++)
		w[i] = wr[i] = (float)rng_uniform(&r, -1.0, 1.0);
	for (uint64_t t = 1; t <= STEPS; t++) {
		double lr = c.learning_rate * lr_factor[t - 1];
		float lrf = (float)lr, mu = (float)c.momentum, wd = (float)c.weight_decay;
		float alpha = (float)(lr * sqrt(1.0 - pow(c.beta_2, (double)t)) /
				      (1.0 - pow(c.beta_1, (double)t)));
		float b1 = (float)c.beta_1, b2 = (float)c.beta_2, eps = (float)c.epsilon;
		float c1 = (float)(1.0 - c.beta_1), c2 = (float)(1.0 - c.beta_2);
		float b1p = powf(b1, (float)t), b2p = powf(b2, (float)t);
		float alpha3 = fdiv(fmul(lrf, fsqrt(fsub(1.0f, b2p))), fsub(1.0f, b1p));
		float rho = (float)c.rho, crho = (float)(1.0 - c.rho);
		for (size_t i = 0; i < N; i++)
			g[i] = (float)(rng_gauss(&r) * (i % 5 == 0 ? 1e-3 : 1.0));
		optim_step(&o, w, g, lr);
		for (size_t i = 0; i < N; i++) {
			float inc;
			if (c.weight_decay != 0.0)
				wr[i] = fsub(wr[i], fmul(fmul(wr[i], wd), lrf));
			switch (k.kind) {
			case OPT_ADAM:
				mr[i] = fadd(fmul(b1, mr[i]), fmul(c1, g[i]));
				vr[i] = fadd(fmul(b2, vr[i]), fmul(c2, fmul(g[i], g[i])));
				wr[i] = fsub(wr[i], fdiv(fmul(alpha, mr[i]),
							 fadd(fsqrt(vr[i]), eps)));
				break;
			case OPT_ADAMW:
				mr[i] = fadd(mr[i], fmul(fsub(g[i], mr[i]), c1));
				vr[i] = fadd(vr[i], fmul(fsub(fmul(g[i], g[i]), vr[i]), c2));
				wr[i] = fsub(wr[i], fdiv(fmul(mr[i], alpha3),
							 fadd(fsqrt(vr[i]), eps)));
				break;
			case OPT_RMSPROP:
				vr[i] = fadd(fmul(rho, vr[i]), fmul(crho, fmul(g[i], g[i])));
				inc = fdiv(fmul(lrf, g[i]), fsqrt(fadd(vr[i], eps)));
				if (c.momentum > 0.0) {
					mr[i] = fadd(fmul(mu, mr[i]), inc);
					wr[i] = fsub(wr[i], mr[i]);
				} else {
					wr[i] = fsub(wr[i], inc);
				}
				break;
			case OPT_SGD:
			default:
				if (c.momentum == 0.0) {
					wr[i] = fsub(wr[i], fmul(lrf, g[i]));
					break;
				}
				mr[i] = fsub(fmul(mu, mr[i]), fmul(lrf, g[i]));
				wr[i] = fadd(wr[i], c.nesterov ?
					     fsub(fmul(mu, mr[i]), fmul(lrf, g[i])) : mr[i]);
				break;
			}
		}
		for (size_t i = 0; i < N; i++)
			if (memcmp(&w[i], &wr[i], sizeof w[i]) != 0)
				fail_msg("%s step %llu [%zu]: got %.9g want %.9g",
					 config_optimizer_name(k.kind), (unsigned long long)t,
					 i, (double)w[i], (double)wr[i]);
	}
	print_message("  %s momentum %g%s weight decay %g: %d parameters, %d steps, "
		      "bit-identical to the scalar emulation\n",
		      config_optimizer_name(k.kind), k.momentum,
		      k.nesterov ? " (Nesterov)" : "", k.weight_decay, N, STEPS);
	optim_free(&o);
	config_free(&c);
}

static void test_vector_vs_scalar(void **s)
{
	static const struct vcase cases[] = {
		{OPT_ADAM, 0.0, 0.0, false},
		{OPT_ADAM, 0.0, 0.03, false},
		{OPT_ADAMW, 0.0, 0.004, false},
		{OPT_ADAMW, 0.0, 0.0, false},
		{OPT_SGD, 0.0, 0.0, false},
		{OPT_SGD, 0.9, 0.0, false},
		{OPT_SGD, 0.9, 0.0, true},
		{OPT_SGD, 0.0, 0.0, true},
		{OPT_SGD, 0.9, 0.01, true},
		{OPT_RMSPROP, 0.0, 0.0, false},
		{OPT_RMSPROP, 0.6, 0.0, false},
		{OPT_RMSPROP, 0.6, 0.02, false},
	};
	(void)s;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		vector_vs_scalar(cases[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adam),
		cmocka_unit_test(test_adam_hot),
		cmocka_unit_test(test_sgd),
		cmocka_unit_test(test_sgd_momentum),
		cmocka_unit_test(test_sgd_nesterov),
		cmocka_unit_test(test_sgd_nesterov_plain),
		cmocka_unit_test(test_rmsprop),
		cmocka_unit_test(test_rmsprop_momentum),
		cmocka_unit_test(test_adamw),
		cmocka_unit_test(test_adamw_hot),
		cmocka_unit_test(test_sgd_weight_decay),
		cmocka_unit_test(test_adam_weight_decay),
		cmocka_unit_test(test_rmsprop_weight_decay),
		cmocka_unit_test(test_sgd_momentum_l2),
		cmocka_unit_test(test_adam_l2),
		cmocka_unit_test(test_adamw_l2),
		cmocka_unit_test(test_adam_first_step),
		cmocka_unit_test(test_subnormals_flushed),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_vector_vs_scalar),
	};
	return cmocka_run_group_tests_name("optim", tests, NULL, NULL);
}
