// SPDX-License-Identifier: GPL-2.0
/*
 * The prepared tree: what a distribution kernel needs instead of a full
 * build.  The source configured with the running kernel's config, with
 * generated headers, kbuild's host programs and objtool (make
 * modules_prepare) and the kernel's own Module.symvers, kept in the cache.
 * No kernel is built: each object a patch affects is compiled alone by
 * kbuild (make OBJ, with function sections), which records its command in
 * a .cmd file as a full build does, and is checked against the binary that
 * runs before anything is diffed.
 */
#include <string.h>

#include "kpatch-build.h"

/* Bump when the way the tree is prepared changes. */
#define PREPARE_RECIPE "kpatch-build prepared v1"

static void prepare(const char *dir)
{
	char *o = xasprintf("O=%s", kpb->objdir), *jobs = xasprintf("-j%d", kpb->jobs);
	char *cfg = xasprintf("%s/.config", kpb->objdir);
	char *symvers = xasprintf("%s/Module.symvers", kpb->objdir);
	char *olddef[] = { o, "olddefconfig", NULL };
	char *prep[] = { o, jobs, "modules_prepare", NULL };
	char *mk = xasprintf("mkdir -p '%s' && cp -- '%s' '%s' && cp -- '%s' '%s'", kpb->objdir,
			     kpb->config, cfg, kpb->symvers, symvers);

	remove_tree(dir);
	make_parents(kpb->view);
	make_view(kpb->srcdir, kpb->view);
	if (run_shell(NULL, mk))
		fail(EXIT_ERROR, "cannot prepare %s", kpb->objdir);
	if (run_make(kpb->view, olddef))
		fail(EXIT_BUILD, "kbuild cannot configure %s with %s", kpb->view, kpb->config);
	check_same_config(cfg);
	if (run_make(kpb->view, prep))
		fail(EXIT_BUILD, "make modules_prepare fails in %s", kpb->objdir);
	free(mk);
	free(symvers);
	free(cfg);
	free(jobs);
	free(o);
}

void prepare_tree(void)
{
	char *key = build_key(PREPARE_RECIPE, kpb->symvers);
	char *dir = xasprintf("%s/prepared-%s", kpb->cache, key);
	char *stamp = xasprintf("%s/stamp", dir);

	if (!kpb->symvers)
		kpb->symvers = xasprintf("/lib/modules/%s/build/Module.symvers", kpb->release);
	if (!file_exists(kpb->symvers))
		fail(EXIT_BAD_INPUT, "no Module.symvers of the running kernel%s%s: give it with --symvers "
		     "(distributions ship it with the kernel headers)",
		     " at ", kpb->symvers);
	kpb->view = xasprintf("%s/src", dir);
	kpb->objdir = xasprintf("%s/obj", dir);
	if (file_exists(stamp)) {
		kpb->cache_hit = true;
		log_printf("prepared tree cached in %s\n", dir);
	} else {
		prepare(dir);
		write_file(stamp, key, strlen(key));
	}
	free(stamp);
	free(dir);
	free(key);
}

/*
 * The original object of a source file the patches touch, compiled by
 * kbuild in the prepared tree (once: it stays there for the next run).
 */
static void compile_original(const char *file)
{
	char *obj, *path, *o, *jobs;

	if (str_ends(file, ".h"))
		fail(EXIT_USAGE, "%s: finding every unit that includes a changed header needs the "
		     "dependency records of a full build: give --full-build (or --build-dir)", file);
	if (!str_ends(file, ".c"))
		return;
	obj = xasprintf("%.*s.o", (int)strlen(file) - 2, file);
	path = xasprintf("%s/%s", kpb->objdir, obj);
	if (!file_exists(path)) {
		char *args[] = { (o = xasprintf("O=%s", kpb->objdir)), (jobs = xasprintf("-j%d", kpb->jobs)),
				 "KCFLAGS=-ffunction-sections -fdata-sections", obj, NULL };

		if (run_make(kpb->view, args))
			fail(EXIT_BAD_INPUT, "%s does not compile in this configuration (make %s in %s); "
			     "is it part of the running kernel?", file, obj, kpb->objdir);
		free(jobs);
		free(o);
	}
	free(path);
	free(obj);
}

void compile_originals(void)
{
	for (size_t b = 0; b < kpb->nr_bases; b++)
		for (size_t p = 0; p < kpb->bases[b].nr_patches; p++)
			for (size_t f = 0; f < kpb->bases[b].patches[p].nr_files; f++)
				compile_original(kpb->bases[b].patches[p].files[f]);
	for (size_t p = 0; p < kpb->nr_patches; p++)
		for (size_t f = 0; f < kpb->patches[p].nr_files; f++)
			compile_original(kpb->patches[p].files[f]);
}
