// SPDX-License-Identifier: GPL-2.0
/*
 * The prepared tree: what a distribution kernel needs instead of a full
 * build.  The source configured with the running kernel's config, with
 * generated headers, kbuild's host programs and objtool (make
 * modules_prepare) and the kernel's own Module.symvers, kept in the cache.
 * No kernel is built: each object a patch affects is compiled alone by
 * kbuild (make OBJ, with function sections), which records its command in
 * a .cmd file as a full build does, and is checked against the binary that
 * runs before anything is diffed.  For a header, depscan.c finds the units
 * that include it.
 */
#include <dirent.h>
#include <string.h>

#include "config.h"
#include "context.h"
#include "depscan.h"
#include "disk.h"
#include "kbuild.h"
#include "prepare.h"
#include "run.h"
#include "tree-cache.h"
#include "view.h"

/* Bump when the way the tree is prepared changes. */
#define PREPARE_RECIPE "kpatch-build prepared v1"

static char *prepare(const char *dir, void *key)
{
	char *o = xasprintf("O=%s", bld->objdir), *jobs = xasprintf("-j%d", opt->jobs);
	char *cfg = xasprintf("%s/.config", bld->objdir);
	char *symvers = xasprintf("%s/Module.symvers", bld->objdir);
	char *olddef[] = { o, "olddefconfig", NULL };
	char *prep[] = { o, jobs, "modules_prepare", NULL };
	char *cp_config[] = { "cp", "--", bld->config, cfg, NULL };
	char *cp_symvers[] = { "cp", "--", bld->symvers, symvers, NULL };

	(void)dir;
	make_view(bld->srcdir, bld->view);
	make_dirs(bld->objdir);
	if (run_argv(NULL, cp_config) || run_argv(NULL, cp_symvers))
		fail(EXIT_ERROR, "cannot prepare %s", bld->objdir);
	if (run_make(bld->view, olddef))
		fail(EXIT_BUILD, "kbuild cannot configure %s with %s", bld->view, bld->config);
	check_same_config(bld->config, cfg);
	if (run_make(bld->view, prep))
		fail(EXIT_BUILD, "make modules_prepare fails in %s", bld->objdir);
	free(symvers);
	free(cfg);
	free(jobs);
	free(o);
	return xstrdup(key);
}

void prepare_tree(void)
{
	char *key, *dir;

	if (!bld->symvers)
		bld->symvers = xasprintf("/lib/modules/%s/build/Module.symvers", bld->release);
	if (!file_exists(bld->symvers))
		fail(EXIT_BAD_INPUT, "no Module.symvers of the running kernel at %s: give it with --symvers "
		     "(distributions ship it with the kernel headers; make writes it into the build "
		     "directory)", bld->symvers);
	key = build_key(PREPARE_RECIPE, bld->symvers);
	dir = xasprintf("%s/prepared-%s", opt->cache, key);
	use_cached_tree(dir, prepare, key, "prepared tree");
	free(dir);
	free(key);
}

/* Whether text has a line '#include "name"' (spaces allowed around the '#'). */
static bool includes(const char *text, const char *name)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *q = p + strspn(p, " \t");

		if (*q++ != '#')
			continue;
		q += strspn(q, " \t");
		if (!str_starts(q, "include"))
			continue;
		q += 7 + strspn(q + 7, " \t");
		if (*q == '"' && str_starts(q + 1, name) && q[1 + strlen(name)] == '"')
			return true;
	}
	return false;
}

/*
 * The .c files of file's directory that #include it: kbuild compiles some
 * sources only inside another unit (kernel/sched/build_policy.c includes
 * rt.c, idle.c, deadline.c).
 */
static void includers_of(const char *file, struct strlist *files)
{
	const char *slash = strrchr(file, '/');
	char *dir = slash ? strndup(file, slash - file) : xstrdup(".");
	char *path = xasprintf("%s/%s", bld->view, dir);
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *rel, *abs, *text;

		if (!str_ends(e->d_name, ".c") || !strcmp(e->d_name, slash ? slash + 1 : file))
			continue;
		rel = xasprintf("%s/%s", dir, e->d_name);
		abs = xasprintf("%s/%s", bld->view, rel);
		text = read_file(abs, NULL);
		if (text && includes(text, slash ? slash + 1 : file) && !strlist_has(files, rel))
			strlist_add(files, rel);
		free(text);
		free(abs);
		free(rel);
	}
	if (d)
		closedir(d);
	free(path);
	free(dir);
}

/* The objects a touched file stands for: a .c file's own, a header's users. */
static void objects_of(const char *file, struct strlist *objs)
{
	if (str_ends(file, ".c")) {
		struct strlist included_by = { 0 };

		includers_of(file, &included_by);
		for (size_t i = 0; i < included_by.nr; i++)
			objects_of(included_by.v[i], objs);
		if (!included_by.nr) {
			char *obj = xasprintf("%.*s.o", (int)strlen(file) - 2, file);

			if (!strlist_has(objs, obj))
				strlist_add(objs, obj);
			free(obj);
		}
		strlist_free(&included_by);
	} else if (str_ends(file, ".h")) {
		size_t before = objs->nr;

		units_including(file, objs);
		fprintf(stderr, "%s: %s: %zu translation units of this configuration include it\n",
			progname, file, objs->nr - before);
	}
}

/*
 * The original objects of what the patches touch, compiled by kbuild in
 * the prepared tree, in one make run (they stay there for the next run).
 */
void compile_originals(void)
{
	struct strlist objs = { 0 }, args = { 0 };
	char *o = xasprintf("O=%s", bld->objdir), *jobs = xasprintf("-j%d", opt->jobs);

	for (size_t b = 0; b < res->nr_bases; b++)
		for (size_t p = 0; p < res->bases[b].nr_patches; p++)
			for (size_t f = 0; f < res->bases[b].patches[p].nr_files; f++)
				objects_of(res->bases[b].patches[p].files[f], &objs);
	for (size_t p = 0; p < opt->nr_patches; p++)
		for (size_t f = 0; f < opt->patches[p].nr_files; f++)
			objects_of(opt->patches[p].files[f], &objs);
	strlist_add(&args, o);
	strlist_add(&args, jobs);
	strlist_add(&args, "KCFLAGS=-ffunction-sections -fdata-sections");
	for (size_t i = 0; i < objs.nr; i++) {
		char *path = xasprintf("%s/%s", bld->objdir, objs.v[i]);

		if (!file_exists(path))
			strlist_add(&args, objs.v[i]);
		free(path);
	}
	GROW(args.v, args.alloc, args.nr);
	args.v[args.nr] = NULL;
	if (args.nr > 3 && run_make(bld->view, args.v)) {
		for (size_t i = 3; i < args.nr; i++)
			refuse_outside_configuration(args.v[i]);
		fail(EXIT_BUILD, "kbuild cannot compile %s in %s (see the log)", args.v[3], bld->objdir);
	}
	strlist_free(&args);
	strlist_free(&objs);
	free(jobs);
	free(o);
}
