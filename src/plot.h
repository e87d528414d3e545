/* plot.h: the figures.  bsweep draws nothing itself: the shell and
 * gnuplot scripts of scripts/ (plots.sh, compare.sh, the *.gp files and
 * aggregate.awk, installed by `make install` into DATADIR/bsweep) do.
 * This file finds them and runs them; it is the only one that knows
 * where they are and how they are called.
 *
 * Where the scripts are, in this order:
 *   1. $BSWEEP_DATADIR, when set and not empty;
 *   2. the source tree's scripts/, when the running program is that
 *      tree's build (scripts/plots.sh beside the executable, or two
 *      levels up from build/X/bsweep): ./bsweep always uses the tree's
 *      scripts, never older installed ones;
 *   3. PREFIX/share/bsweep beside PREFIX/bin/bsweep, wherever the
 *      installation is (a DESTDIR staging directory, a copied prefix);
 *   4. the data directory compiled in (-DBSWEEP_DATADIR, the Makefile's
 *      $(DATADIR)/bsweep; DESTDIR is not part of it).
 * A directory without plots.sh is an error naming it (exit 1).
 */
#ifndef BSWEEP_PLOT_H
#define BSWEEP_PLOT_H

#include <stdio.h>

#include "util.h"

/* The image format an output file's name asks for: "png", "svg" or "pdf"
 * from its extension, or NULL for any other name. */
const char *plot_format_of(const char *path);

/* Whether a figure can be put at out, before anything is computed: not a
 * directory (the image would be renamed into it), in a directory that
 * exists.  ST_OK, or ST_INPUT with "OUT: ..." (out escaped) in err. */
enum status plot_check_out(const char *out, char *err, size_t errsize);

/* `bsweep plot [--format F] [-q] DIR...`: argv[0] is "plot".  Runs
 * plots.sh on each directory, which prints the path of every figure it
 * writes (not with -q).  Every DIR is checked first (epochs.csv and
 * run.json); one that is not a results directory stops everything with
 * nothing drawn.  Returns the exit code: 0 when every directory was
 * drawn; 1 when the scripts are not found or a figure failed (gnuplot
 * missing or failing); 2 for a bad command line or DIR; 128 + signal when
 * the script was interrupted.  Uses getopt (resets optind). */
int plot_main(int argc, char **argv);

/* The comparison figure into out (its extension picks the format), drawn
 * by compare.sh from the CSV that write_csv(f, ctx) writes (bsweep
 * compare --csv's output) for dirs[0..n-1]; compare.sh prints out's path
 * on stdout.  Returns the exit code: 0; 1 when the scripts are not found,
 * the CSV cannot be written or the figure cannot be drawn; 2 when
 * compare.sh refuses the names (a newline in a directory name). */
int plot_compare(const char *out, char *const *dirs, size_t n,
		 void (*write_csv)(FILE *f, const void *ctx), const void *ctx);

#endif
