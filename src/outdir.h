/* outdir.h: the output directory of a sweep: who may write it, and the
 * leftovers of an earlier process.
 *
 *   DIR/.lock      flock'ed by the sweep writing DIR, or shared by its shards
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

/* What a sweep would do with its output directory: the one decision,
 * taken by the real run and printed by --dry-run, so they cannot
 * disagree. */
enum outdir_state {
	OUTDIR_NEW,      /* no run.json and no run files: a new directory */
	OUTDIR_SAME,     /* this config's results (or run files without a
			    run.json): finished of runs are done */
	OUTDIR_OTHER     /* another config's results: refused, or deleted
			    first with --force */
};

struct outdir_plan {
	enum outdir_state state;
	size_t runs;          /* the runs of this sweep (of the shard's, with mine) */
	size_t finished;      /* SAME: of those, finished (runfile_finished) */
	size_t other_runs;    /* OTHER: finished runs of the other config
				 (its runs' summary files) */
	char other_name[128]; /* OTHER: its config's "name" ("?" if none) */
	int no_run_json;      /* SAME: run files there but no run.json */
	int resume, force;    /* as asked */
};

/* Decide for a sweep of config c (loaded from config_path; dir_given when
 * -o named dir) into dir, with --force and --resume as given; mine
 * (config_runs bytes, NULL: every run) the runs this process would train.
 * ST_OK with the plan in *pl; ST_INPUT with the refusal and a hint in err
 * (and the plan in *pl) when the real run would be refused: dir holds
 * another config's results (run.json's config differs but for
 * config_not_experiment: the first few differing keys named) and force is
 * 0, or resume is set and dir holds run files without a run.json;
 * ST_NOMEM with a message.  Reads only. */
enum status outdir_plan(const char *dir, const struct config *c, const char *config_path,
			int dir_given, int force, int resume, const unsigned char *mine,
			struct outdir_plan *pl, char *err, size_t errsize);

/* What the plan means, for --dry-run's "output: DIR/ (...)" line: the
 * text inside the parentheses into buf. */
void outdir_plan_text(char *buf, size_t size, const struct outdir_plan *pl,
		      const char *config_path, int dir_given);

/* How outdir_open locks DIR. */
enum outdir_lock {
	OUTDIR_EXCLUSIVE, /* alone, or not at all: a sweep, analyze */
	OUTDIR_CLAIM,     /* a shard (sweep.h): alone while it claims DIR
			     (decides on it and writes run.json), then shared
			     with the other shards of its sweep (outdir_relock) */
	OUTDIR_MERGING    /* alone: merge, once the shards are done */
};

/* Create DIR/runs/ (and DIR) and take the directory's lock (DIR/.lock,
 * created if needed; OUTDIR_MERGING creates neither).  OUTDIR_CLAIM takes
 * it alone, or else shared when shards that have claimed DIR hold it, and
 * waits up to 10 s while a process holds it alone.  ST_OK with the
 * descriptor in *fd, to close when done (the lock goes with the last copy
 * of it, so forked workers keep it; -1 when the file system has no locks
 * to give, which only OUTDIR_EXCLUSIVE refuses); ST_IO with a message when
 * another process holds it or it cannot be created. */
enum status outdir_open(const char *dir, int *fd, enum outdir_lock how, char *err,
			size_t errsize);

/* The lock on fd (outdir_open) made exclusive (OUTDIR_EXCLUSIVE: a shard
 * about to delete another config's results with --force, which only the
 * shard holding it alone may), or shared once a shard's claim is done
 * (OUTDIR_CLAIM; waited for, since flock does not convert atomically).
 * ST_OK at once for fd -1; ST_IO with a message when another process
 * holds the lock. */
enum status outdir_relock(const char *dir, int fd, enum outdir_lock how, char *err,
			  size_t errsize);

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
