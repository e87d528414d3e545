/* analyze.h: `bsweep analyze [OPTIONS] DIR`: the analysis of a finished
 * sweep written again from its files, without training: the target
 * columns of summary.csv, points.csv and best.csv (a grid), scaling.csv
 * and run.json's "analysis" (a target), for the sweep's own target or
 * another given with --target.  For the sweep's own target the files are
 * byte for byte the ones the sweep wrote.
 *
 * What it reads: DIR/run.json (its "config": the config the runs were
 * trained with) and every run's files in DIR/runs/, checked as --resume
 * checks them (runfile_finished).  What it writes: summary.csv,
 * points.csv, best.csv, scaling.csv and run.json, all into a staging
 * folder first and then renamed over the old ones (outdir.h), under the
 * directory's lock; the figures of the old results (DIR/.figures) are
 * removed.  What it leaves: epochs.csv, interpolation.csv, the run files
 * (the record of the training, with the sweep's own target: a later
 * --resume or a plain `bsweep analyze` goes back to it), run.json's
 * "config" (written again as this bsweep resolves it: the same text for
 * a run.json of this version) and every other member of run.json.
 *
 * Another target is found at epoch resolution, in epochs.csv: steps,
 * epochs and examples at the end of the first epoch meeting it, seconds
 * the sum of the epochs' train_seconds up to it (what training adds up,
 * so equal to what the sweep would have recorded).  A sweep that
 * evaluated every k steps (analysis.eval_every) found its own target
 * between epoch ends; another one is rounded up to an epoch end, which
 * a warning and run.json's "analysis.resolution" say.  Runs that stopped
 * at the sweep's target (analysis.stop_at_target) have no epochs after
 * it: another target is refused when any run did (exit 2).
 */
#ifndef BSWEEP_ANALYZE_H
#define BSWEEP_ANALYZE_H

/* The subcommand: argv[0] the program, argv[1] "analyze".  Returns the
 * exit code: 0; 1 when a file cannot be read or written (nothing
 * changed); 2 for a bad command line or a directory that is not a
 * finished sweep's (missing, no run.json, a config this bsweep does not
 * read, an interrupted sweep, a run's files missing or failing a check;
 * nothing changed). */
int analyze_main(int argc, char **argv);

#endif
