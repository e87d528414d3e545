/* outdir.c: the output directory: lock, ownership, leftovers. */
#define _POSIX_C_SOURCE 200809L
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "afile.h"
#include "csv.h"
#include "json.h"
#include "runfile.h"
#include "util.h"
#include "weights.h"

/* Is name a temporary file's (or a weights folder's) name,
 * ".NAME" AFILE_TMP_MARK "XXXXXX" (afile.h)?  NAME into own (256 bytes). */
static int temp_of(const char *name, char *own)
{
	const char *t = strstr(name, AFILE_TMP_MARK);
	size_t n;
	if (name[0] != '.' || !t || strlen(t) != strlen(AFILE_TMP_MARK) + 6)
		return 0;
	n = (size_t)(t - name) - 1;
	if (n >= 256)
		return 0;
	memcpy(own, name + 1, n);
	own[n] = '\0';
	return 1;
}

/* Is e (in dir, or in its runs/ when in_runs) a temporary file of one of
 * bsweep's own files or weights folders? */
static int own_temp(const char *name, int in_runs)
{
	char own[256];
	return temp_of(name, own) && runfile_owns(own, in_runs);
}

/* Is name (in runs/) a weights folder's, or its temporary's? */
static int weights_name(const char *name)
{
	char own[256];
	return runfile_is_weights(name) || (temp_of(name, own) && runfile_is_weights(own));
}

/* Is the file at path a CSV of bsweep's: its first line the header of the
 * epochs or the summary table?  Proof enough that bsweep wrote it. */
static int own_csv(const char *path)
{
	struct csv_reader rd;
	char err[64];
	long n;
	int own = 0;
	if (csv_open(&rd, path, 64, NULL, err, sizeof err) != ST_OK)
		return 0;
	n = csv_next(&rd);
	own = n > 0 && runfile_own_header(rd.field, n);
	csv_close(&rd);
	return own;
}

/* Remove in dir (runs/ when in_runs) the files keep() says are bsweep's.
 * Returns how many. */
static size_t remove_own(const char *dir, int in_runs, int (*keep)(const char *dir,
			 const char *name, int in_runs))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	char path[4400];
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (!keep(dir, e->d_name, in_runs))
			continue;
		msgf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (unlink(path) == 0)
			n++;
		/* a weights folder: its own files, then it when that empties it */
		else if (in_runs && weights_name(e->d_name) && weights_remove(path) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static int is_own_temp(const char *dir, const char *name, int in_runs)
{
	(void)dir;
	return own_temp(name, in_runs);
}

/* An earlier sweep's own result: run.json, or a CSV by its name and its
 * header. */
static int is_own_result(const char *dir, const char *name, int in_runs)
{
	char path[4400];
	if (!runfile_owns(name, in_runs))
		return 0;
	size_t k, n;
	if (strcmp(name, RUNFILE_RUN_JSON) == 0 || (in_runs && runfile_is_shard_record(name, &k, &n)))
		return 1;
	msgf(path, sizeof path, "%s/%s", dir, name);
	/* a weights folder is known by its name; only its own files go */
	if (in_runs && runfile_is_weights(name)) {
		struct stat st;
		return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
	}
	return own_csv(path);
}

/* Is name a staging folder's (".analysis.tmp-XXXXXX")? */
static int is_stage(const char *name)
{
	char own[256];
	return temp_of(name, own) && strcmp(own, OUTDIR_STAGE) == 0;
}

/* Remove the staging folders a killed `bsweep analyze` left in dir. */
static size_t remove_stages(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	char path[4400];
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (is_stage(e->d_name)) {
			msgf(path, sizeof path, "%s/%s", dir, e->d_name);
			outdir_drop_stage(path);
			n++;
		}
	closedir(d);
	return n;
}

size_t outdir_remove_temps(const char *dir)
{
	char path[4200];
	msgf(path, sizeof path, "%s/runs", dir);
	return remove_own(dir, 0, is_own_temp) + remove_own(path, 1, is_own_temp) +
		remove_stages(dir);
}

enum status outdir_stage(const char *dir, char *buf, size_t size, char *err, size_t errsize)
{
	mode_t mask;
	msgf(buf, size, "%s/.%s" AFILE_TMP_MARK "XXXXXX", dir, OUTDIR_STAGE);
	if (!mkdtemp(buf)) {
		msgf(err, errsize, "%s: cannot create a temporary folder there: %s", dir,
		     strerror(errno));
		return ST_IO;
	}
	/* mkdtemp makes 0700; the files in it are ordinary files already */
	mask = umask(0);
	umask(mask);
	chmod(buf, 0777 & ~mask);
	return ST_OK;
}

/* Is name (in a staging folder) one of its files or their temporaries? */
static int stage_own(const char *dir, const char *name, int in_runs)
{
	(void)dir;
	(void)in_runs;
	return runfile_owns(name, 0) || own_temp(name, 0);
}

void outdir_drop_stage(const char *stage)
{
	remove_own(stage, 0, stage_own);
	rmdir(stage);
}

/* Move stage/name over dir/name, if it is there.  0, or -1 with a
 * message. */
static int move_one(const char *stage, const char *dir, const char *name, char *err,
		    size_t errsize)
{
	char from[4400], to[4400];
	msgf(from, sizeof from, "%s/%s", stage, name);
	msgf(to, sizeof to, "%s/%s", dir, name);
	if (rename(from, to) == 0 || errno == ENOENT)
		return 0;
	msgf(err, errsize, "%s: cannot replace it: %s", to, strerror(errno));
	return -1;
}

enum status outdir_commit_stage(const char *dir, const char *stage, char *err, size_t errsize)
{
	DIR *d = opendir(stage);
	struct dirent *e;
	int fd, failed = 0;
	if (!d) {
		msgf(err, errsize, "%s: %s", stage, strerror(errno));
		return ST_IO;
	}
	while (!failed && (e = readdir(d)))
		if (runfile_owns(e->d_name, 0) && strcmp(e->d_name, RUNFILE_RUN_JSON) != 0)
			failed = move_one(stage, dir, e->d_name, err, errsize);
	closedir(d);
	/* run.json last: it names the analysis the other files hold */
	if (failed || move_one(stage, dir, RUNFILE_RUN_JSON, err, errsize) != 0)
		return ST_IO;
	/* the renames survive a power cut */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fsync(fd) != 0 && errno != EINVAL)
			failed = 1;
		close(fd);
	}
	if (failed) {
		msgf(err, errsize, "%s: cannot sync the directory: %s", dir, strerror(errno));
		return ST_IO;
	}
	outdir_drop_stage(stage);
	return ST_OK;
}

void outdir_clear(const char *dir)
{
	char path[4200];
	msgf(path, sizeof path, "%s/runs", dir);
	remove_own(dir, 0, is_own_result);
	remove_own(path, 1, is_own_result);
}

static int is_figure_temp(const char *dir, const char *name, int in_runs)
{
	(void)dir;
	(void)in_runs;
	return runfile_is_figure_temp(name);
}

void outdir_remove_figures(const char *dir)
{
	char path[4200], line[256];
	FILE *f;
	remove_own(dir, 0, is_figure_temp);
	msgf(path, sizeof path, "%s/%s", dir, RUNFILE_FIGURES);
	/* nothing, or not plots.sh's (a FIFO, a directory): nothing to do */
	if (!(f = fopen_read(path, 1)))
		return;
	while (fgets(line, sizeof line, f)) {
		char fig[4400];
		line[strcspn(line, "\r\n")] = '\0';
		if (!runfile_is_figure(line))
			continue;
		msgf(fig, sizeof fig, "%s/%s", dir, line);
		unlink(fig);
	}
	fclose(f);
	unlink(path);
}

/* How long a shard waits for the lock while another process holds it
 * alone: another shard's claim takes milliseconds, a sweep's whole run
 * much longer. */
#define CLAIM_WAIT_SECONDS 10.0

/* The message of a lock not taken (how), from errno. */
static void busy(char *err, size_t errsize, const char *dir, enum outdir_lock how)
{
	if (errno != EWOULDBLOCK) {
		msgf(err, errsize, "%s: cannot lock %s/.lock: %s\n"
		     "hint: the file system gives no locks (NFS without its lock daemon?); "
		     "shards (--shard) go without, or choose another directory with -o",
		     dir, dir, strerror(errno));
		return;
	}
	msgf(err, errsize, "%s: another bsweep is writing results there (the directory is "
	     "locked)\n%s", dir,
	     how == OUTDIR_MERGING ? "hint: merge once the sweep or its shards are done" :
	     how == OUTDIR_CLAIM ? "hint: it was held alone for 10 s (a sweep, not another "
				   "shard's claim): wait for it to finish, or choose another "
				   "directory with -o" :
	     "hint: wait for it to finish, or choose another directory with -o");
}

/* flock(fd, first | LOCK_NB), else second (0: none), tried again every
 * 10 ms for up to CLAIM_WAIT_SECONDS while another process holds the
 * lock: 0, or -1 with errno. */
static int take(int fd, int first, int second)
{
	double end = clock_seconds() + CLAIM_WAIT_SECONDS;
	for (;;) {
		if (flock(fd, first | LOCK_NB) == 0 || (second && flock(fd, second | LOCK_NB) == 0))
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (clock_seconds() >= end) {
			errno = EWOULDBLOCK;
			return -1;
		}
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
}

/* An flock on DIR/.lock, held until the process (and its workers) exit:
 * exclusive for a sweep, analyze or merge; a shard claims it (see
 * outdir.h).  A shard or merge goes on without one where the file system
 * has no locks (NFS without its lock daemon); merge creates nothing (no
 * DIR/.lock: no shard holds it). */
enum status outdir_open(const char *dir, int *fd, enum outdir_lock how, char *err,
			size_t errsize)
{
	char path[4200];
	enum status st;
	int e, locked;
	msgf(path, sizeof path, "%s/runs", dir);
	if (how != OUTDIR_MERGING && (st = make_dirs(path, err, errsize)) != ST_OK)
		return st;
	msgf(path, sizeof path, "%s/.lock", dir);
	*fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK | (how != OUTDIR_MERGING ? O_CREAT : 0),
		   0666);
	e = errno;
	/* another user's lock file (a shared directory): flock needs no
	 * write access to it (O_NONBLOCK: a FIFO there is not waited on) */
	if (*fd < 0 && (e == EACCES || e == EROFS)) {
		*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (*fd < 0 && errno == ENOENT)
			errno = e; /* the file cannot be made: say why */
		e = errno;
	}
	if (*fd < 0 && how == OUTDIR_MERGING && (e == ENOENT || e == ENOTDIR))
		return ST_OK; /* no shard has locked it (merge says what DIR is) */
	if (*fd < 0) {
		msgf(err, errsize, "%s: cannot %s: %s", path,
		     how != OUTDIR_MERGING ? "create" : "open", strerror(e));
		return ST_IO;
	}
	/* a shard: alone when it can, else beside shards that have claimed */
	locked = how == OUTDIR_CLAIM ? take(*fd, LOCK_EX, LOCK_SH) : flock(*fd, LOCK_EX | LOCK_NB);
	if (locked == 0)
		return ST_OK;
	if (how != OUTDIR_EXCLUSIVE && errno != EWOULDBLOCK) {
		close(*fd);
		*fd = -1;
		return ST_OK;
	}
	busy(err, errsize, dir, how);
	close(*fd);
	*fd = -1;
	return ST_IO;
}

enum status outdir_relock(const char *dir, int fd, enum outdir_lock how, char *err,
			  size_t errsize)
{
	/* shared again: flock converts by unlocking first, so another claim
	 * may slip in between, for milliseconds */
	if (fd < 0 || (how == OUTDIR_CLAIM ? take(fd, LOCK_SH, 0) : flock(fd, LOCK_EX | LOCK_NB)) == 0)
		return ST_OK;
	busy(err, errsize, dir, how);
	return ST_IO;
}

/* Append to buf (size bytes) ", KEY" for up to 3 keys other than first
 * at which the configs ours and theirs differ: one per key of a section
 * ("config.train.epochs"; a top-level key that is no object in both:
 * "config.seed"), document order, config_not_experiment skipped. */
static void other_diffs(char *buf, size_t size, const cJSON *ours, const cJSON *theirs,
			const char *first)
{
	const cJSON *top[2] = {ours, theirs}, *k, *j, *da, *db;
	size_t n = 0;
	for (int t = 0; t < 2; t++)
		cJSON_ArrayForEach(k, top[t]) {
			const cJSON *a, *b, *sec[2];
			int skip = 0;
			char where[512];
			for (size_t i = 0; config_not_experiment[i]; i++)
				skip |= strcmp(k->string, config_not_experiment[i]) == 0;
			/* the second pass: keys only theirs has */
			if (skip || (t == 1 && cJSON_GetObjectItemCaseSensitive(ours, k->string)))
				continue;
			a = cJSON_GetObjectItemCaseSensitive(ours, k->string);
			b = cJSON_GetObjectItemCaseSensitive(theirs, k->string);
			if (!cJSON_IsObject(a) || !cJSON_IsObject(b)) {
				msgf(where, sizeof where, "config.%s", k->string);
				if (json_diff(a, b, NULL, where, sizeof where, &da, &db) &&
				    strcmp(where, first) != 0 && n++ < 3)
					msgf(buf + strlen(buf), size - strlen(buf), ", %s", where);
				continue;
			}
			sec[0] = a;
			sec[1] = b;
			for (int u = 0; u < 2; u++)
				cJSON_ArrayForEach(j, sec[u]) {
					if (u == 1 && cJSON_GetObjectItemCaseSensitive(a, j->string))
						continue;
					msgf(where, sizeof where, "config.%s.%s", k->string, j->string);
					if (json_diff(cJSON_GetObjectItemCaseSensitive(a, j->string),
						      cJSON_GetObjectItemCaseSensitive(b, j->string), NULL,
						      where, sizeof where, &da, &db) &&
					    strcmp(where, first) != 0 && n++ < 3)
						msgf(buf + strlen(buf), size - strlen(buf), ", %s", where);
				}
		}
	if (n > 3)
		msgf(buf + strlen(buf), size - strlen(buf), " and %zu more", n - 3);
}

/* Does the run.json at path describe results of this experiment?  1 when
 * it does or when there is no run.json; 0 when it holds another config
 * (or cannot be read as a bsweep run.json), with the reason in why and
 * its config's name (or "?") in name (size namesize); -1 when out of
 * memory (message in why). */
static int same_experiment(const char *path, const struct config *c, char *why,
			   size_t whysize, char *name, size_t namesize)
{
	char err[MSG_MAX], where[512] = "config", *text = NULL, *mine = NULL, *was = NULL;
	cJSON *root = NULL, *ours = NULL, *theirs = NULL;
	const cJSON *cfg, *da, *db;
	int same = 0;
	struct stat st;
	enum status s;
	/* nothing there (or a path that cannot hold it: the caller's mkdir
	 * reports that) */
	if (stat(path, &st) != 0)
		return 1;
	if (!S_ISREG(st.st_mode)) {
		msgf(why, whysize, "%s is not a regular file", path);
		return 0;
	}
	s = read_file(path, 16u << 20, &text, NULL, err, sizeof err);
	if (s != ST_OK) {
		msgf(why, whysize, "%s", err);
		return s == ST_NOMEM ? -1 : 0;
	}
	s = json_parse(text, &root, NULL);
	cfg = cJSON_GetObjectItemCaseSensitive(root, "config");
	msgf(name, namesize, "?");
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(cfg, "name")))
		fmt_text(name, namesize, cJSON_GetObjectItemCaseSensitive(cfg, "name")->valuestring,
			 strlen(cJSON_GetObjectItemCaseSensitive(cfg, "name")->valuestring), 60, 1);
	if (s == ST_OK && cJSON_IsObject(cfg)) {
		mine = config_to_json(c);
		s = mine ? json_parse(mine, &ours, NULL) : ST_NOMEM;
	}
	/* its config as this bsweep resolves it: a run.json written before
	 * a key existed (an interrupted sweep of the previous version) has
	 * the key's default, as the results do; one that does not load now
	 * is compared as it is (and differs) */
	if (s == ST_OK && cJSON_IsObject(cfg)) {
		char *was_text = json_print_exact(cfg);
		if (!was_text)
			s = ST_NOMEM;
		else if (config_resolve(path, was_text, strlen(was_text), &was, err,
					sizeof err) == ST_NOMEM)
			s = ST_NOMEM;
		else if (was && json_parse(was, &theirs, NULL) == ST_NOMEM)
			s = ST_NOMEM;
		free(was_text);
		if (theirs)
			cfg = theirs;
	}
	if (s == ST_NOMEM) {
		msgf(why, whysize, "%s: out of memory", path);
		same = -1;
	} else if (s != ST_OK || !cJSON_IsObject(cfg)) {
		msgf(why, whysize, "%s is not a bsweep run.json", path);
	} else if (json_diff(ours, cfg, config_not_experiment, where, sizeof where, &da, &db)) {
		/* which value differs: after an edit, that is the question */
		char va[128], vb[128];
		if (json_value_text(va, sizeof va, db) != ST_OK ||
		    json_value_text(vb, sizeof vb, da) != ST_OK) {
			msgf(why, whysize, "%s: out of memory", path);
			same = -1;
		} else {
			char more[256] = "";
			other_diffs(more, sizeof more, ours, cfg, where);
			msgf(why, whysize, "%s records a different config: %s is %s there, %s in this one%s%s",
			     path, where, va, vb, more[0] ? "; other keys that differ: " : "",
			     more[0] ? more + 2 : "");
		}
	} else {
		same = 1;
	}
	free(mine);
	free(was);
	free(text);
	cJSON_Delete(ours);
	cJSON_Delete(theirs);
	cJSON_Delete(root);
	return same;
}

static int is_own_run(const char *dir, const char *name, int in_runs)
{
	(void)dir;
	return runfile_owns(name, in_runs);
}

/* Does DIR/runs hold files named as bsweep names a run's? */
static int has_runs(const char *dir)
{
	char path[4200];
	DIR *d;
	struct dirent *e;
	int found = 0;
	msgf(path, sizeof path, "%s/runs", dir);
	if (!(d = opendir(path)))
		return 0;
	while (!found && (e = readdir(d)))
		found = is_own_run(path, e->d_name, 1);
	closedir(d);
	return found;
}

/* How many finished runs DIR/runs holds of whatever config: files named
 * as a run's summary file (written the moment a run ends). */
static size_t count_summaries(const char *dir)
{
	char path[4200];
	DIR *d;
	struct dirent *e;
	size_t n = 0, len, k = strlen(".summary.csv");
	msgf(path, sizeof path, "%s/runs", dir);
	if (!(d = opendir(path)))
		return 0;
	while ((e = readdir(d)))
		if (runfile_owns(e->d_name, 1) && (len = strlen(e->d_name)) > k &&
		    strcmp(e->d_name + len - k, ".summary.csv") == 0)
			n++;
	closedir(d);
	return n;
}

/* The runs of c (of mine) that have finished in dir.  -1 when out of
 * memory. */
static int count_finished(const char *dir, const struct config *c, const unsigned char *mine,
			  size_t *runs, size_t *finished)
{
	struct runfile_tables rt;
	char why[MSG_MAX];
	*runs = *finished = 0;
	if (runfile_tables_init(&rt, c) != ST_OK)
		return -1;
	for (size_t k = 0; k < config_runs(c); k++) {
		if (mine && !mine[k])
			continue;
		(*runs)++;
		/* files that fail a check are not finished: trained again */
		switch (runfile_finished(dir, c, &rt, config_run(c, k), why, sizeof why)) {
		case 1:
			(*finished)++;
			break;
		case -2:
			runfile_tables_free(&rt);
			return -1;
		}
	}
	runfile_tables_free(&rt);
	return 0;
}

/* The way out of a refusal: this config's own name (or directory) first;
 * --force last, saying what it deletes. */
static void refusal_hint(char *buf, size_t size, const struct outdir_plan *pl,
			 const struct config *c, const char *config_path, int dir_given,
			 const char *dir)
{
	if (dir_given)
		msgf(buf, size, "hint: choose another directory with -o DIR");
	else
		msgf(buf, size, "hint: give this config a name of its own: change \"name\" "
		     "(now \"%s\") in %s, or choose another directory with -o DIR", c->name,
		     config_path);
	msgf(buf + strlen(buf), size - strlen(buf), "; --force would delete the %zu finished "
	     "run%s of \"%s\" in %s/ and train this config there", pl->other_runs,
	     pl->other_runs == 1 ? "" : "s", pl->other_name, dir);
}

enum status outdir_plan(const char *dir, const struct config *c, const char *config_path,
			int dir_given, int force, int resume, const unsigned char *mine,
			struct outdir_plan *pl, char *err, size_t errsize)
{
	char path[4200], why[MSG_MAX], hint[MSG_MAX];
	struct stat st;
	memset(pl, 0, sizeof *pl);
	pl->force = force;
	pl->resume = resume;
	msgf(path, sizeof path, "%s/%s", dir, RUNFILE_RUN_JSON);
	if (stat(path, &st) != 0 && errno == ENOENT) {
		if (!has_runs(dir)) {
			/* nothing of a sweep's: its runs, none finished (no file
			 * looked for: 100 000 runs of a grid cost a dry run 0.4 s) */
			for (size_t k = 0; k < config_runs(c); k++)
				pl->runs += !mine || mine[k];
			pl->state = OUTDIR_NEW;
			return ST_OK;
		}
		pl->no_run_json = 1;
		if (resume) {
			pl->state = OUTDIR_SAME;
			msgf(err, errsize, "%s: cannot resume: it holds runs but no run.json to say "
			     "which config they belong to; nothing was written\n"
			     "hint: run without --resume to train every run again, or choose another "
			     "directory with -o", dir);
			return ST_INPUT;
		}
	}
	switch (same_experiment(path, c, why, sizeof why, pl->other_name, sizeof pl->other_name)) {
	case 1:
		pl->state = OUTDIR_SAME;
		if (count_finished(dir, c, mine, &pl->runs, &pl->finished) != 0)
			goto nomem;
		return ST_OK;
	case -1:
		msgf(err, errsize, "%s", why);
		return ST_NOMEM;
	}
	pl->state = OUTDIR_OTHER;
	pl->other_runs = count_summaries(dir);
	pl->runs = config_runs(c);
	if (mine)
		for (size_t k = 0; k < config_runs(c); k++)
			pl->runs -= !mine[k];
	if (force)
		return ST_OK;
	refusal_hint(hint, sizeof hint, pl, c, config_path, dir_given, dir);
	msgf(err, errsize, "%s: holds the results of another sweep (%s); nothing was written\n%s",
	     dir, why, hint);
	return ST_INPUT;
nomem:
	msgf(err, errsize, "out of memory");
	return ST_NOMEM;
}

void outdir_plan_text(char *buf, size_t size, const struct outdir_plan *pl,
		      const char *config_path, int dir_given)
{
	size_t k = pl->finished, n = pl->runs;
	switch (pl->state) {
	case OUTDIR_NEW:
		msgf(buf, size, "new: all %zu run%s will be trained", n, n == 1 ? "" : "s");
		return;
	case OUTDIR_OTHER:
		if (pl->force)
			msgf(buf, size, "exists: results of another config, name \"%s\"; --force "
			     "deletes its %zu finished run%s, then all %zu run%s of this one are trained",
			     pl->other_name, pl->other_runs, pl->other_runs == 1 ? "" : "s", n,
			     n == 1 ? "" : "s");
		else if (dir_given)
			msgf(buf, size, "exists: results of another config, name \"%s\"; a real run is "
			     "refused: choose another directory with -o DIR, or --force to replace them",
			     pl->other_name);
		else
			msgf(buf, size, "exists: results of another config, name \"%s\"; a real run is "
			     "refused: change \"name\" in %s, or give -o DIR, or --force to replace them",
			     pl->other_name, config_path);
		return;
	case OUTDIR_SAME:
		break;
	}
	if (pl->no_run_json && pl->resume)
		msgf(buf, size, "exists: run files but no run.json; a real run with --resume is "
		     "refused: run without --resume to train every run again");
	else if (pl->resume)
		msgf(buf, size, "exists: this config's results; resuming: keeping %zu finished run%s, "
		     "training %zu", k, k == 1 ? "" : "s", n - k);
	else if (k)
		msgf(buf, size, "exists: this config's results, %zu of %zu runs finished; all %zu "
		     "will be trained again (--resume keeps them)", k, n, n);
	else
		msgf(buf, size, "exists: %s, no run finished; all %zu run%s will be trained",
		     pl->no_run_json ? "run files but no run.json" : "this config's results", n,
		     n == 1 ? "" : "s");
}
