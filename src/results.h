/* results.h: read a finished sweep back from its results directory, for
 * `bsweep compare`.
 *
 * Reads DIR/run.json (cJSON) and DIR/summary.csv (csv.h); results_open
 * reads run.json alone, for `bsweep analyze`.  run.json's
 * "config" object is printed back to text and parsed by config_parse, so
 * it is validated like any config and gives the grid, its points and the
 * run mapping (config.h); a run.json written before a key existed lacks
 * it and reads as its default.  summary.csv is read with that config's
 * table (runfile_tables_init: a column per grid axis after batch_size).
 * Its columns are found by their header names, so extra or reordered
 * columns are fine; a needed column that is missing is an error naming
 * the file and the column; a grid column's values must be the grid's.
 * The timing-repeat columns (repeats, total_seconds_min, _max, _mad) are
 * optional: summary files written before they existed read as one repeat
 * (min = max = total_seconds, MAD 0).  The runs are checked against the
 * config: exactly one row per batch size x grid point x seed.  Does not
 * interpret the numbers (that is compare.c's job).
 */
#ifndef BSWEEP_RESULTS_H
#define BSWEEP_RESULTS_H

#include <stddef.h>

#include <cJSON.h>

#include "config.h"
#include "runfile.h"
#include "util.h"

struct results {
	const char *dir;              /* as given on the command line; not owned */
	cJSON *run_json;              /* the whole parsed run.json */
	const cJSON *config;          /* its "config" object (inside run_json) */
	struct config cfg;            /* that object, parsed and validated */
	cJSON *resolved;              /* cfg as JSON again (config_to_json):
					 every key present, defaults filled
					 in; what two directories' configs
					 are compared by */
	struct runfile_tables tables; /* cfg's tables (summary.csv's columns,
					 the grid's value texts) */
	/* every run of cfg, batch size major, then grid point, then seed
	 * (results_run); of each row only batch_size, grid, seed, status,
	 * final_val_acc, final_val_loss, total_seconds and the repeat
	 * columns are read */
	struct summary_row *runs;
};

/* Load the results directory dir into r.  Refuses a sweep whose run.json
 * says "complete": false (still running or interrupted: its summary.csv,
 * if any, may belong to an earlier sweep).  ST_OK; ST_INPUT for a missing
 * or malformed directory, file, config, column or row; ST_IO or ST_NOMEM;
 * on failure err holds a message (possibly with a second "hint:" line)
 * and r needs no results_free.  json_init must have been called. */
enum status results_load(struct results *r, const char *dir, char *err, size_t errsize);

/* The directory dir's run.json and config only (r->runs stays NULL),
 * whether or not the sweep completed (run.json's "complete" is the
 * caller's to check): for `bsweep analyze` and `bsweep merge`, which
 * read the runs' own files.  Same statuses and messages as
 * results_load otherwise; release with results_free. */
enum status results_open(struct results *r, const char *dir, char *err, size_t errsize);

/* Release what results_load or results_open allocated. */
void results_free(struct results *r);

/* The run for batch index b, grid point p and seed index s (config
 * order: r->cfg.batch_sizes[b], config_grid_index(&r->cfg, p, .),
 * r->cfg.seeds[s]). */
const struct summary_row *results_run(const struct results *r, size_t b, size_t p, size_t s);

/* A run's name in messages, from its row's batch_size, grid and seed:
 * "batch_size 8, seed 2", with a grid "batch_size 8, train.learning_rate
 * 0.01, seed 2". */
void results_run_name(const struct results *r, const struct summary_row *row,
		      char *buf, size_t size);

/* The JSON value at a dotted path below run.json's root
 * ("machine.cpu", "config.timing.repeats"), or NULL. */
const cJSON *results_get(const struct results *r, const char *path);

#endif
