/* afile.h: files replaced atomically.
 *
 * Every result file is written to a temporary file in the destination's
 * directory (".NAME.tmp-XXXXXX"), checked (fflush, fsync unless no_sync,
 * fclose) and renamed over the destination, so a reader never sees a
 * half-written file; unless no_sync, the file and then its directory are
 * fsynced, so the new file survives a power cut.  A destination that is a
 * symbolic link has its target replaced (created, for a dangling link),
 * the link kept; one that exists and is not a regular file (/dev/full, a
 * FIFO) is written in place.  outdir_remove_temps knows the temporary
 * names.
 */
#ifndef BSWEEP_AFILE_H
#define BSWEEP_AFILE_H

#include <limits.h>
#include <stdio.h>

#include "util.h"

/* The marker in a temporary file's name: ".NAME" AFILE_TMP_MARK "XXXXXX". */
#define AFILE_TMP_MARK ".tmp-"

struct atomic_file {
	FILE *f;                 /* write here between open and commit */
	char path[PATH_MAX];     /* final name */
	char tmp[PATH_MAX];      /* temporary name, same directory; "" when
				  * writing in place (not a regular file) */
	int no_sync;             /* set after afile_open to skip the fsync:
				  * the rename alone keeps the file whole if
				  * the process dies; fsync adds the power cut */
};

/* Create the temporary file (or open a device or FIFO).  ST_OK, or ST_IO
 * with a message naming the path. */
enum status afile_open(struct atomic_file *a, const char *path, char *err,
		       size_t errsize);

/* Flush, fsync, close and rename into place.  On any failure the temporary
 * file is removed, the destination is left as it was, and ST_IO is
 * returned with a message naming the path.  The struct is finished either
 * way. */
enum status afile_commit(struct atomic_file *a, char *err, size_t errsize);

/* Give up: close and remove the temporary file. */
void afile_abort(struct atomic_file *a);

#endif
