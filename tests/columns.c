/* columns.c: the column tables of bsweep's CSV files, for the shell
 * tests (which must not keep a copy of them).
 *
 *   columns epochs|summary|points|scaling|compare  the header line (without
 *                                     grid columns)
 *   columns noise                     the columns analysis.noise_scale
 *                                     appends to the epochs header
 *   columns eval_train                the columns epochs files end with
 *                                     under analysis.eval_train (before
 *                                     the noise columns)
 *   columns sharpness                 the column analysis.sharpness
 *                                     appends to the summary header
 *   columns aggregate                 aggregate.csv's header (without
 *                                     grid columns, with the target's)
 *   columns interpolation             interpolation.csv's header
 *   columns regions|validation        regions.csv's (without grid
 *                                     columns) and validation.csv's
 *   columns epochs|summary|points|scaling measured   the names of the measurement
 *                                     columns (times, rates, CPU, RSS,
 *                                     outliers), one per line
 *   columns epochs|summary|aggregate id  the names of the identifying
 *                                     columns (sweep, run), one per line
 */
#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "runfile.h"

int main(int argc, char **argv)
{
	const struct csv_table *t;
	unsigned flag;
	if (argc < 2 || argc > 3 ||
	    (argc == 3 && strcmp(argv[2], "measured") != 0 && strcmp(argv[2], "id") != 0)) {
		fputs("usage: columns epochs|summary|points|scaling|compare|noise|eval_train|sharpness|aggregate|interpolation|regions|validation [measured|id]\n", stderr);
		return 2;
	}
	t = strcmp(argv[1], "epochs") == 0 ? &runfile_epochs :
	    strcmp(argv[1], "summary") == 0 ? &runfile_summary :
	    strcmp(argv[1], "points") == 0 ? &runfile_points :
	    strcmp(argv[1], "scaling") == 0 ? &runfile_scaling :
	    strcmp(argv[1], "compare") == 0 ? &compare_csv :
	    strcmp(argv[1], "noise") == 0 ? &runfile_noise :
	    strcmp(argv[1], "eval_train") == 0 ? &runfile_eval_train :
	    strcmp(argv[1], "sharpness") == 0 ? &runfile_sharpness :
	    strcmp(argv[1], "interpolation") == 0 ? &runfile_interp :
	    strcmp(argv[1], "aggregate") == 0 ? &runfile_aggregate :
	    strcmp(argv[1], "regions") == 0 ? &runfile_regions :
	    strcmp(argv[1], "validation") == 0 ? &runfile_validation : NULL;
	if (!t) {
		fprintf(stderr, "columns: no table '%s'\n", argv[1]);
		return 2;
	}
	if (argc == 2) {
		csv_write_header(stdout, t);
	} else {
		flag = strcmp(argv[2], "id") == 0 ? RUNFILE_ID : CSV_MEASURED;
		for (size_t i = 0; i < t->n_cols; i++)
			if (t->cols[i].flags & flag)
				puts(t->cols[i].name);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
