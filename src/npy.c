/* npy.c: .npy files of float32 arrays (see npy.h). */
#define _POSIX_C_SOURCE 200809L
#include "npy.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* numpy.lib.format: the data's alignment, and the room left in the
 * header for the first axis to grow to this many digits (numpy >= 1.24
 * adds 21 - digits spaces; bsweep writes what numpy writes). */
#define NPY_ALIGN 64
#define NPY_GROWTH_DIGITS 21
#define NPY_MAGIC "\x93NUMPY"
#define NPY_PREFIX 10 /* magic 6, version 2, header length 2 */

size_t npy_header(unsigned char *buf, const size_t *shape, size_t ndim)
{
	char dict[NPY_HEADER_MAX], dims[64], first[24];
	size_t n, hlen, pad;
	int k;
	if (ndim < 1 || ndim > NPY_MAX_DIMS)
		return 0;
	/* Python's repr of a tuple: "(3,)", "(2, 3)" */
	if (ndim == 1)
		k = snprintf(dims, sizeof dims, "(%zu,)", shape[0]);
	else
		k = snprintf(dims, sizeof dims, "(%zu, %zu)", shape[0], shape[1]);
	if (k < 0 || (size_t)k >= sizeof dims)
		return 0;
	snprintf(first, sizeof first, "%zu", shape[0]);
	k = snprintf(dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }%*s",
		     dims, (int)(NPY_GROWTH_DIGITS - strlen(first)), "");
	if (k < 0 || (size_t)k >= sizeof dict)
		return 0;
	/* spaces then '\n' to the next multiple of NPY_ALIGN; numpy pads a
	 * whole NPY_ALIGN when the text ends on one, and so does this */
	hlen = (size_t)k + 1;
	pad = NPY_ALIGN - (NPY_PREFIX + hlen) % NPY_ALIGN;
	n = NPY_PREFIX + hlen + pad;
	if (n > NPY_HEADER_MAX)
		return 0;
	memcpy(buf, NPY_MAGIC, 6);
	buf[6] = 1;
	buf[7] = 0;
	buf[8] = (unsigned char)((hlen + pad) & 0xff);
	buf[9] = (unsigned char)((hlen + pad) >> 8);
	memcpy(buf + NPY_PREFIX, dict, (size_t)k);
	memset(buf + NPY_PREFIX + k, ' ', pad);
	buf[n - 1] = '\n';
	return n;
}

/* A float's four bytes, little-endian whatever the host's order. */
static void put_f32(FILE *f, float v)
{
	uint32_t u;
	memcpy(&u, &v, sizeof u);
	for (int i = 0; i < 4; i++)
		putc((int)((u >> (8 * i)) & 0xff), f);
}

enum status npy_fwrite(FILE *f, const float *a, const size_t *shape, size_t ndim,
		       int transpose)
{
	unsigned char h[NPY_HEADER_MAX];
	size_t n = npy_header(h, shape, ndim), rows, cols;
	if (!n || (transpose && ndim != 2))
		return ST_INPUT;
	fwrite(h, 1, n, f);
	rows = shape[0];
	cols = ndim == 2 ? shape[1] : 1;
	/* written (rows, cols) in C order; transposed, a is (cols, rows) */
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++)
			put_f32(f, transpose ? a[j * rows + i] : a[i * cols + j]);
	return ST_OK;
}

/* Open path and check its header against shape's; *count gets the
 * number of values.  NULL with why set (*missing when there is no file). */
static FILE *open_checked(const char *path, const size_t *shape, size_t ndim, size_t *count,
			  int *missing, char *why, size_t whysize)
{
	unsigned char want[NPY_HEADER_MAX], got[NPY_HEADER_MAX];
	size_t n = npy_header(want, shape, ndim), bytes;
	struct stat st;
	FILE *f;
	*missing = 0;
	*count = 1;
	for (size_t i = 0; i < ndim; i++)
		*count *= shape[i];
	if (!n) {
		msgf(why, whysize, "%s: a shape .npy cannot describe", path);
		return NULL;
	}
	if (!(f = fopen_read(path, 1))) {
		*missing = errno == ENOENT;
		msgf(why, whysize, "%s: %s", path, errno ? strerror(errno) : "not a regular file");
		return NULL;
	}
	if (fread(got, 1, n, f) != n || memcmp(got, want, n) != 0) {
		char dims[64];
		if (ndim == 1)
			msgf(dims, sizeof dims, "(%zu,)", shape[0]);
		else
			msgf(dims, sizeof dims, "(%zu, %zu)", shape[0], shape[1]);
		msgf(why, whysize, "%s: not a float32 .npy of shape %s as bsweep writes it",
		     path, dims);
		fclose(f);
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !size_mul(*count, 4, &bytes) ||
	    (unsigned long long)st.st_size != (unsigned long long)(n + bytes)) {
		msgf(why, whysize, "%s: %lld bytes, expected %zu (header %zu, %zu float32 values)",
		     path, (long long)st.st_size, n + *count * 4, n, *count);
		fclose(f);
		return NULL;
	}
	return f;
}

int npy_check(const char *path, const size_t *shape, size_t ndim, char *why,
	      size_t whysize)
{
	size_t count;
	int missing;
	FILE *f = open_checked(path, shape, ndim, &count, &missing, why, whysize);
	if (!f)
		return missing ? 0 : -1;
	fclose(f);
	return 1;
}

enum status npy_read(const char *path, float *a, const size_t *shape, size_t ndim,
		     char *err, size_t errsize)
{
	size_t count;
	int missing;
	unsigned char b[4];
	FILE *f = open_checked(path, shape, ndim, &count, &missing, err, errsize);
	if (!f)
		return missing ? ST_IO : ST_INPUT;
	for (size_t i = 0; i < count; i++) {
		uint32_t u;
		if (fread(b, 1, 4, f) != 4) {
			msgf(err, errsize, "%s: read error", path);
			fclose(f);
			return ST_IO;
		}
		u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		    (uint32_t)b[3] << 24;
		memcpy(&a[i], &u, sizeof u);
	}
	fclose(f);
	return ST_OK;
}
