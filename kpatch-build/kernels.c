// SPDX-License-Identifier: GPL-2.0
/*
 * --kernels SPEC: the same fix for every kernel a distribution supports.
 * Each kernel is one job, a plain `kpatch-build --kernel RELEASE` into
 * OUTPUT/RELEASE/ (the module there keeps its name, so one per kernel
 * installs side by side; only a complete module appears there), its report
 * OUTPUT/RELEASE.json and its log OUTPUT/RELEASE.log, run here several at once, or handed to another
 * scheduler with --plan.  What kernels share is shared by the cache the
 * jobs have in common: the .deb files, one source tree per version, one
 * prepared tree per source and config, each made once under its lock.
 *
 * A job that finished (built, refused, no change) is not run again while
 * its command, the tools and the files it reads (patches, series, signing
 * key) are the same: OUTPUT/RELEASE.job
 * holds what decided it, next to its report.
 */
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "context.h"
#include "disk.h"
#include "hash.h"
#include "kernels-report.h"
#include "kernels-run.h"
#include "kernels-spec.h"
#include "kernels.h"
#include "run.h"

void check_kernels_options(const struct kpb_options *o, const struct kpb_build *b)
{
	static const struct { bool set; const char *what; } alone[] = {
		{ false, "--kernel" }, { false, "-s, -c, -v, --symvers and --build-dir" },
		{ false, "--base" }, { false, "--previous" }, { false, "--oot-module" },
	};
	bool set[ARRAY_SIZE(alone)] = {
		o->kernel, b->srcdir || b->config || b->vmlinux || b->symvers || b->build_dir,
		o->base_kos.nr, o->previous_kos.nr, o->oot_module,
	};

	for (size_t i = 0; i < ARRAY_SIZE(alone); i++)
		if (set[i])
			fail(EXIT_USAGE, "--kernels builds one module per kernel from its own packages: "
			     "%s name one kernel's inputs; build for that kernel alone", alone[i].what);
}

static char *absolute(const char *path)
{
	char *full = realpath(path, NULL);

	return full ? full : xstrdup(path);
}

/* The job's command, but for -j: the same command makes the same module. */
static void job_command(const struct kpb_options *o, const char *self, struct kjob *j,
			const char *packages)
{
	struct cmd *c = &j->cmd;

	cmd_args(c, self, "--kernel", j->release, "--cache", o->cache, "--packages", packages,
		 "-o", j->dir, "-n", o->name, "--json", j->report, "--no-fuzz", NULL);
	if (!o->replace)
		cmd_add(c, "-R");
	if (o->debug)
		cmd_add(c, "-d");
	if (o->skip_cleanup)
		cmd_add(c, "--skip-cleanup");
	if (o->full_build)
		cmd_add(c, "--full-build");
	if (o->deb)
		cmd_add(c, "--deb");
	if (o->deb_version)
		cmd_args(c, "--deb-version", o->deb_version, NULL);
	if (o->deb_name)
		cmd_args(c, "--deb-name", o->deb_name, NULL);
	for (size_t i = 0; i < o->nr_targets; i++)
		cmd_args(c, "-t", o->targets[i], NULL);
	if (o->sign_key) {
		char *key = absolute(o->sign_key), *cert = absolute(o->sign_cert);

		cmd_args(c, "--sign-key", key, "--sign-cert", cert, NULL);
		free(key);
		free(cert);
	}
	if (o->series) {
		char *series = absolute(o->series);

		cmd_args(c, "--series", series, NULL);
		free(series);
	} else {
		for (size_t i = 0; i < o->nr_patches; i++)
			cmd_add(c, o->patches[i].path);
	}
}

static char *file_hash(const char *path)
{
	size_t size;
	char *text = read_file(path, &size);
	char *hash = text ? content_hash(text, size) : xstrdup("unreadable");

	free(text);
	return hash;
}

static void key_file(char **key, const char *path)
{
	char *hash = file_hash(path);

	str_appendf(key, "%s %s\n", hash, path);
	free(hash);
}

/* The tools and templates a module is made with, as one key. */
static char *tools_key(const struct kpb_build *b)
{
	char *cdo = xasprintf("%s/create-diff-object", b->tooldir), *key = xstrdup("");
	struct dirent **names;
	int n = scandir(b->templates, &names, NULL, alphasort);

	key_file(&key, b->self);
	key_file(&key, cdo);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", b->templates, names[i]->d_name);

		if (names[i]->d_name[0] != '.')
			key_file(&key, path);
		free(path);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	free(cdo);
	return key;
}

/*
 * What decides a job's result: its command, the tools, and the content of
 * every file it reads that is ours to change: patches, series, signing key.
 */
static char *job_key(const struct kpb_options *o, const struct kjob *j, const char *tools)
{
	char *key = xstrdup(tools);

	for (size_t i = 0; i < j->cmd.args.nr; i++)
		str_appendf(&key, "%s\n", j->cmd.args.v[i]);
	for (size_t i = 0; i < o->nr_patches; i++)
		key_file(&key, o->patches[i].path);
	if (o->series)
		key_file(&key, o->series);
	if (o->sign_key) {
		key_file(&key, o->sign_key);
		key_file(&key, o->sign_cert);
	}
	return key;
}

static void make_jobs(const struct kpb_options *o, const struct kpb_build *b, struct kjobs *all,
		      const struct strlist *releases)
{
	char *packages = o->packages ? xstrdup(o->packages)
				       : xasprintf("%s/debian/debs", o->cache);
	char *outdir, *tool = tools_key(b);

	make_dirs(o->outdir ? o->outdir : ".");
	outdir = all->outdir = absolute(o->outdir ? o->outdir : ".");
	all->name = o->name;

	all->nr = releases->nr;
	all->v = xcalloc(all->nr, sizeof(*all->v));
	for (size_t i = 0; i < all->nr; i++) {
		struct kjob *j = &all->v[i];

		j->release = xstrdup(releases->v[i]);
		j->dir = xasprintf("%s/%s", outdir, j->release);
		j->report = xasprintf("%s.json", j->dir);
		j->log = xasprintf("%s.log", j->dir);
		j->keyfile = xasprintf("%s.job", j->dir);
		job_command(o, b->self, j, packages);
		j->key = job_key(o, j, tool);
		j->result = K_WAITING;
	}
	free(tool);
	free(packages);
}

static const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v) : NULL;
}

/* The job's result, from the report its kpatch-build wrote (code: its exit status). */
static void read_result(struct kjob *j, int code)
{
	struct json_object *r = json_object_from_file(j->report), *v;
	const char *failure, *reason, *module;
	size_t size;
	char *ko;

	free(j->module);
	free(j->hash);
	free(j->deb);
	j->module = j->hash = j->deb = NULL;
	j->status = code;
	if (r && json_object_object_get_ex(r, "status", &v))
		j->status = json_object_get_int(v);
	failure = r ? json_str(r, "failure") : NULL;
	reason = r ? json_str(r, "reason") : NULL;
	module = r ? json_str(r, "output") : NULL;
	j->result = j->status == EXIT_OK ? K_BUILT : j->status == EXIT_REFUSED ? K_REFUSED
		  : j->status == EXIT_NOCHANGE ? K_NO_CHANGE
		  : j->status == EXIT_INTERRUPTED ? K_INTERRUPTED
		  : failure && !strcmp(failure, "patch does not apply") ? K_NOT_APPLY : K_FAILED;
	free(j->reason);
	j->reason = reason ? xstrdup(reason)
		  : !r ? xasprintf("exit %d and no report: see %s", code, j->log) : NULL;
	if (j->result == K_BUILT && module && (ko = read_file(module, &size))) {
		j->module = xstrdup(module);
		j->hash = content_hash(ko, size);
		free(ko);
		if (json_str(r, "deb"))
			j->deb = xstrdup(json_str(r, "deb"));
	} else if (j->result == K_BUILT) {
		j->result = K_FAILED;
		j->status = EXIT_ERROR;
		free(j->reason);
		j->reason = xasprintf("its report names no module: see %s", j->log);
	}
	if (r && json_object_object_get_ex(r, "seconds", &v) && j->seconds <= 0)
		j->seconds = json_object_get_double(v);
	json_object_put(r);
}

/* A job that finished with the same key is done: built, refused or no change. */
static bool finished_before(struct kjob *j)
{
	char *key = read_file(j->keyfile, NULL);
	bool same = key && !strcmp(key, j->key);

	free(key);
	if (!same || !file_exists(j->report))
		return false;
	read_result(j, EXIT_ERROR);
	if (j->result != K_BUILT && j->result != K_REFUSED && j->result != K_NO_CHANGE) {
		free(j->reason);
		j->reason = NULL;
		j->seconds = 0;
		j->status = 0;
		j->result = K_WAITING;
		return false;
	}
	j->reused = true;
	return true;
}

/* Kernels at once: each wants a CPU and, for its compiles, about 3 GiB. */
static int default_kernel_jobs(size_t nr)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long long avail_kb = 0;
	char *meminfo = read_file("/proc/meminfo", NULL), *p;
	long by_mem, n;

	if (meminfo && (p = strstr(meminfo, "MemAvailable:")))
		avail_kb = strtoull(p + 13, NULL, 10);
	free(meminfo);
	by_mem = avail_kb ? (long)(avail_kb / (3ULL << 20)) : 1;
	n = cpus > 1 ? cpus / 2 : 1;
	if (by_mem < n)
		n = by_mem;
	if (n > (long)nr)
		n = nr;
	if (n > MAX_JOBS)
		n = MAX_JOBS;
	return n > 0 ? n : 1;
}

/* The linux-image packages apt knows. */
static char *known_packages(void)
{
	char *argv[] = { "apt-cache", "pkgnames", "linux-image-", NULL };
	char *out = run_capture(NULL, argv);

	if (!out)
		fail(EXIT_ERROR, "apt-cache pkgnames failed: --kernels patterns need apt's package lists");
	return out;
}

int build_kernels(const struct kpb_options *o, const struct kpb_build *b)
{
	struct strlist releases = { 0 };
	struct kjobs all = { 0 };
	int kjobs, jobs, code;

	kernels_from_spec(o->kernels, known_packages, &releases);
	make_jobs(o, b, &all, &releases);
	kjobs = o->kernel_jobs ? o->kernel_jobs : default_kernel_jobs(all.nr);
	if (kjobs > (int)all.nr)
		kjobs = all.nr;
	jobs = o->jobs ? o->jobs : (int)(sysconf(_SC_NPROCESSORS_ONLN) / kjobs);
	if (jobs < 1)
		jobs = 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if (o->plan) {
		write_plan(&all, o->plan, o->cache);
		return EXIT_OK;
	}
	for (size_t i = 0; i < all.nr; i++)
		finished_before(&all.v[i]);
	catch_signals();
	run_jobs(&all, kjobs, jobs, read_result);
	code = write_summary(&all, o->json);
	kjobs_free(&all);
	strlist_free(&releases);
	return code;
}
