/* analysis.h: the analysis of a finished sweep's results, computed from
 * every run's summary row alone: aggregate.csv (aggregate.h); with a
 * grid, points.csv and best.csv
 * (select.h); with a target, scaling.csv and the fit of S(B)
 * (scaling.h).  The sweep writes it at its end; `bsweep analyze` writes
 * it again from the files, perhaps for another target, and the two are
 * the same for the same rows.
 *
 * Knows nothing of training, of the run files or of run.json (report.c
 * writes the fits there); its warnings go to stderr.
 */
#ifndef BSWEEP_ANALYSIS_H
#define BSWEEP_ANALYSIS_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "runfile.h"
#include "scaling.h"
#include "util.h"

/* Write into dir the analysis of rows (config_runs(c) of them, config
 * order): aggregate.csv; points.csv
 * and best.csv when c has a grid, scaling.csv when it has a target, with
 * the fits computed into *sc (zeroed first; release with scaling_free
 * whatever the status).  Warns on stderr, even when quiet, of a batch
 * size without a selection and of fits that could not be made or are
 * degenerate.  Without a target, removes a stale scaling.csv (of an
 * earlier `bsweep analyze --target`).  rt: the tables of the run files' config (the target is
 * not a column's business, so c may differ from it in the target).
 * ST_OK, ST_NOMEM, or ST_IO with a message naming the path. */
enum status analysis_write(const char *dir, const struct config *c,
			   const struct runfile_tables *rt, const struct summary_row *rows,
			   struct scaling *sc, char *err, size_t errsize);

/* The target of c (which has one) and its resolution on a line, then
 * the fits of sc, one line each, on f. */
void analysis_print_fits(FILE *f, const struct config *c, const struct scaling *sc);

#endif
