/* merge.h: `bsweep merge DIR`, the end of a sweep run in shards. */
#ifndef BSWEEP_MERGE_H
#define BSWEEP_MERGE_H

/* The subcommand's entry: argv[0] is "merge".  Returns the exit code:
 * 0 merged; 1 runs missing, damaged, trained by two shards or not of the
 * config (listed by name, nothing written), or a write failure; 2 usage,
 * or a directory that is not one sweep of this bsweep version. */
int merge_main(int argc, char **argv);

#endif
