/* runfile.h: the result files of a sweep, and the one column table of
 * each CSV format (csv.h makes the header, the writer and the reader
 * from it):
 *
 *   DIR/runs/b<B>_s<SEED>.epochs.csv   one row per epoch of one run
 *   DIR/runs/b<B>_s<SEED>.summary.csv  that run's summary row
 *   DIR/runs/b<B>_s<SEED>.weights/     its final weights, with
 *     analysis.weights: layer<i>_kernel.npy, layer<i>_bias.npy (weights.h)
 *     (b<B>_g<POINT>_s<SEED>.* when the config has a grid)
 *   DIR/epochs.csv, DIR/summary.csv    every run's rows, config order
 *   DIR/aggregate.csv                  each batch size (and grid point)
 *                                      over its seeds (aggregate.h)
 *
 * Every row of the epochs and summary files starts with the columns that
 * identify it across sweeps, sweep (the config's name) and run (the
 * stem of its files, runfile_run_name), then batch_size and a grid's
 * columns.
 *
 * A run's two files are written the moment it finishes (no fsync: they
 * are pieces of the final files, which are fsynced, and --resume checks
 * them before it trusts them).  Knows the formats and the layout; knows
 * nothing of training or of how runs are scheduled.
 */
#ifndef BSWEEP_RUNFILE_H
#define BSWEEP_RUNFILE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "csv.h"
#include "measure.h"
#include "train.h"

/* The other files of a results directory: run.json (report.c writes it),
 * and the manifest of the figures scripts/plots.sh rendered from the
 * results, one file name a line. */
#define RUNFILE_RUN_JSON "run.json"
#define RUNFILE_FIGURES ".figures"

/* The suffix of a run's weights folder, after b<B>[_g<POINT>]_s<SEED>. */
#define RUNFILE_WEIGHTS ".weights"

/* Is name (a file name, no directory) one that bsweep writes: in the
 * results directory (in_runs 0) run.json, epochs.csv, summary.csv,
 * points.csv, best.csv, scaling.csv, interpolation.csv, regions.csv,
 * validation.csv, aggregate.csv; in
 * runs/ (in_runs 1) b<B>[_g<POINT>]_s<SEED>.epochs.csv and .summary.csv,
 * the weights folder b<B>[_g<POINT>]_s<SEED>.weights, and a shard's
 * record shard-K-of-N.json? */
int runfile_owns(const char *name, int in_runs);

/* Is name a run's weights folder's (b<B>[_g<POINT>]_s<SEED>.weights)? */
int runfile_is_weights(const char *name);

/* Is name one of the figures scripts/plots.sh renders (curves, loss,
 * summary, heatmap, scaling, noise, sharpness, interpolation, boundaries;
 * png, svg or pdf)? */
int runfile_is_figure(const char *name);

/* Is name a temporary image scripts/plots.sh left when it was killed
 * (".curves.tmp.PID.png")? */
int runfile_is_figure_temp(const char *name);

/* A row of epochs.csv.  grid[a] is the index of the run's value on the
 * config's grid axis a (config.h), written as the value's text in a
 * column named by the key's path ("train.learning_rate"), after
 * batch_size; a config without a grid has no such columns. */
struct epoch_row {
	const char *sweep;      /* the config's name (not owned; a word:
				   config.c allows letters, digits, . _ -) */
	char run[CSV_WORD_MAX]; /* runfile_run_name: the stem of its files */
	size_t batch_size;
	int grid[CONFIG_MAX_GRID];
	uint32_t seed;
	struct epoch_record e;
};

/* A row of summary.csv: the run's curves at the end, its timing (medians
 * over the repeats) and resources. */
struct summary_row {
	const char *sweep;                        /* as epoch_row's */
	char run[CSV_WORD_MAX];
	size_t batch_size;
	int grid[CONFIG_MAX_GRID];                /* as epoch_row's */
	uint32_t seed;
	size_t steps_per_epoch, epochs;           /* epochs completed */
	size_t steps, examples;                   /* optimizer steps taken,
						     training examples seen */
	double effective_learning_rate;           /* the peak after scaling */
	double final_train_loss, final_train_acc, final_val_loss, final_val_acc;
	double best_val_acc;
	size_t best_epoch;
	size_t epochs_to_95;                      /* the first epoch from which
						     val_acc stays >= 0.95 x the
						     final val_acc to the end
						     (runfile_epochs_to_95) */
	double total_seconds, samples_per_second; /* medians over the repeats */
	int status;                               /* enum run_status */
	size_t repeats;
	double total_seconds_min, total_seconds_max, total_seconds_mad;
	size_t outliers;
	double train_seconds, cpu_seconds;
	long peak_rss_kib;                        /* -1: unknown */
	size_t memory_bytes;
	double initial_val_loss;                  /* before training: the
						     divergence rule's reference */
	size_t warmup;                            /* how the run was measured: */
	size_t jobs;                              /* its warm-ups, the runs side */
	size_t blas_threads;                      /* by side, the BLAS threads */
	double steps_to_target, epochs_to_target; /* the run's target_hit */
	double examples_to_target, seconds_to_target; /* (target.h): NaN, an
						     empty field, when censored
						     or without a target */
	struct run_where where;                   /* host, machine, shard */
	double sharpness;                         /* analysis.sharpness
						     (sharp.h): a column only
						     when on */
};

/* A row of points.csv and best.csv (with a grid): one grid point at one
 * batch size, summarised over its seeds (select.h). */
struct point_row {
	size_t batch_size;
	int grid[CONFIG_MAX_GRID];                /* as epoch_row's */
	size_t seeds, diverged;                   /* runs, and how many diverged */
	double final_val_acc, best_val_acc;       /* medians over the seeds */
	double final_val_loss, total_seconds;
	double score;                             /* the selection's (select.h) */
	size_t selected;                          /* 1: this batch size's best */
};

/* A row of aggregate.csv (aggregate.h): one batch size at one grid point
 * over its seeds.  stat[m] are the mean, sample standard deviation
 * (n - 1), median, min and max of summary metric m (runfile_agg_metrics)
 * over the seeds that did not diverge (status ok or target) and have a
 * value (a censored run has no steps to target); NaN, an empty field,
 * when there are none (the std: fewer than two). */
enum { AGG_MEAN, AGG_STD, AGG_MEDIAN, AGG_MIN, AGG_MAX, AGG_N_STATS };
/* The metrics of aggregate.csv, in its column order, the one list of
 * them: X(KEY, field, is_size, flags) for metric AGG_KEY, summary_row's
 * field (a size_t when is_size, else a double) and the flags of its
 * columns.  The last RUNFILE_AGG_TARGET are columns only with a target. */
#define RUNFILE_AGG_LIST(X) \
	X(FINAL_VAL_ACC, final_val_acc, 0, 0) \
	X(FINAL_TRAIN_ACC, final_train_acc, 0, 0) \
	X(FINAL_VAL_LOSS, final_val_loss, 0, 0) \
	X(FINAL_TRAIN_LOSS, final_train_loss, 0, 0) \
	X(BEST_VAL_ACC, best_val_acc, 0, 0) \
	X(EPOCHS_TO_95, epochs_to_95, 1, 0) \
	X(TOTAL_SECONDS, total_seconds, 0, CSV_MEASURED) \
	X(TRAIN_SECONDS, train_seconds, 0, CSV_MEASURED) \
	X(STEPS_TO_TARGET, steps_to_target, 0, 0) \
	X(EPOCHS_TO_TARGET, epochs_to_target, 0, 0) \
	X(SECONDS_TO_TARGET, seconds_to_target, 0, CSV_MEASURED)
#define RUNFILE_AGG_ENUM(key, field, is_size, flags) AGG_##key,
enum { RUNFILE_AGG_LIST(RUNFILE_AGG_ENUM) RUNFILE_AGG_METRICS };
#undef RUNFILE_AGG_ENUM
#define RUNFILE_AGG_TARGET 3
struct aggregate_row {
	const char *sweep;                        /* the config's name, not owned */
	size_t batch_size;
	int grid[CONFIG_MAX_GRID];                /* as epoch_row's */
	size_t seeds, diverged;                   /* runs, and how many diverged */
	double stat[RUNFILE_AGG_METRICS][AGG_N_STATS];
};
/* The summary column of each metric of aggregate.csv, in its order
 * (column "<name>_mean", "_std", ...): where a summary_row holds it, a
 * double, or a size_t when is_size. */
struct runfile_metric {
	const char *name;
	size_t offset;
	int is_size;
};
extern const struct runfile_metric runfile_agg_metrics[RUNFILE_AGG_METRICS];
extern const struct csv_table runfile_aggregate; /* "aggregate", without a
						    grid, target columns included */
#define RUNFILE_AGGREGATE "aggregate.csv"

/* A row of scaling.csv (with a target: scaling.h): one batch size (at one
 * grid point) over its seeds.  The *_to_target values are NaN (empty)
 * when no seed, or for the median not most seeds, reached the target. */
enum scaling_regime { REGIME_NONE, REGIME_PERFECT, REGIME_DIMINISHING, REGIME_MAXIMAL };
extern const char *const runfile_regime_names[]; /* "" (none), "perfect", ... */
struct scaling_row {
	size_t batch_size;
	int grid[CONFIG_MAX_GRID];                /* as epoch_row's */
	size_t seeds, reached;                    /* runs, and how many met the target */
	double reached_fraction;
	double steps_median, steps_min, steps_max;        /* to target: median */
	double examples_median, examples_min, examples_max; /* over the seeds, a */
	double seconds_median, seconds_min, seconds_max;  /* censored one as
							     infinite; min and
							     max over those that
							     reached it */
	size_t resolution_steps;                  /* steps between evaluations */
	size_t in_fit;                            /* 1: a point of the fit */
	double fit_steps;                         /* S_min (1 + B_crit / B) */
	double efficiency;                        /* from the next smaller batch size */
	int regime;                               /* enum scaling_regime */
};

/* A row of interpolation.csv (interp.h): one seed at one alpha. */
struct interp_row {
	uint32_t seed;
	size_t batch_small, batch_large;          /* alpha 0 and alpha 1 */
	double alpha;
	double train_loss, train_acc, val_loss, val_acc;
};
extern const struct csv_table runfile_interp;   /* "interpolation" */

/* A row of regions.csv (regions.h): one cell of the map of one batch
 * size's final model (at one grid point, its first seed): the cell's
 * centre (x0, x1) as the model was given it (float32), the class the
 * model predicts there (argmax of the softmax, the first of equals) and
 * that class's probability (NaN for a diverged run's weights). */
struct region_row {
	size_t batch_size;
	int grid[CONFIG_MAX_GRID];                /* as epoch_row's */
	uint32_t seed;
	double x0, x1;
	size_t predicted;                         /* column "class" */
	double probability;
};
/* A row of validation.csv (regions.h): one validation point, its two
 * inputs and its true class. */
struct validation_row {
	double x0, x1;
	size_t label;
};
extern const struct csv_table runfile_regions;    /* "regions" */
extern const struct csv_table runfile_validation; /* "validation" */

/* Flags of summary columns, beside csv.h's: what `bsweep compare` reads
 * (results.c), and which of those files written before the timing
 * repeats (bsweep 0.1.0 before its repeat columns) lack. */
#define RUNFILE_COMPARED 0x100u
#define RUNFILE_OPTIONAL 0x200u
/* The columns that name a row's sweep and run (sweep, run): the same
 * values for the same config, other values for another config that
 * computes the same; what the tests leave out to compare two configs'
 * curves. */
#define RUNFILE_ID 0x400u

/* The tables of a config without a grid. */
extern const struct csv_table runfile_epochs;   /* "epochs" */
extern const struct csv_table runfile_summary;  /* "summary" */
extern const struct csv_table runfile_points;   /* "points" */
extern const struct csv_table runfile_scaling;  /* "scaling" */
/* The columns an epochs table ends with when the config has
 * analysis.eval_train (train_eval_loss, train_eval_acc), then those of
 * analysis.noise_scale (noise.h); a config without them has none of them. */
extern const struct csv_table runfile_eval_train;
extern const struct csv_table runfile_noise;    /* "noise" */
/* The column after those of summary.csv with analysis.sharpness
 * (sharpness, sharp.h); a config without it has no such column. */
extern const struct csv_table runfile_sharpness; /* "summary" */
#define RUNFILE_BEST "best.csv"                 /* the selected points */

/* The tables of a config: the ones above with a column per grid axis
 * after batch_size (the same tables without a grid), and the epochs
 * table followed by the analysis columns that are on.  Built once per
 * sweep; the run files of a grid are named b<B>_g<POINT>_s<SEED>. */
struct runfile_tables {
	struct csv_table epochs, summary;
	struct csv_table points;   /* points.csv, best.csv (their name: "points") */
	struct csv_table scaling;  /* scaling.csv */
	struct csv_table regions;  /* regions.csv */
	struct csv_table aggregate; /* aggregate.csv, with the target columns
				       (aggregate_write leaves them out
				       without a target) */
	int grid;                  /* the config has a grid */
	struct csv_column *cols;   /* both tables' columns */
	const char **names;        /* each axis' value texts, NULL-terminated */
	char *text;                /* the texts */
};

/* ST_OK or ST_NOMEM; release with runfile_tables_free. */
enum status runfile_tables_init(struct runfile_tables *rt, const struct config *c);
void runfile_tables_free(struct runfile_tables *rt);

/* Is the header line (n fields) one of bsweep's epochs, summary or points
 * tables,
 * with grid columns or without? */
int runfile_own_header(char *const *field, long n);

/* The first epoch (1-based) of the n epochs e from which val_acc stays at
 * or above 0.95 times the last epoch's to the end: a spike that falls
 * back does not count.  n >= 1. */
size_t runfile_epochs_to_95(const struct epoch_record *e, size_t n);

/* The summary row of a finished run: curves from r, timing from st
 * (sweep, run and grid are the caller's). */
void runfile_summary_of(struct summary_row *row, const struct run_result *r,
			const struct run_stats *st);

/* Write the two files of run p (result r) into DIR/runs/ atomically.
 * ST_OK, or ST_IO with a message naming the path. */
enum status runfile_write(const char *dir, const struct config *c,
			  const struct runfile_tables *rt, struct run_point p,
			  const struct run_result *r,
			  const struct run_stats *st, char *err, size_t errsize);

/* "b<B>[_g<POINT>]_s<SEED>": run p's name, the stem of its files; what
 * messages about a run's files call it, and the column "run" of its rows
 * (at most CSV_WORD_MAX - 1 bytes). */
void runfile_run_name(char *buf, size_t size, const struct runfile_tables *rt,
		      struct run_point p);

/* Parse a run file's or weights folder's name (runfile_owns in runs/):
 * its batch size, grid point (*has_point 0 when the name has none) and
 * seed.  0, or -1 when it is no such name or a number overflows. */
int runfile_parse_name(const char *name, size_t *batch_size, int *has_point, size_t *point,
		       unsigned long *seed);

/* A shard's record (bsweep --shard K/N, issue 13): DIR/runs/shard-K-of-N.json,
 * a run.json of that process (report.c) with its "shard" and the runs it
 * trained; read by bsweep merge.  Its path into buf. */
void runfile_shard_record(char *buf, size_t size, const char *dir, size_t k, size_t n);

/* Is name a shard record's ("shard-K-of-N.json")?  K, N into *k, *n. */
int runfile_is_shard_record(const char *name, size_t *k, size_t *n);

/* DIR/runs/b<B>[_g<POINT>]_s<SEED>.weights: run p's weights folder. */
void runfile_weights_path(char *buf, size_t size, const char *dir,
			  const struct runfile_tables *rt, struct run_point p);

/* Write the final weights m of run p as its folder (weights_write:
 * atomic, replacing the folder of an earlier run of p).  ST_OK, or ST_IO
 * with a message naming the path. */
enum status runfile_write_weights(const char *dir, const struct runfile_tables *rt,
				  struct run_point p, const struct mlp *m,
				  char *err, size_t errsize);

/* Has run p of config c finished?  Both its files are whole, in the
 * current format (the table's header, every line complete, every value
 * of its column's type), belong to that run (batch size and seed), and
 * agree with each other and with c's schedule at that batch size
 * (schedule.h): the summary's epoch count is the epochs file's number of
 * rows, every epoch but the last has steps_per_epoch steps, each row's
 * learning_rate is the schedule's, and the run took all of the budget's
 * steps (so train_epochs rows) unless it diverged or stopped at its
 * target (status target, only with analysis.stop_at_target, at its
 * steps_to_target); the target columns are all empty or all set, empty
 * without a target, and agree with the first epoch that met it (target.h;
 * with eval_every a hit between epoch ends may come earlier, never later);
 * with analysis.weights, its weights folder holds every layer's files, of
 * the shapes of c's network (weights_check).  Returns 1; 0 when
 * the run has no files; -1 when it has files that fail a check, with the
 * reason in why; -2 when out of memory (why says so). */
int runfile_finished(const char *dir, const struct config *c,
		     const struct runfile_tables *rt, struct run_point p,
		     char *why, size_t whysize);

/* Write the rows (n) of table t to DIR/name atomically, fsynced.  ST_OK,
 * or ST_IO with a message naming the path. */
enum status runfile_write_table(const char *dir, const char *name, const struct csv_table *t,
				const void *rows, size_t row_size, size_t n,
				char *err, size_t errsize);

/* Write DIR/<t->name>.csv atomically, fsynced: the header, then every
 * run's rows from runs/, config order.  The rows of run k are copied as
 * they are when this process wrote them, and read through the table and
 * written again when kept[k] (kept by --resume: bsweep's own text,
 * whatever spelling the file had).  ST_OK, or ST_IO with a message naming
 * the path. */
enum status runfile_assemble(const char *dir, const struct config *c,
			     const struct runfile_tables *rt, const struct csv_table *t,
			     const unsigned char *kept, char *err, size_t errsize);

/* Run p's summary row, read back from its file.  ST_OK; ST_INPUT, ST_IO
 * or ST_NOMEM with a message. */
enum status runfile_read_summary(const char *dir, const struct config *c,
				 const struct runfile_tables *rt, struct run_point p,
				 struct summary_row *row, char *err, size_t errsize);

/* Run p's epoch rows, read back from its file as strictly as
 * runfile_finished reads them, passed to each(row, ctx) in order.  ST_OK,
 * ST_INPUT with a message naming the path, or ST_NOMEM. */
enum status runfile_read_epochs(const char *dir, const struct config *c,
				const struct runfile_tables *rt, struct run_point p,
				void (*each)(const struct epoch_row *row, void *ctx), void *ctx,
				char *err, size_t errsize);

#endif
