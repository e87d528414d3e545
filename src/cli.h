/* cli.h: what the command-line entry points (main.c, compare.c) share:
 * the exit codes, the one place a status becomes an exit code, and the
 * messages of the command line itself.  Nothing below the command line
 * includes this file.
 */
#ifndef BSWEEP_CLI_H
#define BSWEEP_CLI_H

#include "util.h"

/* Exit codes, documented in --help, README and bsweep.1. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,   /* I/O, memory, anything the config did not cause */
	EXIT_USAGE = 2,     /* bad command line or bad config: nothing written */
	EXIT_SIGNAL_BASE = 128 /* + the signal: 130 SIGINT, 143 SIGTERM */
};

/* First thing in main: make the process safe to run whatever it inherits.
 *  - A closed standard descriptor (`>&-`, `2>&-`) is opened again on
 *    /dev/null, so that no file bsweep opens (the lock, a result) gets
 *    descriptor 0, 1 or 2 and receives the table or the warnings.  stdout
 *    is opened read-only: writing to it still fails, and data asked for on
 *    stdout is reported lost (exit 1), not dropped silently; stderr
 *    discards.
 *  - SIGXFSZ (a file-size limit, `ulimit -f`) is ignored, so that a write
 *    past the limit fails with EFBIG and is reported as the write error
 *    it is, its temporary file removed, instead of killing the process. */
void cli_init(void);

/* The exit code of a status: ST_OK 0, ST_INPUT 2, ST_NOMEM and ST_IO 1,
 * ST_INTERRUPTED 128 + signal. */
int cli_exit_code(enum status st, int signal);

/* Print "bsweep: <err>" on stderr when st is not ST_OK and err is not
 * empty; return cli_exit_code(st, signal). */
int cli_fail(enum status st, int signal, const char *err);

/* A command-line mistake: "bsweep[ SUBCOMMAND]: <message>", then a
 * pointer to --help, on stderr.  Returns EXIT_USAGE. */
int usage_error(const char *subcommand, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Flush standard output and check it: EXIT_OK, or EXIT_RUNTIME after
 * printing "bsweep: standard output: <error>" (a full disk, a closed
 * pipe): data asked for on stdout must not be lost silently. */
int finish_stdout(void);

#endif
