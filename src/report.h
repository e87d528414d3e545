/* report.h: what a finished sweep tells its user: the table on stdout and
 * run.json (resolved config, version, command line, UTC times, data hash,
 * machine fingerprint). */
#ifndef BSWEEP_REPORT_H
#define BSWEEP_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cJSON.h>

#include "config.h"
#include "fingerprint.h"
#include "runfile.h"
#include "scaling.h"
#include "table.h"
#include "util.h"

struct run_info {
	const struct config *cfg;
	const char *config_path;
	int argc;
	char **argv;
	char *const *sets;       /* the --set overrides as given (run.json's
				    "overrides", written when n_sets > 0) */
	size_t n_sets;
	time_t start, end;       /* wall-clock UTC; end 0 while running */
	uint64_t data_hash;      /* data_hash() of the dataset */
	const struct table *data_src; /* generator "csv": the files' hashes and
					 class names (run.json's "data_source"),
					 else NULL */
	int threads;             /* BLAS threads the library uses (it may cap -t) */
	int jobs;                /* processes training side by side (pool_workers);
				    each run's own in summary.csv */
	size_t resumed_runs;     /* runs kept from an earlier, interrupted sweep */
	double wall_seconds;     /* the sweep, from data generation to the last run */
	const struct scaling *scaling; /* with a target, once computed: run.json's
					  "analysis"; else NULL */
	struct fingerprint fp;
	/* where it ran (issue 13): run.json's "host" and "machine_id"; NULL:
	 * not written */
	const char *host, *machine_id;
	/* a shard's record (runs/shard-K-of-N.json): "shard": "K/N" and
	 * "runs_trained", the names of the runs this process trained; NULL
	 * and 0 otherwise */
	const char *shard;
	char *const *trained;
	size_t n_trained;
	/* bsweep merge: "machines", every host and machine id the runs ran
	 * on, "host (machine)"; 0: not written */
	char *const *machines;
	size_t n_machines;
};

/* The table of final results.  With one seed a line per run: batch
 * size, grid values, seed, steps per epoch, final train and validation
 * accuracy, median time (+- MAD when repeated), a note.  With seeds a
 * line per batch size and grid point (aggregate.h): the seeds, and the
 * mean +- std over those that did not diverge of the final accuracies
 * and the time.  Its column names are summary.csv's.  ST_OK, or
 * ST_NOMEM (nothing printed). */
enum status report_table(FILE *f, const struct config *c, const struct summary_row *r,
			 size_t n);

/* How `bsweep analyze` recomputed the target columns, for a target
 * other than the sweep's (report_rewrite_analysis). */
struct report_recomputed {
	int argc;                 /* its command line */
	char **argv;
	time_t when;              /* wall-clock UTC */
	size_t sweep_eval_every;  /* the sweep's analysis.eval_every */
};

/* Write at path the run.json old (parsed; not changed) with its
 * "analysis" replaced by that of target config c and fits sc (none when
 * sc is NULL: c has no target) and its "config" written again from
 * trained (the config the runs were trained with, as the sweep wrote it);
 * every other member as it was (machine, times, command line).  re: NULL
 * when the target columns are the sweep's own, so that the same analysis
 * gives the same bytes.  Atomic and fsynced.  ST_OK; ST_IO or ST_NOMEM
 * with a message. */
enum status report_rewrite_analysis(const char *path, const cJSON *old,
				    const struct config *trained, const struct config *c,
				    const struct scaling *sc, const struct report_recomputed *re,
				    char *err, size_t errsize);

/* Write run.json atomically at path.  ST_OK; ST_IO or ST_NOMEM with a
 * message. */
enum status report_write_run_json(const char *path, const struct run_info *info,
				  char *err, size_t errsize);

#endif
