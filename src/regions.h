/* regions.h: the decision regions of each batch size's final model in the
 * plane of the data's two inputs: what the batch size did to the
 * classifier, at a glance (scripts/boundaries.gp draws them).
 *
 * With analysis.boundaries (which config.c accepts only with 2 features
 * and analysis.weights): after the sweep, from the runs' saved weights
 * (weights.h), for every batch size and grid point, the FIRST seed's run:
 * its predicted class (argmax of the softmax, the first of equals) and
 * that class's probability at the centre of every cell of a regular
 * REGIONS_CELLS x REGIONS_CELLS grid over the validation points' bounding
 * box, widened by REGIONS_MARGIN of its extent on every side (an axis
 * of zero extent: +-1 around the value).  The cells' centres are computed
 * in double and given to the model in float32; the CSV holds those
 * float32 values.  Forward only, bsweep's own float32 BLAS path
 * (mlp_forward), a grid row per call.
 *
 * Files: DIR/regions.csv (runfile_regions' columns, with the grid's
 * columns after batch_size), in config order of the batch sizes and grid
 * points, each map row by row (x1 outer, x0 inner, both ascending); and
 * DIR/validation.csv (runfile_validation's), the first REGIONS_MAX_POINTS
 * validation rows (x0, x1, label), so the figure needs neither Python nor
 * the dataset again.  Both replaced atomically; both removed, as stale,
 * by a sweep without analysis.boundaries. */
#ifndef BSWEEP_REGIONS_H
#define BSWEEP_REGIONS_H

#include <stddef.h>

#include "config.h"
#include "data.h"
#include "runfile.h"
#include "util.h"

#define REGIONS_CELLS 101         /* cells per axis */
#define REGIONS_MARGIN 0.05       /* of the bounding box's extent, each side */
#define REGIONS_MAX_POINTS 2000   /* validation rows in validation.csv */
#define REGIONS_FILE "regions.csv"
#define REGIONS_POINTS_FILE "validation.csv"

/* Does sweep c write DIR/regions.csv and DIR/validation.csv? */
int regions_wanted(const struct config *c);

/* Bytes regions_write allocates for sweep c (0 when not wanted): one model
 * for a grid row, the row's inputs and labels. */
size_t regions_bytes(const struct config *c);

/* Write DIR/regions.csv and DIR/validation.csv for sweep c over dataset ds
 * when regions_wanted; else remove stale ones of an earlier sweep.  ST_OK;
 * ST_NOMEM; ST_IO or ST_INPUT with a message naming the path. */
enum status regions_write(const char *dir, const struct config *c, const struct dataset *ds,
			  const struct runfile_tables *rt, char *err, size_t errsize);

#endif
