// SPDX-License-Identifier: GPL-2.0
/*
 * What --kernels did, for people (a table on stdout) and for CI (JSON:
 * --json FILE, or OUTPUT/kernels.json), and --plan's job matrix: each job
 * the command this run would have started, for a CI matrix or GNU
 * parallel to run elsewhere with the same cache.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "context.h"
#include "fail.h"
#include "files.h"
#include "kernels-report.h"
#include "kernels-run.h"

static const char *const result_names[] = {
	[K_WAITING] = "not run", [K_RUNNING] = "running", [K_BUILT] = "built",
	[K_REFUSED] = "refused", [K_NO_CHANGE] = "no change",
	[K_NOT_APPLY] = "patch does not apply", [K_FAILED] = "failed",
	[K_INTERRUPTED] = "interrupted",
};

const char *result_name(enum kresult r)
{
	return result_names[r];
}

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *job_json(const struct kjob *j)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "release", json_object_new_string(j->release));
	json_object_object_add(o, "result", json_object_new_string(result_name(j->result)));
	json_object_object_add(o, "status", j->result == K_WAITING ? NULL : json_object_new_int(j->status));
	json_object_object_add(o, "reason", str_or_null(j->reason));
	json_object_object_add(o, "module", str_or_null(j->module));
	json_object_object_add(o, "deb", str_or_null(j->deb));
	json_object_object_add(o, "module_hash", str_or_null(j->hash));
	json_object_object_add(o, "seconds", json_object_new_double(j->seconds));
	json_object_object_add(o, "reused", json_object_new_boolean(j->reused));
	json_object_object_add(o, "report", json_object_new_string(j->report));
	json_object_object_add(o, "log", json_object_new_string(j->log));
	return o;
}

static void write_json(struct json_object *o, const char *path)
{
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int err = replace_file(path, text, strlen(text), 0644);

	if (err)
		fail(EXIT_ERROR, "cannot write %s: %s", path, strerror(err));
}

/* The first line of a reason, for the table. */
static void print_row(const struct kjob *j)
{
	const char *what = j->result == K_BUILT ? j->module : j->reason ? j->reason : "";

	printf("%-28s %-22s %7.1f  %.*s%s\n", j->release, result_name(j->result), j->seconds,
	       (int)strcspn(what, "\n"), what, j->reused ? " (earlier run)" : "");
}

int write_summary(const struct kjobs *all, const char *json)
{
	struct json_object *top = json_object_new_object(), *list = json_object_new_array();
	struct json_object *counts = json_object_new_object();
	size_t n[ARRAY_SIZE(result_names)] = { 0 };
	char *path = json ? xstrdup(json) : xasprintf("%s/kernels.json", all->outdir);
	int code = EXIT_OK;

	printf("%-28s %-22s %7s  %s\n", "KERNEL", "RESULT", "SECONDS", "MODULE OR REASON");
	for (size_t i = 0; i < all->nr; i++) {
		const struct kjob *j = &all->v[i];

		print_row(j);
		json_object_array_add(list, job_json(j));
		n[j->result]++;
		if (code == EXIT_OK && j->result != K_BUILT)
			code = j->result == K_WAITING ? EXIT_INTERRUPTED : j->status;
	}
	for (size_t r = K_BUILT; r < ARRAY_SIZE(result_names); r++)
		json_object_object_add(counts, result_names[r], json_object_new_int(n[r]));
	json_object_object_add(counts, result_names[K_WAITING], json_object_new_int(n[K_WAITING]));
	json_object_object_add(top, "kernels", list);
	json_object_object_add(top, "counts", counts);
	json_object_object_add(top, "status", json_object_new_int(interrupted ? EXIT_INTERRUPTED : code));
	write_json(top, path);
	json_object_put(top);
	free(path);
	return interrupted ? EXIT_INTERRUPTED : code;
}

void write_plan(const struct kjobs *all, const char *path, const char *cache)
{
	struct json_object *top = json_object_new_object(), *jobs = json_object_new_array();

	for (size_t i = 0; i < all->nr; i++) {
		const struct kjob *j = &all->v[i];
		struct json_object *o = json_object_new_object(), *argv = json_object_new_array();

		for (size_t a = 0; a < j->cmd.args.nr; a++)
			json_object_array_add(argv, json_object_new_string(j->cmd.args.v[a]));
		json_object_object_add(o, "release", json_object_new_string(j->release));
		json_object_object_add(o, "output", json_object_new_string(j->dir));
		json_object_object_add(o, "report", json_object_new_string(j->report));
		json_object_object_add(o, "command", argv);
		json_object_array_add(jobs, o);
	}
	json_object_object_add(top, "cache", json_object_new_string(cache));
	json_object_object_add(top, "jobs", jobs);
	write_json(top, path);
	json_object_put(top);
	fprintf(stderr, "%s: %zu job%s in %s\n", progname, all->nr, all->nr == 1 ? "" : "s", path);
}

void kjobs_free(struct kjobs *all)
{
	for (size_t i = 0; i < all->nr; i++) {
		struct kjob *j = &all->v[i];

		free(j->release);
		free(j->dir);
		free(j->report);
		free(j->log);
		free(j->keyfile);
		free(j->key);
		free(j->stage);
		free(j->reason);
		free(j->module);
		free(j->hash);
		free(j->deb);
		cmd_free(&j->cmd);
	}
	free(all->v);
	free(all->outdir);
}
