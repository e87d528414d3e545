/* outdir.h: the output directory of a sweep: who may write it, and the
 * leftovers of an earlier process.
 *
 *   DIR/.lock      flock'ed by the one sweep writing DIR
 *   DIR/run.json   names the experiment (report.c writes it)
 *   DIR/runs/      the runs' files (runfile.c)
 *
 * Knows nothing of training or of the CSV formats.
 */
#ifndef BSWEEP_OUTDIR_H
#define BSWEEP_OUTDIR_H

#include <stddef.h>

#include "config.h"
#include "util.h"

/* May this sweep write into dir?  ST_OK, with *replace set when --force
 * is to remove another experiment's results first; ST_INPUT with a
 * message when dir holds another experiment's results (its run.json's
 * config differs but for config_not_experiment) and force is 0;
 * ST_NOMEM.  Reads only. */
enum status outdir_claim(const char *dir, const struct config *c, int force,
			 int *replace, char *err, size_t errsize);

/* Create DIR/runs/ (and DIR) and take the directory's lock (DIR/.lock,
 * created if needed).  ST_OK with the descriptor in *fd, to close when
 * done (the lock goes with the last copy of it, so forked workers keep
 * it); ST_IO with a message when another process holds it or it cannot
 * be created. */
enum status outdir_open(const char *dir, int *fd, char *err, size_t errsize);

/* Remove another experiment's files: run.json, the combined CSVs and
 * every runs/b*.csv. */
void outdir_clear(const char *dir);

/* Remove the temporary files (see afile.h) a killed process left in DIR
 * and DIR/runs; call with the lock held.  Returns how many. */
size_t outdir_remove_temps(const char *dir);

#endif
