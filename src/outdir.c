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
#include <unistd.h>

#include "afile.h"
#include "json.h"
#include "util.h"

/* Remove temporary files a killed bsweep left in dir (".NAME.tmp-XXXXXX",
 * see afile.h); returns how many. */
static size_t remove_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	char path[4200];
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		const char *t = strstr(e->d_name, AFILE_TMP_MARK);
		if (e->d_name[0] == '.' && t && strlen(t) == strlen(AFILE_TMP_MARK) + 6) {
			msgf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (unlink(path) == 0)
				n++;
		}
	}
	closedir(d);
	return n;
}

size_t outdir_remove_temps(const char *dir)
{
	char path[4200];
	msgf(path, sizeof path, "%s/runs", dir);
	return remove_temps(dir) + remove_temps(path);
}

/* --force over another config's results: remove that sweep's files
 * (run.json, the combined CSVs and the per-run CSVs) so none is mixed in. */
void outdir_clear(const char *dir)
{
	static const char *const names[] = {"run.json", "epochs.csv", "summary.csv"};
	char path[4200];
	DIR *d;
	struct dirent *e;
	for (size_t i = 0; i < 3; i++) {
		msgf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	msgf(path, sizeof path, "%s/runs", dir);
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == 'b' && n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0) {
			msgf(path, sizeof path, "%s/runs/%s", dir, e->d_name);
			unlink(path);
		}
	}
	closedir(d);
}

/* One sweep at a time per directory: an exclusive flock on DIR/.lock,
 * held until the process (and its workers) exit. */
enum status outdir_open(const char *dir, int *fd, char *err, size_t errsize)
{
	char path[4200];
	enum status st;
	msgf(path, sizeof path, "%s/runs", dir);
	if ((st = make_dirs(path, err, errsize)) != ST_OK)
		return st;
	msgf(path, sizeof path, "%s/.lock", dir);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (*fd < 0) {
		msgf(err, errsize, "%s: cannot create: %s", path, strerror(errno));
		return ST_IO;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		msgf(err, errsize, "%s: another bsweep is writing results there (%s)\n"
		     "hint: wait for it to finish, or choose another directory with -o",
		     dir, errno == EWOULDBLOCK ? "the directory is locked" : strerror(errno));
		close(*fd);
		*fd = -1;
		return ST_IO;
	}
	return ST_OK;
}

/* Does the run.json at path describe results of this experiment?  1 when
 * it does or when there is no run.json; 0 when it holds another config
 * (or cannot be read as a bsweep run.json), with the reason in why; -1
 * when out of memory (message in why). */
static int same_experiment(const char *path, const struct config *c, char *why,
			   size_t whysize)
{
	char err[512], where[512] = "config", *text = NULL, *mine = NULL;
	cJSON *root = NULL, *ours = NULL;
	const cJSON *cfg, *da, *db;
	int same = 0;
	struct stat st;
	enum status s;
	/* nothing there (or a path that cannot hold it: the caller's mkdir
	 * reports that) */
	if (stat(path, &st) != 0)
		return 1;
	s = read_file(path, 16u << 20, &text, NULL, err, sizeof err);
	if (s != ST_OK) {
		msgf(why, whysize, "%s", err);
		return s == ST_NOMEM ? -1 : 0;
	}
	s = json_parse(text, &root, NULL);
	cfg = cJSON_GetObjectItemCaseSensitive(root, "config");
	if (s == ST_OK && cJSON_IsObject(cfg)) {
		mine = config_to_json(c);
		s = mine ? json_parse(mine, &ours, NULL) : ST_NOMEM;
	}
	if (s == ST_NOMEM) {
		msgf(why, whysize, "%s: out of memory", path);
		same = -1;
	} else if (s != ST_OK || !cJSON_IsObject(cfg)) {
		msgf(why, whysize, "%s is not a bsweep run.json", path);
	} else if (json_diff(ours, cfg, config_not_experiment, where, sizeof where, &da, &db)) {
		msgf(why, whysize, "%s records a different config", path);
	} else {
		same = 1;
	}
	free(mine);
	free(text);
	cJSON_Delete(ours);
	cJSON_Delete(root);
	return same;
}

/* Is the output directory ours to write? */
enum status outdir_claim(const char *dir, const struct config *c, int force,
			 int *replace, char *err, size_t errsize)
{
	char path[4200], why[600];
	*replace = 0;
	msgf(path, sizeof path, "%s/run.json", dir);
	switch (same_experiment(path, c, why, sizeof why)) {
	case 1:
		return ST_OK;
	case -1:
		msgf(err, errsize, "%s", why);
		return ST_NOMEM;
	}
	if (!force) {
		msgf(err, errsize, "%s: holds the results of another sweep (%s); nothing was written\n"
		     "hint: choose another directory with -o, or pass --force to replace them",
		     dir, why);
		return ST_INPUT;
	}
	*replace = 1;
	return ST_OK;
}
