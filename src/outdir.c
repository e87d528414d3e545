/* outdir.c: the output directory: lock, ownership, finished runs, and
 * the final files assembled from them. */
#define _POSIX_C_SOURCE 200809L
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "csv.h"
#include "util.h"

void outdir_run_base(char *buf, size_t size, const char *dir, size_t B,
		     uint32_t seed)
{
	msgf(buf, size, "%s/runs/b%zu_s%lu", dir, B, (unsigned long)seed);
}

size_t outdir_run_batch(const struct config *c, size_t k)
{
	return c->batch_sizes[k / c->n_seeds];
}

uint32_t outdir_run_seed(const struct config *c, size_t k)
{
	return c->seeds[k % c->n_seeds];
}

/* Rows of a whole CSV file: the expected header line, then rows with as
 * many fields, each ending in a newline; -1 for anything else or no file.
 * The fourth field of the last row goes to *field4 (may be NULL). */
static long csv_rows(const char *path, const char *header, unsigned long *field4)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, commas = 0;
	ssize_t n;
	long rows = -1;
	if (!f)
		return -1;
	for (const char *p = header; *p; p++)
		commas += *p == ',';
	while ((n = getline(&line, &cap, f)) > 0) {
		size_t k = 0;
		if (line[n - 1] != '\n')
			break;
		line[n - 1] = '\0';
		if (rows < 0) {
			if (strcmp(line, header) != 0)
				break;
			rows = 0;
			continue;
		}
		for (char *p = line; *p; p++)
			k += *p == ',';
		if (k != commas)
			break;
		rows++;
		if (field4) {
			const char *p = line;
			for (int c = 0; c < 3 && p; c++)
				p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
			*field4 = p ? strtoul(p, NULL, 10) : 0;
		}
	}
	if (n > 0 || ferror(f)) /* stopped early: not whole */
		rows = -1;
	free(line);
	fclose(f);
	return rows;
}

/* Has run k finished?  Its summary file is whole with one row, and its
 * epochs file whole with as many rows as that row's `epochs`.  Files are
 * renamed into place complete; these checks also reject files of another
 * bsweep version and files a power cut truncated (per-run files are not
 * fsynced: only the final ones are). */
int outdir_run_finished(const char *dir, const struct config *c, size_t k)
{
	char base[4200], path[4300];
	unsigned long epochs = 0;
	outdir_run_base(base, sizeof base, dir, outdir_run_batch(c, k),
			outdir_run_seed(c, k));
	msgf(path, sizeof path, "%s.summary.csv", base);
	if (csv_rows(path, CSV_SUMMARY_HEADER, &epochs) != 1 || epochs == 0 ||
	    epochs > c->epochs)
		return 0;
	msgf(path, sizeof path, "%s.epochs.csv", base);
	return csv_rows(path, CSV_EPOCHS_HEADER, NULL) == (long)epochs;
}

/* epochs.csv or summary.csv: the header, then every run's rows, config
 * order, copied from runs/. */
int outdir_assemble(const char *dir, const struct config *c, const char *kind,
		    const char *header, char *err, size_t errsize)
{
	struct atomic_file af;
	char path[4300], base[4200], buf[65536];
	size_t runs = c->n_batch_sizes * c->n_seeds;
	msgf(path, sizeof path, "%s/%s.csv", dir, kind);
	if (afile_open(&af, path, err, errsize) != 0)
		return -1;
	fprintf(af.f, "%s\n", header);
	for (size_t k = 0; k < runs; k++) {
		FILE *in;
		size_t n;
		int c0;
		outdir_run_base(base, sizeof base, dir, outdir_run_batch(c, k),
				outdir_run_seed(c, k));
		msgf(path, sizeof path, "%s.%s.csv", base, kind);
		if (!(in = fopen(path, "r"))) {
			msgf(err, errsize, "%s: %s", path, strerror(errno));
			afile_abort(&af);
			return -1;
		}
		while ((c0 = getc(in)) != EOF && c0 != '\n') /* skip the header */
			;
		while ((n = fread(buf, 1, sizeof buf, in)) > 0)
			fwrite(buf, 1, n, af.f);
		if (ferror(in)) {
			msgf(err, errsize, "%s: read error", path);
			fclose(in);
			afile_abort(&af);
			return -1;
		}
		fclose(in);
	}
	return afile_commit(&af, err, errsize);
}

/* Split a CSV line (no quoting in bsweep's files) in place. */
static size_t split_fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = line;
		line = strchr(line, ',');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

/* The table's row of run k, from its summary file. */
int outdir_read_row(const char *dir, const struct config *c, size_t k,
		    struct table_row *row)
{
	static const char *const cols[] = {"steps_per_epoch", "epochs", "final_train_acc",
		"final_val_acc", "total_seconds", "total_seconds_mad", "status"};
	char base[4200], path[4300], head[1024], line[1024];
	char *hf[64], *lf[64];
	size_t nh, nl, idx[7];
	FILE *f;
	int ok;

	outdir_run_base(base, sizeof base, dir, outdir_run_batch(c, k),
			outdir_run_seed(c, k));
	msgf(path, sizeof path, "%s.summary.csv", base);
	if (!(f = fopen(path, "r")))
		return -1;
	ok = fgets(head, sizeof head, f) && fgets(line, sizeof line, f);
	fclose(f);
	if (!ok)
		return -1;
	nh = split_fields(head, hf, 64);
	nl = split_fields(line, lf, 64);
	for (size_t i = 0; i < 7; i++) {
		for (idx[i] = 0; idx[i] < nh && strcmp(hf[idx[i]], cols[i]) != 0; idx[i]++)
			;
		if (idx[i] >= nl)
			return -1;
	}
	row->batch_size = outdir_run_batch(c, k);
	row->seed = outdir_run_seed(c, k);
	row->steps_per_epoch = strtoul(lf[idx[0]], NULL, 10);
	row->epochs = strtoul(lf[idx[1]], NULL, 10);
	row->train_acc = strtod(lf[idx[2]], NULL);
	row->val_acc = strtod(lf[idx[3]], NULL);
	row->seconds = strtod(lf[idx[4]], NULL);
	row->mad = strtod(lf[idx[5]], NULL);
	msgf(row->status, sizeof row->status, "%s", lf[idx[6]]);
	return 0;
}

/* Remove temporary files a killed bsweep left in dir (".NAME.tmp-XXXXXX",
 * see csv.h); returns how many. */
size_t outdir_remove_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	char path[4200];
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		const char *t = strstr(e->d_name, ".tmp-");
		if (e->d_name[0] == '.' && t && strlen(t) == 11) {
			msgf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (unlink(path) == 0)
				n++;
		}
	}
	closedir(d);
	return n;
}

/* --force over another config's results: remove that sweep's files
 * (run.json, the combined CSVs and the per-run CSVs) so none is mixed in. */
void outdir_clear(const char *dir)
{
	static const char *const names[] = {"run.json", "epochs.csv", "summary.csv"};
	char path[4200];
	DIR *d;
	struct dirent *e;
	for (size_t i = 0; i < 3; i++) {
		msgf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	msgf(path, sizeof path, "%s/runs", dir);
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == 'b' && n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0) {
			msgf(path, sizeof path, "%s/runs/%s", dir, e->d_name);
			unlink(path);
		}
	}
	closedir(d);
}

/* One sweep at a time per directory: an exclusive flock on DIR/.lock,
 * held until the process (and its workers) exit.  Returns the descriptor,
 * or -1 with a message. */
int outdir_lock(const char *dir, char *err, size_t errsize)
{
	char path[4200];
	int fd;
	msgf(path, sizeof path, "%s/.lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		msgf(err, errsize, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		msgf(err, errsize, "%s: another bsweep is writing results there (%s)\n"
		     "hint: wait for it to finish, or choose another directory with -o",
		     dir, errno == EWOULDBLOCK ? "the directory is locked" : strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Is the output directory ours to write?  EXIT_OK (*replace set when
 * --force is to remove another config's results), or EXIT_USAGE with a
 * message. */
int outdir_claim(const char *dir, const struct config *c, int force,
		 int *replace, char *err, size_t errsize)
{
	char path[4200], why[600];
	*replace = 0;
	msgf(path, sizeof path, "%s/run.json", dir);
	switch (report_same_config(path, c, why, sizeof why)) {
	case 1:
		return EXIT_OK;
	case -1:
		msgf(err, errsize, "%s", why);
		return EXIT_RUNTIME;
	}
	if (!force) {
		msgf(err, errsize, "%s: holds the results of another sweep (%s); nothing was written\n"
		     "hint: choose another directory with -o, or pass --force to replace them",
		     dir, why);
		return EXIT_USAGE;
	}
	*replace = 1;
	return EXIT_OK;
}
