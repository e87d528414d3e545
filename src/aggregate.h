/* aggregate.h: aggregate.csv, each batch size (at each grid point)
 * summarised over its seeds: for every metric of runfile_agg_metrics
 * (final accuracies and losses, best val acc, epochs_to_95, times, and
 * with a target the steps, epochs and seconds to it) the mean, sample
 * standard deviation (n - 1), median, min and max.
 *
 * The statistics are over the seeds that did not diverge (status ok, or
 * target: stopped at its target) and have a value; the column diverged
 * counts the others, seeds every seed.  A censored run (no value to the
 * target) is left out of the target metrics' statistics only.  A
 * statistic without a value (every seed diverged; the std of one value)
 * is an empty field.  Does not pick points (select.h) or fit the scaling
 * law (scaling.h); computes what the figures and the end-of-sweep table
 * show, so the scripts read it rather than recompute it.
 */
#ifndef BSWEEP_AGGREGATE_H
#define BSWEEP_AGGREGATE_H

#include <stddef.h>

#include "config.h"
#include "runfile.h"
#include "util.h"

/* Row k of config c's aggregate.csv (batch size major, then grid point:
 * k = b * config_points(c) + p) from its runs' summary rows
 * (config_runs(c) of them, config order) into *o; scratch holds
 * aggregate_bytes(c). */
void aggregate_row_of(const struct config *c, const struct summary_row *rows, size_t k,
		      double *scratch, struct aggregate_row *o);

/* Bytes of the scratch aggregate_row_of needs and aggregate_write
 * allocates for config c (it writes a row at a time). */
size_t aggregate_bytes(const struct config *c);

/* Write DIR/aggregate.csv (table rt->aggregate) from rows, atomically.
 * ST_OK, ST_NOMEM, or ST_IO with a message naming the path. */
enum status aggregate_write(const char *dir, const struct config *c,
			    const struct runfile_tables *rt, const struct summary_row *rows,
			    char *err, size_t errsize);

#endif
