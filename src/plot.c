/* plot.c: `bsweep plot` and the figure of `bsweep compare -o`: finds the
 * installed (or the source tree's) scripts and runs them, as
 * `/bin/sh DATADIR/SCRIPT ARGS...` through posix_spawn: every name is
 * one argument, never a shell string, so a directory name may hold any
 * byte.  The figures themselves are the scripts' business (plots.sh,
 * compare.sh); their messages go to stderr as they print them.
 * Nothing here reads the CSV files.
 */
#define _POSIX_C_SOURCE 200809L
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

#ifndef BSWEEP_DATADIR
#define BSWEEP_DATADIR "/usr/local/share/bsweep"
#endif

/* the file whose presence marks a directory of the scripts */
#define MARKER "plots.sh"
#define SHELL "/bin/sh"

extern char **environ;

static const char *const formats[] = {"png", "svg", "pdf", NULL};

const char *plot_format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (const char *const *f = formats; *f; f++)
		if (strcmp(dot + 1, *f) == 0)
			return *f;
	return NULL;
}

enum status plot_check_out(const char *out, char *err, size_t errsize)
{
	char dir[PATH_MAX], shown[200];
	const char *slash = strrchr(out, '/');
	struct stat st;
	size_t n = slash ? (size_t)(slash - out) : 0;
	fmt_text(shown, sizeof shown, out, strlen(out), 120, 0);
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		msgf(err, errsize, "%s: is a directory; expected the name of the figure's file, such as %s/compare.png",
		     shown, shown);
		return ST_INPUT;
	}
	/* the directory it goes in: "" is ".", "/x.png" is in "/" */
	if (n >= sizeof dir) {
		msgf(err, errsize, "%s: name too long", shown);
		return ST_INPUT;
	}
	if (!slash || n == 0) {
		strcpy(dir, slash ? "/" : ".");
	} else {
		memcpy(dir, out, n);
		dir[n] = '\0';
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		msgf(err, errsize, "%s: cannot put the figure there: %s", shown,
		     stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
		return ST_INPUT;
	}
	return ST_OK;
}

static int is_file(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;
	return path_join(path, sizeof path, dir, name) == 0 && stat(path, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* dir + "/scripts" into buf when it holds the scripts; 0, or -1. */
static int tree_scripts(char *buf, size_t size, const char *dir)
{
	return path_join(buf, size, *dir ? dir : "/", "scripts") == 0 && is_file(buf, MARKER) ? 0 : -1;
}

/* The running executable's directory into exe (from /proc/self/exe);
 * 0, or -1 when it cannot be read. */
static int exe_dir(char *exe, size_t size)
{
	char *slash;
	ssize_t n = readlink("/proc/self/exe", exe, size - 1);
	if (n <= 0 || (size_t)n >= size - 1)
		return -1;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return -1;
	*slash = '\0';
	return 0;
}

/* The scripts of the source tree the running program was built in, into
 * buf: scripts/ beside the executable (./bsweep), or beside build/ for
 * build/X/bsweep (SANITIZE=1, PORTABLE=1).  0, or -1 when the program
 * is not in such a tree (installed). */
static int source_scripts(char *buf, size_t size, const char *dir)
{
	char exe[PATH_MAX];
	char *slash;
	const char *base;
	msgf(exe, sizeof exe, "%s", dir);
	if (tree_scripts(buf, size, exe) == 0)
		return 0;
	if (!(slash = strrchr(exe, '/')))
		return -1;
	*slash = '\0';                  /* its parent: build/ ? */
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	if (strcmp(base, "build") != 0 || !(slash = strrchr(exe, '/')))
		return -1;
	*slash = '\0';                  /* the tree */
	return tree_scripts(buf, size, exe);
}

/* The scripts of an installation moved as a whole (DESTDIR, a copied
 * prefix): PREFIX/bin/bsweep finds PREFIX/share/bsweep.  0, or -1. */
static int relocated_scripts(char *buf, size_t size, const char *dir)
{
	msgf(buf, size, "%s/../share/bsweep", dir);
	return is_file(buf, MARKER) ? 0 : -1;
}

/* The directory of the scripts into buf (see plot.h for the order).
 * ST_OK, or ST_IO with a message naming where it looked. */
static enum status find_scripts(char *buf, size_t size, char *err, size_t errsize)
{
	char exe[PATH_MAX];
	const char *env = getenv("BSWEEP_DATADIR");
	int have_exe = exe_dir(exe, sizeof exe) == 0;
	if (env && *env) {
		/* "./" before a relative name: never an option of sh */
		msgf(buf, size, "%s%s", env[0] == '/' ? "" : "./", env);
		if (is_file(buf, MARKER))
			return ST_OK;
		msgf(err, errsize, "BSWEEP_DATADIR=%s: no %s there: not a directory of bsweep's "
		     "plotting scripts\nhint: set BSWEEP_DATADIR to the directory holding plots.sh "
		     "(DATADIR/bsweep after make install, or the source tree's scripts/), or unset it",
		     env, MARKER);
		return ST_IO;
	}
	if (have_exe && (source_scripts(buf, size, exe) == 0 || relocated_scripts(buf, size, exe) == 0))
		return ST_OK;
	msgf(buf, size, "%s", BSWEEP_DATADIR);
	if (is_file(buf, MARKER))
		return ST_OK;
	if (have_exe)
		msgf(err, errsize, "the plotting scripts are not installed: no %s in %s/../share/bsweep "
		     "nor in %s\nhint: run make install with the PREFIX this bsweep was built for, or set "
		     "BSWEEP_DATADIR to a directory holding plots.sh (the source tree's scripts/)",
		     MARKER, exe, BSWEEP_DATADIR);
	else
		msgf(err, errsize, "the plotting scripts are not installed: no %s/%s\nhint: run "
		     "make install with the PREFIX this bsweep was built for, or set BSWEEP_DATADIR "
		     "to a directory holding plots.sh (the source tree's scripts/)", BSWEEP_DATADIR, MARKER);
	return ST_IO;
}

/* Run `/bin/sh DIR/SCRIPT args[0..n-1]` and wait for it; with quiet its
 * stdout goes to /dev/null.  Returns the exit code: the script's own
 * 0, 1 or 2 (it has printed why), 1 for any other failure (printed
 * here), 128 + signal when it was killed or interrupted. */
static int run_script(const char *dir, const char *script, char *const *args, size_t n,
		      int quiet)
{
	char path[PATH_MAX], err[MSG_MAX];
	char **argv = NULL;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, status;

	if (path_join(path, sizeof path, dir, script) != 0) {
		msgf(err, sizeof err, "%s/%s: path too long", dir, script);
		return cli_fail(ST_IO, 0, err);
	}
	if (!(argv = xcalloc(n + 3, sizeof *argv)))
		return cli_fail(ST_NOMEM, 0, "out of memory");
	argv[0] = (char *)"sh";
	argv[1] = path;
	for (size_t k = 0; k < n; k++)
		argv[k + 2] = args[k];
	argv[n + 2] = NULL;
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0) {
		free(argv);
		return cli_fail(ST_NOMEM, 0, "out of memory");
	}
	if (quiet)
		rc = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	fflush(stdout);
	fflush(stderr);
	if (rc == 0)
		rc = posix_spawn(&pid, SHELL, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	if (rc != 0) {
		msgf(err, sizeof err, "cannot run %s %s: %s", SHELL, path, strerror(rc));
		return cli_fail(ST_IO, 0, err);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			msgf(err, sizeof err, "%s: waiting for the script: %s", path, strerror(errno));
			return cli_fail(ST_IO, 0, err);
		}
	if (WIFSIGNALED(status))
		return EXIT_SIGNAL_BASE + WTERMSIG(status);
	rc = WEXITSTATUS(status);
	return rc <= EXIT_USAGE || rc > EXIT_SIGNAL_BASE ? rc : EXIT_RUNTIME;
}

static void usage(FILE *f)
{
	fputs(
"Usage: bsweep plot [--format png|svg|pdf] [-q] DIR [DIR...]\n"
"\n"
"Draw the figures of each results directory DIR (a sweep's output: it needs\n"
"epochs.csv and run.json) into DIR, with gnuplot: curves, loss and summary,\n"
"and the heatmap, scaling, noise, sharpness, interpolation and boundaries\n"
"figures when the sweep wrote their data.  Prints the path of each figure.\n"
"\n"
"Options:\n"
"      --format F  png (default), svg or pdf\n"
"  -q, --quiet     do not print the figures' paths\n"
"  -h, --help      print this help and exit\n"
"\n"
"The scripts come from $BSWEEP_DATADIR when set, else the source tree's\n"
"scripts/ when this bsweep is that tree's build, else " BSWEEP_DATADIR "\n"
"(make install puts them there).  Needs gnuplot (>= 5.4; Debian: gnuplot-nox).\n"
"\n"
"Exit status: 0 every figure drawn, 1 a figure failed or the scripts or\n"
"             gnuplot are missing, 2 usage error or a DIR that is not a\n"
"             results directory (nothing drawn).\n", f);
}

/* Is dir a results directory?  0, or EXIT_USAGE after saying why. */
static int check_dir(const char *dir)
{
	static const char *const needed[] = {"epochs.csv", "run.json", NULL};
	char err[MSG_MAX];
	struct stat st;
	if (stat(dir, &st) != 0) {
		msgf(err, sizeof err, "plot: %s: %s", dir, strerror(errno));
		return cli_fail(ST_INPUT, 0, err);
	}
	if (!S_ISDIR(st.st_mode)) {
		msgf(err, sizeof err, "plot: %s: not a directory", dir);
		return cli_fail(ST_INPUT, 0, err);
	}
	for (const char *const *name = needed; *name; name++)
		if (!is_file(dir, *name)) {
			msgf(err, sizeof err, "plot: %s: not a results directory: no %s\nhint: "
			     "give the output directory of a sweep (bsweep CONFIG.json writes "
			     "results/NAME/)", dir, *name);
			return cli_fail(ST_INPUT, 0, err);
		}
	return EXIT_OK;
}

int plot_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'F'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char dir[PATH_MAX], err[MSG_MAX];
	char fmt[8] = "png";
	int ch, quiet = 0, rc = EXIT_OK;
	enum status st;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F': {
			const char *const *f = formats;
			while (*f && strcmp(*f, optarg) != 0)
				f++;
			if (!*f)
				return usage_error("plot", "option --format: expected png, svg or pdf, "
						   "found '%s'", optarg);
			msgf(fmt, sizeof fmt, "%s", *f);
			break;
		}
		case 'q': quiet = 1; break;
		case 'h':
			usage(stdout);
			return finish_stdout();
		case ':':
			return usage_error("plot", "option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("plot", "unknown option '-%c'", optopt);
			return usage_error("plot", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("plot", "missing DIR (a results directory)");
	for (int d = optind; d < argc; d++) {
		if (!*argv[d])
			return usage_error("plot", "expected a directory, found an empty string");
		if (check_dir(argv[d]) != EXIT_OK)
			rc = EXIT_USAGE;
	}
	if (rc != EXIT_OK)
		return rc;
	if ((st = find_scripts(dir, sizeof dir, err, sizeof err)) != ST_OK)
		return cli_fail(st, 0, err);
	/* every directory, even after one failed; the worst status wins */
	for (int d = optind; d < argc; d++) {
		char *args[2] = {argv[d], fmt};
		int one;
		/* said here, not by gnuplot once per figure */
		if (access(argv[d], W_OK) != 0) {
			msgf(err, sizeof err, "plot: %s: cannot write the figures there: %s", argv[d],
			     strerror(errno));
			one = cli_fail(ST_IO, 0, err);
			if (one > rc)
				rc = one;
			continue;
		}
		one = run_script(dir, "plots.sh", args, 2, quiet);
		if (one >= EXIT_SIGNAL_BASE)
			return one;
		if (one > rc)
			rc = one;
	}
	if (finish_stdout() != EXIT_OK)
		return EXIT_RUNTIME;
	return rc;
}

int plot_compare(const char *out, char *const *dirs, size_t n,
		 void (*write_csv)(FILE *f, const void *ctx), const void *ctx)
{
	char dir[PATH_MAX], csv[PATH_MAX], err[MSG_MAX];
	const char *tmpdir = getenv("TMPDIR");
	char **args;
	FILE *f;
	int fd, rc;
	enum status st;

	if ((st = find_scripts(dir, sizeof dir, err, sizeof err)) != ST_OK)
		return cli_fail(st, 0, err);
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	if (path_join(csv, sizeof csv, tmpdir, "bsweep-compare.XXXXXX") != 0) {
		msgf(err, sizeof err, "TMPDIR=%s: path too long", tmpdir);
		return cli_fail(ST_IO, 0, err);
	}
	if ((fd = mkstemp(csv)) < 0) {
		msgf(err, sizeof err, "%s: cannot create a temporary file: %s", csv, strerror(errno));
		return cli_fail(ST_IO, 0, err);
	}
	if (!(f = fdopen(fd, "w"))) {
		msgf(err, sizeof err, "%s: %s", csv, strerror(errno));
		close(fd);
		unlink(csv);
		return cli_fail(ST_IO, 0, err);
	}
	write_csv(f, ctx);
	if (ferror(f) | fclose(f)) {
		msgf(err, sizeof err, "%s: cannot write the comparison's CSV", csv);
		unlink(csv);
		return cli_fail(ST_IO, 0, err);
	}
	if (!(args = xcalloc(n + 1, sizeof *args))) {
		unlink(csv);
		return cli_fail(ST_NOMEM, 0, "out of memory");
	}
	args[0] = (char *)out;
	for (size_t k = 0; k < n; k++)
		args[k + 1] = dirs[k];
	/* compare.sh draws this CSV instead of running bsweep compare again */
	if (setenv("BSWEEP_COMPARE_CSV", csv, 1) != 0)
		rc = cli_fail(ST_NOMEM, 0, "out of memory");
	else
		rc = run_script(dir, "compare.sh", args, n + 1, 0);
	unsetenv("BSWEEP_COMPARE_CSV");
	free(args);
	unlink(csv);
	return rc;
}
