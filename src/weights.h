/* weights.h: a model's weights as a folder of .npy files (npy.h):
 *
 *   FOLDER/layer<i>_kernel.npy   float32, shape (in_i, out_i): Keras'
 *                                kernel, the transpose of mlp.h's W_i
 *   FOLDER/layer<i>_bias.npy     float32, shape (out_i,)
 *
 * i = 0 for the first Dense layer, L - 1 for the output layer; nothing
 * else is in a folder bsweep writes.  A folder is written whole or not at
 * all: into a temporary folder beside it (".NAME.tmp-XXXXXX", afile.h's
 * mark), then renamed.  Knows the folder's contents; where folders go and
 * what they are named, runfile.c decides.
 */
#ifndef BSWEEP_WEIGHTS_H
#define BSWEEP_WEIGHTS_H

#include <stddef.h>

#include "config.h"
#include "mlp.h"
#include "util.h"

/* Write m's parameters as the folder at path, replacing a folder of
 * bsweep's there (weights_remove).  The files and the folder are fsynced
 * before the rename.  ST_OK; ST_IO with a message naming the path (the
 * temporary folder removed, whatever was at path left as it was). */
enum status weights_write(const char *path, const struct mlp *m, char *err, size_t errsize);

/* Is the folder at path whole: every layer file of config c's network
 * (data.n_features inputs, model.hidden, data.centers outputs), each of
 * its shape as npy_fwrite writes it?  1; 0 when there is no folder; -1
 * with the reason in why. */
int weights_check(const char *path, const struct config *c, char *why, size_t whysize);

/* Read the folder at path (weights_check must accept it for m's shapes)
 * into m's parameters.  ST_OK; ST_INPUT or ST_IO with a message. */
enum status weights_read(const char *path, struct mlp *m, char *err, size_t errsize);

/* Is name (no directory) one of the files a folder holds? */
int weights_owns(const char *name);

/* Remove the folder at path: its files that weights_owns, then the folder
 * when nothing else is left in it (a user's file keeps it).  Returns 0
 * when the folder is gone, -1 otherwise (errno set). */
int weights_remove(const char *path);

#endif
