/* outdir.h: the output directory of a sweep: who may write it, and the
 * leftovers of an earlier process.
 *
 *   DIR/.lock      flock'ed by the one sweep writing DIR
 *   DIR/run.json   names the experiment (report.c writes it)
 *   DIR/runs/      the runs' files and weights folders (runfile.c)
 *
 * Knows nothing of training; which files are bsweep's it asks runfile.c.
 * It removes only files that bsweep can tell it wrote.
 */
#ifndef BSWEEP_OUTDIR_H
#define BSWEEP_OUTDIR_H

#include <stddef.h>

#include "config.h"
#include "util.h"

/* May this sweep write into dir?  ST_OK, with *replace set when --force
 * is to remove another experiment's results first; ST_INPUT with a
 * message when dir holds another experiment's results (its run.json's
 * config differs but for config_not_experiment) and force is 0, or when
 * resume is set and dir holds runs without a run.json to identify them;
 * ST_NOMEM.  Reads only. */
enum status outdir_claim(const char *dir, const struct config *c, int force, int resume,
			 int *replace, char *err, size_t errsize);

/* Create DIR/runs/ (and DIR) and take the directory's lock (DIR/.lock,
 * created if needed).  ST_OK with the descriptor in *fd, to close when
 * done (the lock goes with the last copy of it, so forked workers keep
 * it); ST_IO with a message when another process holds it or it cannot
 * be created. */
enum status outdir_open(const char *dir, int *fd, char *err, size_t errsize);

/* Remove another experiment's files (--force): run.json, and the CSVs
 * bsweep wrote, known by their names (runfile_owns) and headers, and the
 * files of its weights folders (weights_owns), then each folder left
 * empty; nothing else (a user's runs/backup.csv, or a file of theirs in
 * a weights folder, stays, and so does that folder). */
void outdir_clear(const char *dir);

/* Remove the temporary files a killed process left of bsweep's own files
 * (".NAME.tmp-XXXXXX" with NAME a runfile_owns name) in DIR and DIR/runs,
 * temporary weights folders included (their own files, then them), and
 * `bsweep analyze`'s staging folders; call
 * with the lock held.  Returns how many. */
size_t outdir_remove_temps(const char *dir);

/* `bsweep analyze` writes every new file of a results directory into a
 * staging folder DIR/.analysis.tmp-XXXXXX first, and replaces the old
 * ones only once all are written: a failure before leaves the directory
 * as it was.  outdir_remove_temps removes a killed process's folder. */
#define OUTDIR_STAGE "analysis"

/* Create a staging folder in dir, its path into buf (size bytes).  ST_OK,
 * or ST_IO with a message naming dir. */
enum status outdir_stage(const char *dir, char *buf, size_t size, char *err, size_t errsize);

/* Move the files of staging folder stage (bsweep's own names,
 * runfile_owns) over those of dir, run.json last, sync dir and remove the
 * folder.  Renames in one directory do not fail but for an I/O error;
 * if one does, ST_IO with a message naming the file, and the files
 * moved before it stay moved. */
enum status outdir_commit_stage(const char *dir, const char *stage, char *err,
				size_t errsize);

/* Remove the staging folder stage and the files bsweep wrote in it. */
void outdir_drop_stage(const char *stage);

/* Remove the figures listed in DIR/.figures (scripts/plots.sh's manifest,
 * names checked by runfile_is_figure), the manifest, and the temporary
 * images of a killed plots.sh: called when a sweep starts writing
 * results, so that no image outlives its data. */
void outdir_remove_figures(const char *dir);

#endif
