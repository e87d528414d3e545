/* weights.c: a model's weights as a folder of .npy files (weights.h). */
#define _POSIX_C_SOURCE 200809L
#include "weights.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "npy.h"

/* FOLDER/layer<i>_<kind>.npy */
static void file_path(char *buf, size_t size, const char *folder, size_t i, int bias)
{
	msgf(buf, size, "%s/layer%zu_%s.npy", folder, i, bias ? "bias" : "kernel");
}

/* The shapes of layer i of a network of widths w: kernel (in, out),
 * bias (out,). */
static void shapes(const size_t *w, size_t i, size_t kernel[2], size_t bias[1])
{
	kernel[0] = w[i];
	kernel[1] = w[i + 1];
	bias[0] = w[i + 1];
}

int weights_owns(const char *name)
{
	const char *p = name;
	if (strncmp(p, "layer", 5) != 0)
		return 0;
	p += 5;
	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return strcmp(p, "_kernel.npy") == 0 || strcmp(p, "_bias.npy") == 0;
}

int weights_remove(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char file[PATH_MAX + 64];
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)))
		if (weights_owns(e->d_name)) {
			msgf(file, sizeof file, "%s/%s", path, e->d_name);
			unlink(file);
		}
	closedir(d);
	return rmdir(path);
}

/* Write one array into folder, fsynced.  0, or -1 with the message. */
static int write_one(const char *path, const float *a, const size_t *shape, size_t ndim,
		     int transpose, char *err, size_t errsize)
{
	FILE *f = fopen(path, "wb");
	int bad;
	if (!f) {
		msgf(err, errsize, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	npy_fwrite(f, a, shape, ndim, transpose);
	bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
	if (bad)
		msgf(err, errsize, "%s: write error: %s", path, strerror(errno ? errno : EIO));
	if (fclose(f) != 0 && !bad) {
		msgf(err, errsize, "%s: write error: %s", path, strerror(errno));
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* fsync a directory (where directories cannot be synced, EINVAL, a no-op). */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;
	if (fd < 0)
		return -1;
	rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
	close(fd);
	return rc;
}

enum status weights_write(const char *path, const struct mlp *m, char *err, size_t errsize)
{
	char tmp[PATH_MAX], file[PATH_MAX + 64], parent[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int n;
	if (slash)
		n = snprintf(tmp, sizeof tmp, "%.*s/.%s" AFILE_TMP_MARK "XXXXXX",
			     (int)(slash - path), path, slash + 1);
	else
		n = snprintf(tmp, sizeof tmp, ".%s" AFILE_TMP_MARK "XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		msgf(err, errsize, "%s: path too long", path);
		return ST_IO;
	}
	if (!mkdtemp(tmp)) {
		msgf(err, errsize, "%s: cannot create a temporary folder: %s", path,
		     strerror(errno));
		return ST_IO;
	}
	/* mkdtemp makes 0700; results are ordinary folders (0777 & ~umask).
	 * The files go straight into it with fopen: nobody sees them before
	 * the rename, so they need no temporary names of their own. */
	{
		mode_t mask = umask(0);
		umask(mask);
		chmod(tmp, 0777 & ~mask);
	}
	for (size_t i = 0; i < m->L; i++) {
		size_t kernel[2], bias[1];
		shapes(m->width, i, kernel, bias);
		/* W_i is (out, in) row-major: written transposed, (in, out) */
		file_path(file, sizeof file, tmp, i, 0);
		if (write_one(file, m->W[i], kernel, 2, 1, err, errsize) != 0)
			goto fail;
		file_path(file, sizeof file, tmp, i, 1);
		if (write_one(file, m->b[i], bias, 1, 0, err, errsize) != 0)
			goto fail;
	}
	if (sync_dir(tmp) != 0) {
		msgf(err, errsize, "%s: cannot sync: %s", tmp, strerror(errno));
		goto fail;
	}
	/* a folder of an earlier run of this config: rename cannot replace
	 * a folder that is not empty */
	if (rename(tmp, path) != 0 &&
	    (!(errno == ENOTEMPTY || errno == EEXIST) || weights_remove(path) != 0 ||
	     rename(tmp, path) != 0)) {
		msgf(err, errsize, "%s: cannot replace it: %s%s", path, strerror(errno),
		     errno == ENOTEMPTY || errno == EEXIST ? " (it holds files that are not "
		     "bsweep's; move them away)" : "");
		goto fail;
	}
	msgf(parent, sizeof parent, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	sync_dir(parent);
	return ST_OK;
fail:
	weights_remove(tmp);
	return ST_IO;
}

/* The widths of config c's network into w (L + 1 of them); returns L. */
static size_t widths_of(const struct config *c, size_t *w)
{
	size_t L = c->n_hidden + 1;
	w[0] = c->n_features;
	for (size_t i = 0; i < c->n_hidden; i++)
		w[i + 1] = c->hidden[i];
	w[L] = c->centers;
	return L;
}

int weights_check(const char *path, const struct config *c, char *why, size_t whysize)
{
	size_t w[MLP_MAX_LAYERS + 1], L = widths_of(c, w);
	char file[PATH_MAX + 64];
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		msgf(why, whysize, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		msgf(why, whysize, "%s: not a folder", path);
		return -1;
	}
	for (size_t i = 0; i < L; i++) {
		size_t kernel[2], bias[1];
		shapes(w, i, kernel, bias);
		file_path(file, sizeof file, path, i, 0);
		if (npy_check(file, kernel, 2, why, whysize) != 1)
			goto missing;
		file_path(file, sizeof file, path, i, 1);
		if (npy_check(file, bias, 1, why, whysize) != 1)
			goto missing;
	}
	return 1;
missing:
	if (access(file, F_OK) != 0)
		msgf(why, whysize, "%s: missing", file);
	return -1;
}

enum status weights_read(const char *path, struct mlp *m, char *err, size_t errsize)
{
	char file[PATH_MAX + 64];
	enum status s;
	for (size_t i = 0; i < m->L; i++) {
		size_t kernel[2], bias[1], in = m->width[i], out = m->width[i + 1];
		float *k;
		shapes(m->width, i, kernel, bias);
		if (!(k = xmalloc(in * out * sizeof *k))) {
			msgf(err, errsize, "out of memory");
			return ST_NOMEM;
		}
		file_path(file, sizeof file, path, i, 0);
		s = npy_read(file, k, kernel, 2, err, errsize);
		/* kernel (in, out) back to W (out, in) */
		for (size_t a = 0; s == ST_OK && a < in; a++)
			for (size_t b = 0; b < out; b++)
				m->W[i][b * in + a] = k[a * out + b];
		free(k);
		file_path(file, sizeof file, path, i, 1);
		if (s != ST_OK || (s = npy_read(file, m->b[i], bias, 1, err, errsize)) != ST_OK)
			return s;
	}
	return ST_OK;
}
