/* cli.c: exit codes and the command line's own messages. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cli_exit_code(enum status st, int signal)
{
	switch (st) {
	case ST_OK: return EXIT_OK;
	case ST_INPUT: return EXIT_USAGE;
	case ST_INTERRUPTED: return EXIT_SIGNAL_BASE + signal;
	case ST_NOMEM:
	case ST_IO: break;
	}
	return EXIT_RUNTIME;
}

int cli_fail(enum status st, int signal, const char *err)
{
	if (st != ST_OK && err && err[0])
		fprintf(stderr, "%s: %s\n", util_progname, err);
	return cli_exit_code(st, signal);
}

int usage_error(const char *subcommand, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: %s%s", util_progname, subcommand ? subcommand : "",
		subcommand ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'bsweep%s%s --help' for more information.\n",
		subcommand ? " " : "", subcommand ? subcommand : "");
	return EXIT_USAGE;
}

int finish_stdout(void)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	fprintf(stderr, "%s: standard output: %s\n", util_progname,
		errno ? strerror(errno) : "write error");
	return EXIT_RUNTIME;
}
