/* csv.c: result rows and atomic file replacement (temp file + rename). */
#define _POSIX_C_SOURCE 200809L
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

void csv_write_summary(FILE *f, const struct run_result *r)
{
	const struct epoch_record *last = &r->epochs[r->n_epochs - 1];
	double v1[] = {last->train_loss, last->train_acc, last->val_loss,
		       last->val_acc, r->best_val_acc};
	double v2[] = {r->total_seconds, r->samples_per_second};
	fprintf(f, "%zu,%lu,%zu,%zu", r->batch_size, (unsigned long)r->seed,
		r->steps_per_epoch, r->n_epochs);
	put_doubles(f, v1, 5);
	fprintf(f, ",%zu", r->best_epoch);
	put_doubles(f, v2, 2);
	fprintf(f, ",%s\n", csv_status_name(r->status));
}

int afile_open(struct atomic_file *a, const char *path, char *err, size_t errsize)
{
	const char *slash = strrchr(path, '/');
	int n, fd;
	a->f = NULL;
	if (strlen(path) >= sizeof a->path) {
		msgf(err, errsize, "%s: path too long", path);
		return -1;
	}
	memcpy(a->path, path, strlen(path) + 1);
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
	int failed = 0, saved = 0;
	if (fflush(a->f) != 0 || ferror(a->f)) {
		failed = 1;
		saved = errno ? errno : EIO;
	}
	if (!failed && fsync(fileno(a->f)) != 0 && errno != EINVAL) {
		failed = 1;
		saved = errno;
	}
	if (fclose(a->f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	a->f = NULL;
	if (!failed && rename(a->tmp, a->path) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
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
	unlink(a->tmp);
}
