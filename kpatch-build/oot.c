// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-tree modules (--oot-module KO --oot-module-src DIR): the patches
 * apply to DIR.  A module is small, so both its original and its patched
 * version are built whole, each in a private copy of DIR, with function
 * sections, against the original kernel build; every object that differs
 * is diffed against KO, the module the user runs.
 */
#include <errno.h>
#include <glob.h>
#include <string.h>

#include "context.h"
#include "disk.h"
#include "kbuild.h"
#include "match.h"
#include "oot.h"
#include "run.h"
#include "target.h"
#include "view.h"

/* A copy of the module's source, patched or not, built against b's original. */
static char *build_copy(const struct kpb_options *o, const struct kpb_build *b,
			struct kpb_results *r, const char *what, bool patched)
{
	char *dir = xasprintf("%s/oot-%s", b->workdir, what);
	char *from = xasprintf("%s/.", o->oot_module_src), *to = xasprintf("%s/", dir);
	char *cp[] = { "cp", "-a", "--", from, to, NULL };
	char *m = xasprintf("M=%s", dir);
	char *make[] = { m, "KCFLAGS=-ffunction-sections -fdata-sections", "modules", NULL };

	make_dirs(dir);
	if (run_argv(NULL, cp))
		fail(EXIT_ERROR, "cannot copy %s", o->oot_module_src);
	if (patched)
		apply_patches(o, r, dir);
	if (run_make(&b->make_vars, b->objdir, make))
		fail(EXIT_BUILD, "the %s out-of-tree module in %s does not build", what, dir);
	free(m);
	free(to);
	free(from);
	return dir;
}

/* The files in dir whose names end in suffix, sorted. */
static void find_built(const char *dir, const char *suffix, glob_t *g)
{
	char *pattern = xasprintf("%s/*%s", dir, suffix);
	int err = glob(pattern, 0, NULL, g);

	if (err && err != GLOB_NOMATCH)
		fail(EXIT_ERROR, "cannot list %s", pattern);
	free(pattern);
}

/* Each object listed in a <module>.mod of the original copy, a unit of r diffed against ko. */
static void add_objects(struct kpb_results *r, const char *ko, const char *orig,
			const char *patched, const char *objname)
{
	char *objs = xstrdup(""), *line, *save = NULL;
	glob_t mods;

	find_built(orig, ".mod", &mods);
	for (size_t i = 0; i < mods.gl_pathc; i++) {
		char *text = read_file(mods.gl_pathv[i], NULL);

		if (!text)
			fail(EXIT_ERROR, "%s: %s", mods.gl_pathv[i], strerror(errno));
		str_append_word(&objs, text);
		free(text);
	}
	if (!mods.gl_pathc)
		fail(EXIT_ERROR, "no kbuild module list in %s", orig);
	globfree(&mods);
	for (line = strtok_r(objs, " \n", &save); line; line = strtok_r(NULL, " \n", &save)) {
		const char *rel = str_starts(line, orig) ? line + strlen(orig) + 1 : line;
		struct unit *u;
		char *a = xasprintf("%s/%s", orig, rel), *b = xasprintf("%s/%s", patched, rel);

		if (files_equal(a, b)) {
			free(a);
			free(b);
			continue;
		}
		r->units = xrealloc(r->units, (r->nr_units + 1) * sizeof(*r->units));
		u = &r->units[r->nr_units++];
		memset(u, 0, sizeof(*u));
		u->obj = xstrdup(rel);
		u->orig_obj = a;
		u->patched_obj = b;
		u->objname = xstrdup(objname);
		u->target = xstrdup(ko);
	}
	free(objs);
}

void oot_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r)
{
	struct target *running = target_load(o->oot_module);
	char *orig = build_copy(o, b, r, "orig", false);
	char *patched = build_copy(o, b, r, "patched", true);
	glob_t kos;
	char *built;

	find_built(orig, ".ko", &kos);
	if (kos.gl_pathc != 1)
		fail(EXIT_USAGE, "%s builds %s: one module per --oot-module-src is supported",
		     o->oot_module_src, kos.gl_pathc ? "several modules" : "no module");
	built = xstrdup(kos.gl_pathv[0]);
	globfree(&kos);
	check_same_functions(b, built, o->oot_module, o->oot_module_src);
	add_objects(r, o->oot_module, orig, patched, running->objname);
	if (!r->nr_units)
		fail(EXIT_NOCHANGE, "the patches change no object of %s", o->oot_module_src);
	target_free(running);
	free(built);
	free(orig);
	free(patched);
}
