/* csv.h: result files: formatting of rows, and atomic replacement.
 *
 * Numbers are written in the shortest form that reads back to the same
 * double (at most 17 significant digits), always with '.' as the decimal
 * separator: bsweep never calls setlocale, so printf stays in the "C"
 * locale.  Non-finite values are written nan, inf, -inf.
 *
 * Every file is written to a temporary file in the destination's directory
 * (".NAME.tmp-XXXXXX"), checked (fflush, fsync unless no_sync, fclose) and renamed over
 * the destination, so a reader never sees a half-written file.  A
 * destination that is a symbolic link has its target replaced; one that
 * exists and is not a regular file (/dev/full, a FIFO) is written in place.
 */
#ifndef BSWEEP_CSV_H
#define BSWEEP_CSV_H

#include <limits.h>
#include <stdio.h>

#include "measure.h"
#include "train.h"

#define CSV_EPOCHS_HEADER \
	"batch_size,seed,epoch,steps,train_loss,train_acc,val_loss,val_acc," \
	"train_seconds,eval_seconds,epoch_seconds,elapsed_seconds"
#define CSV_SUMMARY_HEADER \
	"batch_size,seed,steps_per_epoch,epochs,final_train_loss,final_train_acc," \
	"final_val_loss,final_val_acc,best_val_acc,best_epoch,total_seconds," \
	"samples_per_second,status,repeats,total_seconds_min,total_seconds_max," \
	"total_seconds_mad,outliers,train_seconds,cpu_seconds,peak_rss_kib,memory_bytes"

/* Shortest round-trip text of v into buf (at least 32 bytes). */
void csv_format_double(char *buf, size_t size, double v);

/* One row per completed epoch of r (no header). */
void csv_write_epochs(FILE *f, const struct run_result *r);

/* The run's one summary row (no header): its curves from r, its timing
 * (medians over the repeats) and resources from st. */
void csv_write_summary(FILE *f, const struct run_result *r,
		       const struct run_stats *st);

/* "ok" or "diverged". */
const char *csv_status_name(enum run_status s);

struct atomic_file {
	FILE *f;                 /* write here between open and commit */
	char path[PATH_MAX];     /* final name */
	char tmp[PATH_MAX];      /* temporary name, same directory; "" when
				  * writing in place (not a regular file) */
	int no_sync;             /* set after afile_open to skip the fsync:
				  * the rename alone keeps the file whole if
				  * the process dies; fsync adds the power cut */
};

/* Create the temporary file (or open a device or FIFO).  Returns 0, or -1
 * with a message naming the path in err. */
int afile_open(struct atomic_file *a, const char *path, char *err, size_t errsize);

/* Flush, fsync, close and rename into place.  On any failure the temporary
 * file is removed, the destination is left as it was, and -1 is returned
 * with a message naming the path.  The struct is finished either way. */
int afile_commit(struct atomic_file *a, char *err, size_t errsize);

/* Give up: close and remove the temporary file. */
void afile_abort(struct atomic_file *a);

#endif
