/* compare.h: `bsweep compare DIR_A DIR_B [DIR_C ...]`: the results of one
 * config from several directories (machines, builds, thread counts) side
 * by side: time per batch size with its spread, ratio to the first
 * directory and whether the difference exceeds the noise, the final
 * accuracies (which must agree), and the machine and build keys that
 * differ.  The rules are in compare.c and bsweep(1). */
#ifndef BSWEEP_COMPARE_H
#define BSWEEP_COMPARE_H

#include "csv.h"

/* The columns of `bsweep compare --csv` (what scripts/compare.gp reads). */
extern const struct csv_table compare_csv;

/* The subcommand: argv[0] is "compare", then its options and directories.
 * Returns the exit code: EXIT_OK; EXIT_USAGE for misuse, missing or
 * malformed results, or results that cannot be compared (different
 * configs or data, incomplete sweeps); EXIT_RUNTIME for I/O errors and
 * lack of memory.  Messages go to stderr, the comparison to stdout.
 * Uses getopt (resets optind); json_init must have been called. */
int compare_main(int argc, char **argv);

#endif
