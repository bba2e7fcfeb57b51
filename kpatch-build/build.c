// SPDX-License-Identifier: GPL-2.0
/*
 * The original build: the kernel as the user runs it, compiled with
 * function and data sections so every function can be diffed alone.  It is
 * built once per (source tree, config, compiler) into the cache, or given
 * ready with --build-dir.
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cache.h"
#include "config.h"
#include "context.h"
#include "kbuild.h"
#include "match.h"
#include "prepare.h"
#include "run.h"
#include "tree-cache.h"
#include "view.h"

/* Bump when the way the original is built changes. */
#define BUILD_RECIPE "kpatch-build original v1"

static void make_kernel(const char *view, const char *objdir)
{
	char *jobs = xasprintf("-j%d", opt->jobs);
	char *o = xasprintf("O=%s", objdir);
	char *cfg = xasprintf("%s/.config", objdir);
	char *cp[] = { "cp", "--", bld->config, cfg, NULL };
	char *olddef[] = { o, "olddefconfig", NULL };
	/*
	 * x86's vmlinux.lds gathers .text.* and .data.* only with this macro;
	 * without it the function sections land after _etext and the kernel
	 * does not boot.  Defined for the linker script only.
	 */
	char *all[16 + 64] = { o, jobs, "KCFLAGS=-ffunction-sections -fdata-sections",
			       "CPPFLAGS_vmlinux.lds=-Ux86_64 -DCONFIG_LD_DEAD_CODE_DATA_ELIMINATION" };
	size_t n = 4;
	char *mk[] = { "mkdir", "-p", (char *)objdir, NULL };

	if (opt->nr_targets > 64)
		fail(EXIT_USAGE, "too many --target options");
	for (size_t i = 0; i < opt->nr_targets; i++)
		all[n++] = opt->targets[i];
	if (!opt->nr_targets) {
		all[n++] = "vmlinux";
		all[n++] = "modules";
	}
	if (run_argv(NULL, mk) || run_argv(NULL, cp))
		fail(EXIT_ERROR, "cannot prepare %s", objdir);
	if (run_make(view, olddef))
		fail(EXIT_BUILD, "kbuild cannot configure %s with %s", view, bld->config);
	check_same_config(bld->config, cfg);
	if (run_make(view, all))
		fail(EXIT_BUILD, "the original kernel does not build");
	free(jobs);
	free(o);
	free(cfg);
}

/*
 * The full original build: cached, or built when --full-build asks for it;
 * otherwise a prepared tree is enough.  Returns false for the latter.
 */
static char *fill_build(const char *dir, void *key)
{
	(void)dir;
	make_view(bld->srcdir, bld->view);
	make_kernel(bld->view, bld->objdir);
	return xstrdup(key);
}

static bool build_in_cache(void)
{
	char *key = build_key(BUILD_RECIPE, NULL);
	char *dir = xasprintf("%s/%s", opt->cache, key);
	bool made = opt->full_build || cache_has(dir, CACHE_IN_PLACE, NULL);

	if (made)
		use_cached_tree(dir, fill_build, key, "original build");
	free(key);
	free(dir);
	return made;
}

/* A prepared O= build: kbuild links it to its source tree as "source". */
static void use_build_dir(void)
{
	char *link = xasprintf("%s/source", bld->build_dir), *cfg;
	char src[PATH_MAX], tree[PATH_MAX];

	if (!realpath(link, src) || !realpath(bld->srcdir, tree) || strcmp(src, tree))
		fail(EXIT_BAD_INPUT, "--build-dir %s was not built from %s (make O=DIR from that tree)",
		     bld->build_dir, bld->srcdir);
	cfg = xasprintf("%s/.config", bld->build_dir);
	check_same_config(bld->config, cfg);
	bld->view = xstrdup(src);
	bld->objdir = xstrdup(bld->build_dir);
	bld->cache_hit = true;
	free(cfg);
	free(link);
}

void prepare_original(void)
{
	char *relfile, *rel;

	bld->original = "full build";
	if (bld->build_dir) {
		bld->original = "build dir";
		use_build_dir();
	} else if (!build_in_cache()) {
		bld->original = "prepared tree";
		prepare_tree();
		if (!opt->oot_module)
			compile_originals();
		return;
	}
	relfile = xasprintf("%s/include/config/kernel.release", bld->objdir);
	rel = read_file(relfile, NULL);
	if (!rel)
		fail(EXIT_BAD_INPUT, "%s has no kernel.release: not a configured kbuild directory",
		     bld->objdir);
	rel[strcspn(rel, "\n")] = '\0';
	if (strcmp(rel, bld->release))
		fail(EXIT_BAD_INPUT, "the source tree builds Linux %s but %s is %s", rel,
		     bld->vmlinux, bld->release);
	free(rel);
	rel = xasprintf("%s/vmlinux", bld->objdir);
	check_same_functions(bld, rel, bld->vmlinux, bld->srcdir);
	free(rel);
	free(relfile);
}
