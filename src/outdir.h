/* outdir.h: the output directory of a sweep: who may write it, which runs
 * it already holds, and the final files put together from them.
 *
 *   DIR/.lock                       flock'ed by the one sweep writing DIR
 *   DIR/run.json                    names the experiment (report.c)
 *   DIR/runs/b<B>_s<SEED>.*.csv     one run's files (pool.c writes them)
 *   DIR/epochs.csv, summary.csv     assembled here, config order
 *
 * Knows the file layout; knows nothing of training.
 */
#ifndef BSWEEP_OUTDIR_H
#define BSWEEP_OUTDIR_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "report.h"

/* "DIR/runs/b<B>_s<SEED>": add ".epochs.csv" or ".summary.csv". */
void outdir_run_base(char *buf, size_t size, const char *dir, size_t B,
		     uint32_t seed);

/* Run k of the config (batch index k / n_seeds, seed index k % n_seeds). */
size_t outdir_run_batch(const struct config *c, size_t k);
uint32_t outdir_run_seed(const struct config *c, size_t k);

/* May this sweep write into dir?  EXIT_OK, with *replace set when
 * --force is to remove another experiment's results first; EXIT_USAGE
 * with a message when dir holds another experiment's results (its
 * run.json's config differs but for name and timing) and force is 0;
 * EXIT_RUNTIME when out of memory.
 * Reads only. */
int outdir_claim(const char *dir, const struct config *c, int force,
		 int *replace, char *err, size_t errsize);

/* Take the directory's lock (DIR/.lock, created if needed).  Returns the
 * descriptor to close when done (the lock goes with the last copy of it,
 * so forked workers keep it), or -1 with a message when another process
 * holds it or it cannot be created. */
int outdir_lock(const char *dir, char *err, size_t errsize);

/* Remove another experiment's files: run.json, the combined CSVs and
 * every runs/b*.csv. */
void outdir_clear(const char *dir);

/* Remove the temporary files (".NAME.tmp-XXXXXX", see csv.h) a killed
 * process left in dir; call with the lock held.  Returns how many. */
size_t outdir_remove_temps(const char *dir);

/* Has run k finished?  Its summary file is whole with one row and its
 * epochs file whole with that row's number of epochs (current headers,
 * every line complete). */
int outdir_run_finished(const char *dir, const struct config *c, size_t k);

/* Write DIR/<kind>.csv (kind "epochs" or "summary") atomically, fsynced:
 * header, then every run's rows from runs/, config order.  Returns 0, or
 * -1 with a message naming the path. */
int outdir_assemble(const char *dir, const struct config *c, const char *kind,
		    const char *header, char *err, size_t errsize);

/* The final table's row of run k, read back from its summary file.
 * Returns 0, or -1 when the file cannot be read or lacks a column. */
int outdir_read_row(const char *dir, const struct config *c, size_t k,
		    struct table_row *row);

#endif
