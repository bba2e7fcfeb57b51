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

static char *prepare(const char *dir, void *arg)
{
	const struct tree_fill *f = arg;
	const struct kpb_build *b = f->b;
	char *o = xasprintf("O=%s", b->objdir), *jobs = xasprintf("-j%d", f->o->jobs);
	char *cfg = xasprintf("%s/.config", b->objdir);
	char *symvers = xasprintf("%s/Module.symvers", b->objdir);
	char *olddef[] = { o, "olddefconfig", NULL };
	char *prep[] = { o, jobs, "modules_prepare", NULL };
	char *cp_config[] = { "cp", "--", b->config, cfg, NULL };
	char *cp_symvers[] = { "cp", "--", b->symvers, symvers, NULL };

	(void)dir;
	make_view(b->srcdir, b->view);
	make_dirs(b->objdir);
	if (run_argv(NULL, cp_config) || run_argv(NULL, cp_symvers))
		fail(EXIT_ERROR, "cannot prepare %s", b->objdir);
	if (run_make(&b->make_vars, b->view, olddef))
		fail(EXIT_BUILD, "kbuild cannot configure %s with %s", b->view, b->config);
	check_same_config(b->config, cfg);
	if (run_make(&b->make_vars, b->view, prep))
		fail(EXIT_BUILD, "make modules_prepare fails in %s", b->objdir);
	free(symvers);
	free(cfg);
	free(jobs);
	free(o);
	return xstrdup(f->key);
}

void prepare_tree(const struct kpb_options *o, struct kpb_build *b)
{
	char *key, *dir;

	if (!b->symvers)
		b->symvers = xasprintf("/lib/modules/%s/build/Module.symvers", b->release);
	if (!file_exists(b->symvers))
		fail(EXIT_BAD_INPUT, "no Module.symvers of the running kernel at %s: give it with --symvers "
		     "(distributions ship it with the kernel headers; make writes it into the build "
		     "directory)", b->symvers);
	key = build_key(o, b, PREPARE_RECIPE, b->symvers);
	dir = xasprintf("%s/prepared-%s", o->cache, key);
	use_cached_tree(o, b, dir, prepare, key, "prepared tree");
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
static void includers_of(const char *view, const char *file, struct strlist *files)
{
	const char *slash = strrchr(file, '/');
	char *dir = slash ? strndup(file, slash - file) : xstrdup(".");
	char *path = xasprintf("%s/%s", view, dir);
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *rel, *abs, *text;

		if (!str_ends(e->d_name, ".c") || !strcmp(e->d_name, slash ? slash + 1 : file))
			continue;
		rel = xasprintf("%s/%s", dir, e->d_name);
		abs = xasprintf("%s/%s", view, rel);
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

/* The objects a touched file stands for: a .c file's own, a header's users (found -j jobs). */
static void objects_of(const struct kpb_build *b, int jobs, const char *file, struct strlist *objs)
{
	if (str_ends(file, ".c")) {
		struct strlist included_by = { 0 };

		includers_of(b->view, file, &included_by);
		for (size_t i = 0; i < included_by.nr; i++)
			objects_of(b, jobs, included_by.v[i], objs);
		if (!included_by.nr) {
			char *obj = xasprintf("%.*s.o", (int)strlen(file) - 2, file);

			if (!strlist_has(objs, obj))
				strlist_add(objs, obj);
			free(obj);
		}
		strlist_free(&included_by);
	} else if (str_ends(file, ".h")) {
		size_t before = objs->nr;

		units_including(b, jobs, file, objs);
		fprintf(stderr, "%s: %s: %zu translation units of this configuration include it\n",
			progname, file, objs->nr - before);
	}
}

/*
 * The original objects of what the patches touch, compiled by kbuild in
 * the prepared tree, in one make run (they stay there for the next run).
 */
void compile_originals(const struct kpb_options *opts, const struct kpb_build *b,
		       const struct kpb_results *r)
{
	struct strlist objs = { 0 }, args = { 0 };
	char *o = xasprintf("O=%s", b->objdir), *jobs = xasprintf("-j%d", opts->jobs);

	for (size_t i = 0; i < r->nr_bases; i++)
		for (size_t p = 0; p < r->bases[i].nr_patches; p++)
			for (size_t f = 0; f < r->bases[i].patches[p].nr_files; f++)
				objects_of(b, opts->jobs, r->bases[i].patches[p].files[f], &objs);
	for (size_t p = 0; p < opts->nr_patches; p++)
		for (size_t f = 0; f < opts->patches[p].nr_files; f++)
			objects_of(b, opts->jobs, opts->patches[p].files[f], &objs);
	strlist_add(&args, o);
	strlist_add(&args, jobs);
	strlist_add(&args, "KCFLAGS=-ffunction-sections -fdata-sections");
	for (size_t i = 0; i < objs.nr; i++) {
		char *path = xasprintf("%s/%s", b->objdir, objs.v[i]);

		if (!file_exists(path))
			strlist_add(&args, objs.v[i]);
		free(path);
	}
	GROW(args.v, args.alloc, args.nr);
	args.v[args.nr] = NULL;
	if (args.nr > 3 && run_make(&b->make_vars, b->view, args.v)) {
		for (size_t i = 3; i < args.nr; i++)
			refuse_outside_configuration(b, args.v[i]);
		fail(EXIT_BUILD, "kbuild cannot compile %s in %s (see the log)", args.v[3],
		     b->objdir);
	}
	strlist_free(&args);
	strlist_free(&objs);
	free(jobs);
	free(o);
}
