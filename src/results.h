/* results.h: read a finished sweep back from its results directory, for
 * `bsweep compare`.
 *
 * Reads DIR/run.json (cJSON) and DIR/summary.csv.  The CSV's columns are
 * found by their header names, so extra or reordered columns are fine;
 * a needed column that is missing is an error naming the file and the
 * column.  The timing-repeat columns (repeats, total_seconds_min, _max,
 * _mad) are optional: summary files written before they existed read as
 * one repeat (min = max = total_seconds, MAD 0).  The runs are checked
 * against the config recorded in run.json: exactly one row per batch size
 * x seed.  Does not interpret the numbers (that is compare.c's job).
 */
#ifndef BSWEEP_RESULTS_H
#define BSWEEP_RESULTS_H

#include <stddef.h>

#include <cJSON.h>

/* One summary.csv row. */
struct result_run {
	unsigned long long batch_size, seed;
	int ok;                       /* status "ok" (otherwise "diverged", ...) */
	char status[16];
	double final_val_acc;         /* fraction */
	double final_val_loss;        /* nats */
	double seconds;               /* total_seconds: median over the repeats */
	double seconds_min, seconds_max;
	double seconds_mad;           /* median absolute deviation, unscaled */
	long repeats;                 /* timed repeats behind those numbers */
};

struct results {
	const char *dir;              /* as given on the command line; not owned */
	cJSON *run_json;              /* the whole parsed run.json */
	const cJSON *config;          /* its "config" object (inside run_json) */
	size_t n_batch, n_seed;
	unsigned long long *batch_sizes;  /* config.sweep.batch_sizes, config order */
	unsigned long long *seeds;        /* config.sweep.seeds */
	struct result_run *runs;      /* n_batch x n_seed: runs[b * n_seed + s] */
	int has_repeat_columns;       /* summary.csv has repeats/min/max/mad */
};

/* Load the results directory dir into r.  Refuses a sweep whose run.json
 * says "complete": false (still running or interrupted: its summary.csv,
 * if any, may belong to an earlier sweep).  Returns EXIT_OK; or
 * EXIT_USAGE for a missing or malformed directory, file, column or row;
 * or EXIT_RUNTIME for an I/O error or lack of memory; on failure err holds
 * a message (without the program name, possibly with a second "hint:"
 * line) and r needs no results_free.  cJSON's hooks must be set. */
int results_load(struct results *r, const char *dir, char *err, size_t errsize);

/* Release what results_load allocated. */
void results_free(struct results *r);

/* The run for batch index b and seed index s (config order). */
const struct result_run *results_run(const struct results *r, size_t b, size_t s);

/* The JSON value at a dotted path below run.json's root
 * ("machine.cpu", "config.timing.repeats"), or NULL. */
const cJSON *results_get(const struct results *r, const char *path);

#endif
