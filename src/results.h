/* results.h: read a finished sweep back from its results directory, for
 * `bsweep compare`.
 *
 * Reads DIR/run.json (cJSON) and DIR/summary.csv (csv.h, with the
 * summary table of runfile.h).  The CSV's columns are found by their
 * header names, so extra or reordered columns are fine; a needed column
 * that is missing is an error naming the file and the column.  The
 * timing-repeat columns (repeats, total_seconds_min, _max, _mad) are
 * optional: summary files written before they existed read as one repeat
 * (min = max = total_seconds, MAD 0).  The runs are checked against the
 * config recorded in run.json: exactly one row per batch size x seed.
 * Does not interpret the numbers (that is compare.c's job).
 */
#ifndef BSWEEP_RESULTS_H
#define BSWEEP_RESULTS_H

#include <stddef.h>

#include <cJSON.h>

#include "runfile.h"
#include "util.h"

struct results {
	const char *dir;              /* as given on the command line; not owned */
	cJSON *run_json;              /* the whole parsed run.json */
	const cJSON *config;          /* its "config" object (inside run_json) */
	size_t n_batch, n_seed;
	size_t *batch_sizes;          /* config.sweep.batch_sizes, config order */
	uint32_t *seeds;              /* config.sweep.seeds */
	/* n_batch x n_seed: runs[b * n_seed + s]; of each row only batch_size,
	 * seed, status, final_val_acc, final_val_loss, total_seconds and the
	 * repeat columns are read */
	struct summary_row *runs;
};

/* Load the results directory dir into r.  Refuses a sweep whose run.json
 * says "complete": false (still running or interrupted: its summary.csv,
 * if any, may belong to an earlier sweep).  ST_OK; ST_INPUT for a missing
 * or malformed directory, file, column or row; ST_IO or ST_NOMEM; on
 * failure err holds a message (possibly with a second "hint:" line) and r
 * needs no results_free.  json_init must have been called. */
enum status results_load(struct results *r, const char *dir, char *err, size_t errsize);

/* Release what results_load allocated. */
void results_free(struct results *r);

/* The run for batch index b and seed index s (config order). */
const struct summary_row *results_run(const struct results *r, size_t b, size_t s);

/* The JSON value at a dotted path below run.json's root
 * ("machine.cpu", "config.timing.repeats"), or NULL. */
const cJSON *results_get(const struct results *r, const char *path);

#endif
