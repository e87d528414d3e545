/* report.c: the end-of-sweep table and run.json.  run.json is built with
 * cJSON from the resolved config (config_to_json) and the fingerprint. */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "csv.h"
#include "util.h"

void report_table(FILE *f, const struct config *c, const struct run_result *r,
		  size_t n)
{
	fprintf(f, "%10s %10s %11s %9s %9s %9s  %s\n", "batch_size", "seed",
		"steps/epoch", "train_acc", "val_acc", "time_s", "note");
	for (size_t i = 0; i < n; i++) {
		const struct epoch_record *last = &r[i].epochs[r[i].n_epochs - 1];
		char note[96] = "";
		if (r[i].status == RUN_DIVERGED)
			msgf(note, sizeof note, "diverged at epoch %zu", r[i].n_epochs);
		else if (r[i].batch_size > c->n_train)
			msgf(note, sizeof note, "full batch: only %zu training rows",
			     c->n_train);
		fprintf(f, "%10zu %10lu %11zu %9.4f %9.4f %9.4f  %s\n",
			r[i].batch_size, (unsigned long)r[i].seed,
			r[i].steps_per_epoch, last->train_acc, last->val_acc,
			r[i].total_seconds, note);
	}
}

static void iso_time(char *buf, size_t size, time_t t)
{
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		msgf(buf, size, "unknown");
}

static cJSON *fingerprint_json(const struct fingerprint *fp, int threads)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "cpu", fp->cpu);
	cJSON_AddNumberToObject(o, "logical_cores", (double)fp->logical_cores);
	cJSON_AddStringToObject(o, "os", fp->os);
	cJSON_AddStringToObject(o, "kernel", fp->kernel);
	cJSON_AddStringToObject(o, "compiler", fp->compiler);
	cJSON_AddStringToObject(o, "cflags", fp->cflags);
	cJSON_AddBoolToObject(o, "native", fp->native);
	cJSON_AddStringToObject(o, "openblas", fp->openblas_config);
	cJSON_AddStringToObject(o, "openblas_core", fp->openblas_core);
	cJSON_AddStringToObject(o, "openblas_coretype_env", fp->openblas_coretype_env);
	cJSON_AddNumberToObject(o, "blas_threads", (double)threads);
	return o;
}

int report_write_run_json(const char *path, const struct run_info *info,
			  char *err, size_t errsize)
{
	struct atomic_file af;
	cJSON *root = cJSON_CreateObject(), *cmd, *cfg = NULL;
	char *cfg_text = config_to_json(info->cfg), *text = NULL, buf[64];
	int rc = -1;

	if (!root || !cfg_text)
		goto oom;
	cfg = cJSON_Parse(cfg_text);
	if (!cfg)
		goto oom;
	cJSON_AddStringToObject(root, "bsweep_version", info->fp.version);
	cJSON_AddStringToObject(root, "git", info->fp.git);
	cmd = cJSON_AddArrayToObject(root, "command_line");
	for (int i = 0; cmd && i < info->argc; i++)
		cJSON_AddItemToArray(cmd, cJSON_CreateString(info->argv[i]));
	cJSON_AddStringToObject(root, "config_file", info->config_path);
	iso_time(buf, sizeof buf, info->start);
	cJSON_AddStringToObject(root, "start_utc", buf);
	/* written once when the sweep starts (so the directory names its
	 * config from the first file on) and again when it completes */
	if (info->end) {
		iso_time(buf, sizeof buf, info->end);
		cJSON_AddStringToObject(root, "end_utc", buf);
	} else {
		cJSON_AddNullToObject(root, "end_utc");
	}
	cJSON_AddBoolToObject(root, "complete", info->end != 0);
	msgf(buf, sizeof buf, "fnv1a64:%016llx", (unsigned long long)info->data_hash);
	cJSON_AddStringToObject(root, "data_hash", buf);
	cJSON_AddItemToObject(root, "machine", fingerprint_json(&info->fp, info->threads));
	{
		/* the whole process so far: CPU time also shows an OpenBLAS
		 * worker spinning on another core */
		struct rusage ru;
		cJSON *res = cJSON_AddObjectToObject(root, "resources");
		cJSON_AddNumberToObject(res, "sweep_wall_seconds", info->wall_seconds);
		if (getrusage(RUSAGE_SELF, &ru) == 0) {
			cJSON_AddNumberToObject(res, "cpu_user_seconds",
				(double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6);
			cJSON_AddNumberToObject(res, "cpu_system_seconds",
				(double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6);
			cJSON_AddNumberToObject(res, "peak_rss_kib", (double)ru.ru_maxrss);
		}
	}
	cJSON_AddItemToObject(root, "config", cfg);
	cfg = NULL;
	text = cJSON_Print(root);
	if (!text)
		goto oom;
	if (afile_open(&af, path, err, errsize) != 0)
		goto out;
	fputs(text, af.f);
	fputc('\n', af.f);
	rc = afile_commit(&af, err, errsize);
	goto out;
oom:
	msgf(err, errsize, "%s: out of memory", path);
out:
	free(cfg_text);
	free(text);
	cJSON_Delete(cfg);
	cJSON_Delete(root);
	return rc;
}

int report_same_config(const char *path, const struct config *c, char *why,
		       size_t whysize)
{
	char err[512], *text, *mine = NULL, *theirs = NULL;
	cJSON *root;
	const cJSON *cfg;
	int same = 0;
	struct stat st;
	/* nothing there (or a path that cannot hold it: the caller's mkdir
	 * reports that) */
	if (stat(path, &st) != 0)
		return 1;
	text = read_file(path, 16u << 20, NULL, err, sizeof err);
	if (!text) {
		msgf(why, whysize, "%s", err);
		return 0;
	}
	root = cJSON_Parse(text);
	cfg = cJSON_GetObjectItemCaseSensitive(root, "config");
	if (!cJSON_IsObject(cfg)) {
		msgf(why, whysize, "%s is not a bsweep run.json", path);
	} else {
		mine = config_to_json(c);
		theirs = cJSON_Print(cfg);
		same = mine && theirs && strcmp(mine, theirs) == 0;
		if (!same)
			msgf(why, whysize, "%s records a different config", path);
	}
	free(mine);
	free(theirs);
	cJSON_Delete(root);
	free(text);
	return same;
}
