/* cli.c: exit codes and the command line's own messages. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void cli_init(void)
{
	static const int mode[3] = {O_RDONLY, O_RDONLY, O_WRONLY};
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* open returns the lowest free descriptor: this one */
		if (open("/dev/null", mode[fd]) != fd)
			_exit(EXIT_RUNTIME);
	}
	signal(SIGXFSZ, SIG_IGN);
}

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
	if (st != ST_OK && err && err[0]) {
		fflush(stdout);
		fprintf(stderr, "%s: ", util_progname);
		fput_message(err, stderr);
		fputc('\n', stderr);
	}
	return cli_exit_code(st, signal);
}

int usage_error(const char *subcommand, const char *fmt, ...)
{
	va_list ap;
	char msg[4096];
	fflush(stdout);
	fprintf(stderr, "%s: %s%s", util_progname, subcommand ? subcommand : "",
		subcommand ? ": " : "");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fput_message(msg, stderr);
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
