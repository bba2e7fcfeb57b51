// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-tree modules (--oot-module KO --oot-module-src DIR): the patches
 * apply to DIR.  A module is small, so both its original and its patched
 * version are built whole, each in a private copy of DIR, with function
 * sections, against the original kernel build; every object that differs
 * is diffed against KO, the module the user runs.
 */
#include <string.h>

#include "kpatch-build.h"
#include "target.h"

static char *build_copy(const char *what, bool patched)
{
	char *dir = xasprintf("%s/oot-%s", kpb->workdir, what);
	char *cp = xasprintf("mkdir -p '%s' && cp -a '%s/.' '%s/'", dir, kpb->oot_module_src, dir);
	char *m = xasprintf("M=%s", dir);
	char *make[] = { m, "KCFLAGS=-ffunction-sections -fdata-sections", "modules", NULL };

	if (run_shell(NULL, cp))
		fail(EXIT_ERROR, "cannot copy %s", kpb->oot_module_src);
	if (patched)
		apply_patches(dir);
	if (run_make(kpb->objdir, make))
		fail(EXIT_BUILD, "the %s out-of-tree module in %s does not build", what, dir);
	free(m);
	free(cp);
	return dir;
}

static bool same_file(const char *a, const char *b)
{
	size_t na, nb;
	char *x = read_file(a, &na), *y = read_file(b, &nb);
	bool same = x && y && na == nb && !memcmp(x, y, na);

	free(x);
	free(y);
	return same;
}

/* Each object listed in a <module>.mod of the original copy. */
static void add_objects(const char *orig, const char *patched, const char *objname)
{
	char *list = xasprintf("cd '%s' && cat *.mod", orig), *argv[] = { "/bin/sh", "-c", list, NULL };
	char *objs = run_capture(NULL, argv), *line, *save = NULL;

	if (!objs)
		fail(EXIT_ERROR, "no kbuild module list in %s", orig);
	for (line = strtok_r(objs, " \n", &save); line; line = strtok_r(NULL, " \n", &save)) {
		const char *rel = str_starts(line, orig) ? line + strlen(orig) + 1 : line;
		struct unit *u;
		char *a = xasprintf("%s/%s", orig, rel), *b = xasprintf("%s/%s", patched, rel);

		if (same_file(a, b)) {
			free(a);
			free(b);
			continue;
		}
		kpb->units = xrealloc(kpb->units, (kpb->nr_units + 1) * sizeof(*kpb->units));
		u = &kpb->units[kpb->nr_units++];
		memset(u, 0, sizeof(*u));
		u->obj = xstrdup(rel);
		u->orig_obj = a;
		u->patched_obj = b;
		u->objname = xstrdup(objname);
		u->target = xstrdup(kpb->oot_module);
	}
	free(objs);
	free(list);
}

void oot_units(void)
{
	struct target *running = target_load(kpb->oot_module);
	char *orig = build_copy("orig", false), *patched = build_copy("patched", true);
	char *ko = xasprintf("cd '%s' && ls *.ko", orig), *argv[] = { "/bin/sh", "-c", ko, NULL };
	char *kos = run_capture(NULL, argv), *built;

	if (!kos || strchr(kos, '\n') != kos + strlen(kos) - 1)
		fail(EXIT_USAGE, "%s builds %s: one module per --oot-module-src is supported",
		     kpb->oot_module_src, kos ? "several modules" : "no module");
	kos[strcspn(kos, "\n")] = '\0';
	built = xasprintf("%s/%s", orig, kos);
	check_same_functions(built, kpb->oot_module, kpb->oot_module_src);
	add_objects(orig, patched, running->objname);
	if (!kpb->nr_units)
		fail(EXIT_NOCHANGE, "the patches change no object of %s", kpb->oot_module_src);
	target_free(running);
	free(built);
	free(kos);
	free(ko);
	free(orig);
	free(patched);
}
