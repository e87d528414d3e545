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

void report_table(FILE *f, const struct config *c, const struct table_row *r,
		  size_t n)
{
	fprintf(f, "%10s %10s %11s %9s %9s %9s  %s\n", "batch_size", "seed",
		"steps/epoch", "train_acc", "val_acc", "time_s", "note");
	for (size_t i = 0; i < n; i++) {
		char note[96] = "";
		if (strcmp(r[i].status, "ok") != 0)
			msgf(note, sizeof note, "%s at epoch %zu", r[i].status, r[i].epochs);
		else if (r[i].batch_size > c->n_train)
			msgf(note, sizeof note, "full batch: only %zu training rows",
			     c->n_train);
		if (c->repeats > 1)
			msgf(note + strlen(note), sizeof note - strlen(note), "%smedian of %zu, MAD %.1f%%",
			     note[0] ? "; " : "", c->repeats,
			     r[i].seconds > 0.0 ? 100.0 * r[i].mad / r[i].seconds : 0.0);
		fprintf(f, "%10zu %10lu %11zu %9.4f %9.4f %9.4f  %s\n",
			r[i].batch_size, (unsigned long)r[i].seed,
			r[i].steps_per_epoch, r[i].train_acc, r[i].val_acc,
			r[i].seconds, note);
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
	/* cJSON's adders fail quietly when out of memory: count the failed
	 * allocations instead of checking each */
	size_t failures = xalloc_failures();
	cJSON *root = cJSON_CreateObject(), *cmd, *machine;
	char *cfg_text = config_to_json(info->cfg), *text = NULL, buf[64];
	int rc = -1;

	if (!root || !cfg_text)
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
	machine = fingerprint_json(&info->fp, info->threads);
	if (!cJSON_AddItemToObject(root, "machine", machine)) {
		cJSON_Delete(machine);
		goto oom;
	}
	{
		/* how the runs were executed: times taken with runs side by
		 * side compete for cores and memory bandwidth */
		cJSON *ex = cJSON_AddObjectToObject(root, "execution");
		size_t runs = info->cfg->n_batch_sizes * info->cfg->n_seeds;
		cJSON_AddNumberToObject(ex, "jobs", (double)info->jobs);
		cJSON_AddNumberToObject(ex, "blas_threads", (double)info->threads);
		cJSON_AddBoolToObject(ex, "side_by_side", info->jobs > 1 && runs > 1);
		cJSON_AddNumberToObject(ex, "resumed_runs", (double)info->resumed_runs);
	}
	{
		/* the whole process so far, every thread (OpenBLAS's with
		 * -t > 1), and its finished worker processes (-j) */
		struct rusage me, kids;
		cJSON *res = cJSON_AddObjectToObject(root, "resources");
		cJSON_AddNumberToObject(res, "sweep_wall_seconds", info->wall_seconds);
		if (getrusage(RUSAGE_SELF, &me) == 0 && getrusage(RUSAGE_CHILDREN, &kids) == 0) {
			cJSON_AddNumberToObject(res, "cpu_user_seconds",
				(double)(me.ru_utime.tv_sec + kids.ru_utime.tv_sec) +
				(double)(me.ru_utime.tv_usec + kids.ru_utime.tv_usec) * 1e-6);
			cJSON_AddNumberToObject(res, "cpu_system_seconds",
				(double)(me.ru_stime.tv_sec + kids.ru_stime.tv_sec) +
				(double)(me.ru_stime.tv_usec + kids.ru_stime.tv_usec) * 1e-6);
			/* the largest process: the workers add up only if
			 * they peak at the same moment */
			cJSON_AddNumberToObject(res, "peak_rss_kib",
				(double)(me.ru_maxrss > kids.ru_maxrss ? me.ru_maxrss : kids.ru_maxrss));
		}
	}
	/* config_to_json's text as it is: it writes every double so that it
	 * reads back exactly, which cJSON's own printing does not */
	cJSON_AddRawToObject(root, "config", cfg_text);
	if (xalloc_failures() != failures)
		goto oom;
	text = cJSON_Print(root);
	if (!text)
		goto oom;
	if (afile_open(&af, path, err, errsize) != 0)
		goto out;
	/* only the final run.json must survive a power cut */
	af.no_sync = info->end == 0;
	fputs(text, af.f);
	fputc('\n', af.f);
	rc = afile_commit(&af, err, errsize);
	goto out;
oom:
	msgf(err, errsize, "%s: out of memory", path);
out:
	free(cfg_text);
	free(text);
	cJSON_Delete(root);
	return rc;
}

int report_same_config(const char *path, const struct config *c, char *why,
		       size_t whysize)
{
	char err[512], *text, *mine = NULL;
	cJSON *root, *cfg;
	int same = 0;
	size_t failures;
	struct stat st;
	/* nothing there (or a path that cannot hold it: the caller's mkdir
	 * reports that) */
	if (stat(path, &st) != 0)
		return 1;
	failures = xalloc_failures();
	text = read_file(path, 16u << 20, NULL, err, sizeof err);
	if (!text) {
		msgf(why, whysize, "%s", err);
		return xalloc_failures() != failures ? -1 : 0;
	}
	root = cJSON_Parse(text);
	cfg = cJSON_GetObjectItemCaseSensitive(root, "config");
	if (xalloc_failures() != failures) {
		msgf(why, whysize, "%s: out of memory", path);
		same = -1;
	} else if (!cJSON_IsObject(cfg)) {
		msgf(why, whysize, "%s is not a bsweep run.json", path);
	} else {
		cJSON *ours = NULL;
		mine = config_to_json(c);
		ours = mine ? cJSON_Parse(mine) : NULL;
		if (ours) {
			cJSON_DeleteItemFromObjectCaseSensitive(ours, "name");
			cJSON_DeleteItemFromObjectCaseSensitive(ours, "timing");
			cJSON_DeleteItemFromObjectCaseSensitive(cfg, "name");
			cJSON_DeleteItemFromObjectCaseSensitive(cfg, "timing");
			same = cJSON_Compare(ours, cfg, 1);
		}
		if (!ours) {
			msgf(why, whysize, "%s: out of memory", path);
			same = -1;
		} else if (!same)
			msgf(why, whysize, "%s records a different config", path);
		cJSON_Delete(ours);
	}
	free(mine);
	cJSON_Delete(root);
	free(text);
	return same;
}
