/* csv.c: result rows and atomic file replacement (temp file + rename). */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

void csv_format_double(char *buf, size_t size, double v)
{
	if (isnan(v)) {
		msgf(buf, size, "nan");
		return;
	}
	if (isinf(v)) {
		msgf(buf, size, "%s", v > 0 ? "inf" : "-inf");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		msgf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

const char *csv_status_name(enum run_status s)
{
	return s == RUN_DIVERGED ? "diverged" : s == RUN_INTERRUPTED ? "interrupted" : "ok";
}

/* Print the doubles separated by commas, each preceded by a comma. */
static void put_doubles(FILE *f, const double *v, size_t n)
{
	char buf[40];
	for (size_t i = 0; i < n; i++) {
		csv_format_double(buf, sizeof buf, v[i]);
		fputc(',', f);
		fputs(buf, f);
	}
}

void csv_write_epochs(FILE *f, const struct run_result *r)
{
	for (size_t e = 0; e < r->n_epochs; e++) {
		const struct epoch_record *x = &r->epochs[e];
		double v[] = {x->train_loss, x->train_acc, x->val_loss, x->val_acc,
			      x->train_seconds, x->eval_seconds, x->epoch_seconds,
			      x->elapsed_seconds};
		fprintf(f, "%zu,%lu,%zu,%zu", r->batch_size, (unsigned long)r->seed,
			x->epoch, x->steps);
		put_doubles(f, v, sizeof v / sizeof v[0]);
		fputc('\n', f);
	}
}

void csv_write_summary(FILE *f, const struct run_result *r,
		       const struct run_stats *st)
{
	const struct epoch_record *last = &r->epochs[r->n_epochs - 1];
	double v1[] = {last->train_loss, last->train_acc, last->val_loss,
		       last->val_acc, r->best_val_acc};
	double v2[] = {st->total_median, st->samples_per_second};
	double v3[] = {st->total_min, st->total_max, st->total_mad};
	double v4[] = {st->train_median, st->cpu_median};
	fprintf(f, "%zu,%lu,%zu,%zu", r->batch_size, (unsigned long)r->seed,
		r->steps_per_epoch, r->n_epochs);
	put_doubles(f, v1, 5);
	fprintf(f, ",%zu", r->best_epoch);
	put_doubles(f, v2, 2);
	fprintf(f, ",%s,%zu", csv_status_name(r->status), st->repeats);
	put_doubles(f, v3, 3);
	fprintf(f, ",%zu", st->outliers);
	put_doubles(f, v4, 2);
	fprintf(f, ",%ld,%zu\n", st->peak_rss_kib, st->memory_bytes);
}

int afile_open(struct atomic_file *a, const char *path, char *err, size_t errsize)
{
	const char *slash;
	struct stat st;
	int n, fd;
	a->f = NULL;
	a->tmp[0] = '\0';
	a->no_sync = 0;
	if (strlen(path) >= sizeof a->path) {
		msgf(err, errsize, "%s: path too long", path);
		return -1;
	}
	memcpy(a->path, path, strlen(path) + 1);
	/* Something that exists and is not a regular file (/dev/null,
	 * /dev/full, a FIFO, a terminal) is written in place: a rename would
	 * replace the device node itself with a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		a->f = fopen(path, "w");
		if (!a->f) {
			msgf(err, errsize, "%s: cannot open: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	/* A symbolic link: replace the file it points to, keep the link
	 * (and never put a temporary file beside /dev/stdout). */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && !realpath(path, a->path))
		memcpy(a->path, path, strlen(path) + 1);
	path = a->path;
	slash = strrchr(path, '/');
	if (slash)
		n = snprintf(a->tmp, sizeof a->tmp, "%.*s/.%s.tmp-XXXXXX",
			     (int)(slash - path), path, slash + 1);
	else
		n = snprintf(a->tmp, sizeof a->tmp, ".%s.tmp-XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof a->tmp) {
		msgf(err, errsize, "%s: path too long", path);
		return -1;
	}
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		msgf(err, errsize, "%s: cannot create a temporary file: %s", path,
		     strerror(errno));
		return -1;
	}
	/* mkstemp makes 0600; results are ordinary files (0666 & ~umask) */
	{
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	a->f = fdopen(fd, "w");
	if (!a->f) {
		msgf(err, errsize, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(a->tmp);
		return -1;
	}
	return 0;
}

int afile_commit(struct atomic_file *a, char *err, size_t errsize)
{
	int failed = 0, saved = 0, direct = a->tmp[0] == '\0';
	if (fflush(a->f) != 0 || ferror(a->f)) {
		failed = 1;
		saved = errno ? errno : EIO;
	}
	if (!failed && !direct && !a->no_sync && fsync(fileno(a->f)) != 0 &&
	    errno != EINVAL) {
		failed = 1;
		saved = errno;
	}
	if (fclose(a->f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	a->f = NULL;
	if (!failed && !direct && rename(a->tmp, a->path) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		if (!direct)
			unlink(a->tmp);
		msgf(err, errsize, "%s: cannot write: %s", a->path, strerror(saved));
		return -1;
	}
	return 0;
}

void afile_abort(struct atomic_file *a)
{
	if (a->f)
		fclose(a->f);
	a->f = NULL;
	if (a->tmp[0])
		unlink(a->tmp);
}
