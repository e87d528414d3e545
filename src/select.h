/* select.h: the best grid point per batch size (Shallue et al. 2019's
 * protocol: re-tune the learning rate, or any grid key, for each batch
 * size before comparing batch sizes).
 *
 * Each (batch size, grid point) is summarised over its seeds by medians
 * (points.csv).  Its score is the median over the seeds of the config's
 * sweep.select metric, higher is better (final_val_acc, best_val_acc; for
 * final_val_loss the score is minus the median loss, for steps_to_target
 * minus the median steps to target), where a diverged run, and for
 * steps_to_target a censored one, counts as the worst value (-inf): a point whose median run
 * diverged has score -inf and is never selected.  The selected point of
 * a batch size has the highest score; on a tie, the first point in
 * config order (the grid's values in the order written, the last axis
 * fastest).  A batch size whose every point has score -inf has no
 * selection (no row in best.csv).
 */
#ifndef BSWEEP_SELECT_H
#define BSWEEP_SELECT_H

#include <stddef.h>

#include "config.h"
#include "runfile.h"
#include "util.h"

/* Summarise rows (config_runs(c) of them, config order) into points
 * (n_batch_sizes x config_points rows, batch size major), marking each
 * batch size's selected point.  ST_OK or ST_NOMEM. */
enum status select_points(const struct config *c, const struct summary_row *rows,
			  struct point_row *points);

/* Bytes select_write allocates for config c (its points, the best ones,
 * the medians' scratch); 0 without a grid (it is not called). */
size_t select_bytes(const struct config *c);

/* Write DIR/points.csv and DIR/best.csv from rows.  *unselected is the
 * number of batch sizes with no selection (every point's median run
 * diverged), which "4, 8 and 3 more" in `which` (size bytes) lists.
 * ST_OK, ST_NOMEM, or ST_IO with a message naming the path. */
enum status select_write(const char *dir, const struct config *c,
			 const struct runfile_tables *rt, const struct summary_row *rows,
			 size_t *unselected, char *which, size_t size, char *err, size_t errsize);

#endif
