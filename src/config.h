/* config.h: the experiment description, read from JSON.
 *
 * config_load reads a file, parses it with cJSON, validates every key and
 * copies the values into a plain struct config; the cJSON tree never
 * leaves config.c.  Every key has a default (the values of the seed
 * experiment), so a file may give only what it changes.  Validation is
 * strict: unknown or duplicate keys, wrong types, non-integers, non-finite
 * and out-of-range numbers are errors that name the file and the JSON path.
 */
#ifndef BSWEEP_CONFIG_H
#define BSWEEP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define CONFIG_MAX_HIDDEN 8     /* hidden layers */
#define CONFIG_MAX_WIDTH 65536  /* units per layer, inputs, classes */
#define CONFIG_MAX_BYTES (1u << 20) /* a config larger than this is refused */
#define CONFIG_NAME_MAX 64
#define CONFIG_MAX_REPEATS 1000 /* timing.repeats and timing.warmup */
/* The data are trained on as float32 (largest finite value about
 * 3.4e38), so every generated value must fit: a centre is within
 * +-CONFIG_MAX_CENTER (data.center_box) and a value is its centre plus
 * cluster_std times a normal draw, which NumPy's legacy polar method on
 * 53-bit uniforms keeps below 12.01 in magnitude; with cluster_std up to
 * CONFIG_MAX_STD every value is below 1e38 + 12.01e37 < 2.3e38. */
#define CONFIG_MAX_CENTER 1e38
#define CONFIG_MAX_STD 1e37

enum activation { ACT_RELU, ACT_TANH, ACT_SIGMOID, ACT_LINEAR };
enum init { INIT_HE_UNIFORM, INIT_GLOROT_UNIFORM, INIT_LECUN_UNIFORM };
enum optimizer { OPT_ADAM, OPT_SGD, OPT_RMSPROP, OPT_ADAMW };
enum lr_rule { LR_NONE, LR_LINEAR, LR_SQRT };          /* train.lr_scaling.rule */
enum schedule { SCHED_CONSTANT, SCHED_COSINE, SCHED_LINEAR, SCHED_STEP }; /* train.schedule.type */
enum select_metric { SEL_FINAL_VAL_ACC, SEL_BEST_VAL_ACC, SEL_FINAL_VAL_LOSS,
		     SEL_STEPS_TO_TARGET }; /* sweep.select */
enum target_metric { TGT_NONE, TGT_VAL_ACC, TGT_VAL_LOSS, TGT_TRAIN_ACC, TGT_TRAIN_LOSS }; /* analysis.target.metric */
enum budget { BUDGET_EPOCHS, BUDGET_STEPS, BUDGET_EXAMPLES }; /* train.epochs or train.budget */
#define CONFIG_MAX_MILESTONES 16 /* train.schedule.epochs */
#define CONFIG_MAX_GRID 8        /* sweep.grid axes */
#define CONFIG_MAX_RUNS 100000   /* batch sizes x grid points x seeds */
#define CONFIG_ADAMW_DECAY 0.004 /* train.weight_decay's default for adamw
				    (Keras 3's AdamW) */
enum generator { GEN_BLOBS, GEN_MOONS, GEN_CIRCLES, GEN_CLASSIFICATION, GEN_CSV }; /* data.generator */
#define CONFIG_MAX_CLUSTERS 4096 /* classification: n_classes * n_clusters_per_class */
#define CONFIG_PATH_MAX 4096   /* data.path, data.validation_path */
#define CONFIG_LABEL_MAX 256   /* data.label */
/* generator "csv": how the rows split into training and validation */
enum split { SPLIT_FRACTION, SPLIT_N_TRAIN, SPLIT_FILE };

struct config {
	char name[CONFIG_NAME_MAX + 1]; /* results go to results/<name> */

	/* data: the arguments of scikit-learn's make_blobs, make_moons or
	 * make_circles or make_classification, and the split.  n_features
	 * and centers are the dataset's D and K whatever the generator
	 * (moons and circles: 2 and 2, set by the loader; classification:
	 * centers is data.n_classes); cluster_std and center_box are blobs'
	 * only, noise moons' and circles', factor circles', the n_* counts,
	 * flip_y, class_sep, hypercube, shift and scale classification's,
	 * shuffle all but blobs'. */
	enum generator generator;
	size_t n_samples, centers, n_features, n_train;
	double cluster_std, center_box[2];
	double noise, factor;  /* 0 noise is scikit-learn's None: no draws */
	size_t n_informative, n_redundant, n_repeated, n_clusters_per_class;
	double flip_y, class_sep, shift, scale;
	bool hypercube, shift_random, scale_random; /* *_random: shift or scale null */
	bool data_shuffle; /* data.shuffle (train.shuffle is the epochs') */
	uint32_t random_state;
	/* data, generator "csv" (data.c reads the files; until data_resolve
	 * has, n_samples, n_features, centers and n_train are not the
	 * file's): the paths resolved against the config file's directory */
	char data_path[CONFIG_PATH_MAX], val_path[CONFIG_PATH_MAX];
	char label[CONFIG_LABEL_MAX]; /* the label column; "" the last one */
	enum split split;
	double val_fraction;          /* SPLIT_FRACTION: validation share */
	bool csv_shuffle;             /* rows permuted before the split */
	uint32_t shuffle_seed;        /* NumPy RandomState(seed).permutation */
	bool standardize;             /* features scaled by training-row stats */

	/* model */
	size_t n_hidden;                  /* number of hidden layers */
	size_t hidden[CONFIG_MAX_HIDDEN]; /* their widths */
	enum activation activation;
	enum init hidden_init, output_init;

	/* train */
	enum optimizer optimizer;
	double learning_rate, beta_1, beta_2, epsilon, momentum;
	bool nesterov;          /* sgd with momentum: Nesterov's form */
	double rho;             /* rmsprop: decay of the squared-gradient average */
	double weight_decay;    /* decoupled (Keras' optimizer argument):
				   w -= lr wd w before each update */
	double l2;              /* coupled, on the kernels (Keras' L2
				   regularizer): g += 2 l2 w */
	enum budget budget;     /* what `epochs` / `budget_amount` count */
	size_t epochs;          /* BUDGET_EPOCHS: train.epochs */
	size_t budget_amount;   /* BUDGET_STEPS / BUDGET_EXAMPLES: train.budget */
	bool shuffle;
	/* learning rate: base learning_rate x scaling(batch size), warmed up
	 * then scheduled (schedule.h) */
	enum lr_rule lr_rule;
	size_t lr_base_batch;   /* B0 of lr x B/B0 or lr x sqrt(B/B0) */
	size_t warmup_steps, warmup_epochs; /* at most one non-zero */
	double warmup_start;    /* factor of the peak rate at step 0 */
	enum schedule schedule;
	double schedule_floor;  /* cosine, linear: final factor of the peak */
	double schedule_gamma;  /* step: factor at each milestone */
	size_t n_milestones, milestones[CONFIG_MAX_MILESTONES]; /* step: epochs
				   completed, increasing */

	/* sweep: runs are batch_sizes x grid points x seeds, in this order */
	size_t n_batch_sizes, *batch_sizes;
	size_t n_seeds;
	uint32_t *seeds;
	size_t n_grid;           /* sweep.grid: its axes, in config order; */
	struct grid_axis {       /* a grid point takes one value of each */
		const char *path;    /* the key's JSON path ("train.learning_rate"),
					a static string */
		size_t n;
		double *values;      /* (n) numbers, exact integers, 0/1 for
					booleans, an enum's index */
	} grid[CONFIG_MAX_GRID];
	enum select_metric select; /* how best.csv picks a grid point per
				      batch size (select.h) */

	/* timing: each run is trained warmup + repeats times with the same
	 * seed; only the repeats are timed (median, min, max, MAD) */
	size_t repeats, warmup;

	/* analysis: what is measured of each run beside its curves */
	enum target_metric target_metric; /* TGT_NONE: no target */
	double target_value;    /* met when the metric reaches it (a loss: falls
				   to it) */
	size_t eval_every;      /* also evaluate every this many steps (0: only
				   at each epoch's end) */
	bool stop_at_target;    /* end a run once its target is met */
	bool noise_scale;       /* the exact gradient noise scale per evaluation */
	bool eval_train;        /* evaluate the whole training set per epoch */
	bool sharpness;         /* the Hessian's top eigenvalue at the end */
	bool save_weights;      /* the final weights as .npy files */
	bool boundaries;        /* the decision regions of each batch size's
				   final model (regions.h): needs 2 features
				   and save_weights */
};

/* Fill c with every default.  Allocates the default sweep lists; release
 * with config_free.  ST_OK or ST_NOMEM. */
enum status config_defaults(struct config *c);

/* Read and validate the JSON file at path into c (c need not be
 * initialised).  ST_OK; ST_INPUT for a config that is wrong or cannot be
 * read, with a message "PATH: JSON.PATH: expected ..., found ..."
 * (possibly followed by a line "hint: ...") in err; ST_NOMEM (a failed
 * xmalloc, cJSON's included: json_init) with a message ending "out of
 * memory".  On failure c holds nothing to free. */
enum status config_load(struct config *c, const char *path, char *err, size_t errsize);

/* config_load with the command line's overrides: sets[0..n_sets) are
 * "KEY=VALUE" texts (--set), applied in order to the parsed JSON before
 * anything is validated, so that a value is checked exactly as in the
 * file.  KEY is a dotted path (train.epochs; a key of sweep.grid is the
 * rest: sweep.grid.train.learning_rate); missing objects on the way are
 * made; the value replaces the whole member.  VALUE is JSON, or, when it
 * is not and does not start like JSON ([ { "), a string.  A message about
 * an overridden value names the option ("--set train.epochs=0:
 * train.epochs: ..."); a malformed override is ST_INPUT.  A file that is
 * a results directory's run.json (a "command_line" and an object
 * "config") is read as the config it records, here and in config_load. */
enum status config_load_with(struct config *c, const char *path, char *const *sets,
			     size_t n_sets, char *err, size_t errsize);

/* Whether set is an override config_load_with can apply ("KEY=VALUE",
 * KEY non-empty, no empty component): ST_OK, or ST_INPUT with "option
 * --set 'SET': expected ..." in err.  For the command line, to refuse a
 * malformed option before reading anything. */
enum status config_check_set(const char *set, char *err, size_t errsize);

/* The data's shape, once data_resolve has read a CSV dataset: n rows of
 * which n_train train, d features, k classes; the checks that need it
 * (analysis.boundaries wants 2 features).  ST_OK, or ST_INPUT with
 * "CONFIG: JSON.PATH: ..." in err. */
enum status config_set_shape(struct config *c, const char *config_path, size_t n,
			     size_t n_train, size_t d, size_t k, char *err, size_t errsize);

/* config_load on text already in memory: len bytes, and text[len] must be
 * '\0'.  name stands for the file in messages and gives the default
 * "name" (its base name without ".json").  Same results as config_load;
 * used by it and by the fuzz target (tests/fuzz_config.c). */
enum status config_parse(struct config *c, const char *name, const char *text,
			 size_t len, char *err, size_t errsize);
/* config_parse with overrides, as config_load_with. */
enum status config_parse_with(struct config *c, const char *name, const char *text,
			      size_t len, char *const *sets, size_t n_sets, char *err,
			      size_t errsize);

/* The runs of a sweep, in config order: batch size major, then grid
 * point, then seed.  The grid's points are the product of its axes, the
 * last axis fastest.  The one owner of that mapping: files, resume, the
 * workers' to-do list and the result table all ask here. */
struct run_point {
	size_t index;        /* k, 0 <= k < config_runs */
	size_t batch_index, point, seed_index;
	size_t batch_size;
	uint32_t seed;
};
size_t config_runs(const struct config *c);
struct run_point config_run(const struct config *c, size_t k);

/* Grid points (1 without a grid), and the index of axis `axis`'s value at
 * point `point`. */
size_t config_points(const struct config *c);

/* The peak learning rate of c at effective batch size B (min(batch_size,
 * n_train)): learning_rate x 1 (rule none) | B/B0 (linear) | sqrt(B/B0)
 * (sqrt), B0 = lr_base_batch; in double.  schedule.c builds on it. */
double config_peak_lr(const struct config *c, size_t B);
size_t config_grid_index(const struct config *c, size_t point, size_t axis);

/* The config of grid point `point`: c with that point's values set, as if
 * the file had given them, and no grid (out shares c's lists; do not free
 * it).  Without a grid, point 0 is c itself. */
void config_point(const struct config *c, size_t point, struct config *out);

/* Run p in messages, in config order: "batch size 8, seed 0", with a
 * grid "batch size 8, train.learning_rate = 0.01, seed 0". */
void config_run_text(const struct config *c, struct run_point p, char *buf, size_t size);

/* Value i of axis `axis` as text, as the config would spell it (0.001,
 * 32, true, "adam" without quotes): the value in result files. */
void config_grid_text(const struct config *c, size_t axis, size_t i, char *buf, size_t size);

/* The top-level keys that do not change what a sweep computes ("name",
 * "timing": how the runs are measured); NULL-terminated.  Two results
 * are of the same experiment when their resolved configs are equal but
 * for these (json_diff's ignore_top). */
extern const char *const config_not_experiment[];

/* Release what config_load/config_defaults allocated. */
void config_free(struct config *c);

/* The fully resolved config as pretty-printed JSON (defaults filled in);
 * malloc'd, caller frees; NULL when out of memory (never a partial text).
 * Loading it again gives the same config, every double bit for bit. */
char *config_to_json(const struct config *c);

/* The config text (len bytes, text[len] == '\0') resolved as this
 * bsweep resolves it: config_parse, then config_to_json, into *json
 * (malloc'd, caller frees).  What a run.json's "config" means now: one
 * written before a key existed gets the key's default.  Same statuses
 * and messages as config_parse (name stands for the file). */
enum status config_resolve(const char *name, const char *text, size_t len, char **json,
			   char *err, size_t errsize);

/* Names of the enum values, as spelled in the JSON. */
const char *config_activation_name(enum activation a);
const char *config_init_name(enum init i);
const char *config_optimizer_name(enum optimizer o);
const char *config_select_name(enum select_metric m);
const char *config_target_name(enum target_metric m); /* "none" for TGT_NONE */

#endif
