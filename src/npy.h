/* npy.h: NumPy's .npy file format, version 1.0, for float32 arrays.
 *
 * A file is the magic "\x93NUMPY", the version bytes 1 and 0, the header's
 * length (uint16, little-endian), the header: the ASCII text of a Python
 * dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
 * padded with spaces and ended by '\n' so that the data starts at a
 * multiple of 64 bytes (numpy's ARRAY_ALIGN; the format's older rule, 16,
 * divides it), then the values, little-endian IEEE float32, C order.
 * The header is written byte for byte as numpy.save (1.24) writes it,
 * spaces for the shape's growth included (tests/test_npy.c compares with a
 * file numpy.save wrote).  Writes and checks bsweep's own files only: no
 * general reader of every .npy file (other dtypes, Fortran order,
 * version 2.0) is needed or offered.
 */
#ifndef BSWEEP_NPY_H
#define BSWEEP_NPY_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

#define NPY_MAX_DIMS 2
/* A header's longest length (magic and length field included) for up to
 * NPY_MAX_DIMS axes of 20 digits each (a size_t's most); a multiple of
 * 64. */
#define NPY_HEADER_MAX 192

/* The header of a float32 array of this shape (ndim 1 or 2), into buf
 * (NPY_HEADER_MAX bytes).  Returns its length (a multiple of 64), or 0
 * when ndim is out of range. */
size_t npy_header(unsigned char *buf, const size_t *shape, size_t ndim);

/* Write the array to f: its header, then the shape's product of values.
 * a holds them in C order; with transpose (ndim 2 only), a is instead
 * the (shape[1], shape[0]) matrix, row-major, whose transpose is written
 * (a weight W (out, in) as a Keras kernel (in, out)).  Errors stay in
 * f's error flag; ST_INPUT for a shape npy_header refuses. */
enum status npy_fwrite(FILE *f, const float *a, const size_t *shape, size_t ndim,
		       int transpose);

/* Is the file at path an array of this shape as npy_fwrite writes it:
 * that header exactly, then the values and nothing more?  1; 0 when it
 * does not exist; -1 when it is something else, with the reason in why. */
int npy_check(const char *path, const size_t *shape, size_t ndim, char *why,
	      size_t whysize);

/* Read the values of a file npy_check accepts into a (the shape's product
 * of floats, C order).  ST_OK; ST_INPUT or ST_IO with the reason in err. */
enum status npy_read(const char *path, float *a, const size_t *shape, size_t ndim,
		     char *err, size_t errsize);

#endif
