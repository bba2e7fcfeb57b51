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

/* b's kernel, from b->view into b->objdir, by opts' targets. */
static void make_kernel(const struct kpb_options *opts, const struct kpb_build *b)
{
	const char *view = b->view, *objdir = b->objdir;
	char *jobs = xasprintf("-j%d", opts->jobs);
	char *o = xasprintf("O=%s", objdir);
	char *cfg = xasprintf("%s/.config", objdir);
	char *cp[] = { "cp", "--", b->config, cfg, NULL };
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

	if (opts->nr_targets > 64)
		fail(EXIT_USAGE, "too many --target options");
	for (size_t i = 0; i < opts->nr_targets; i++)
		all[n++] = opts->targets[i];
	if (!opts->nr_targets) {
		all[n++] = "vmlinux";
		all[n++] = "modules";
	}
	if (run_argv(NULL, mk) || run_argv(NULL, cp))
		fail(EXIT_ERROR, "cannot prepare %s", objdir);
	if (run_make(&b->make_vars, view, olddef))
		fail(EXIT_BUILD, "kbuild cannot configure %s with %s", view, b->config);
	check_same_config(b->config, cfg);
	if (run_make(&b->make_vars, view, all))
		fail(EXIT_BUILD, "the original kernel does not build");
	free(jobs);
	free(o);
	free(cfg);
}

/*
 * The full original build: cached, or built when --full-build asks for it;
 * otherwise a prepared tree is enough.  Returns false for the latter.
 */
static char *fill_build(const char *dir, void *arg)
{
	const struct tree_fill *f = arg;

	(void)dir;
	make_view(f->b->srcdir, f->b->view);
	make_kernel(f->o, f->b);
	return xstrdup(f->key);
}

static bool build_in_cache(const struct kpb_options *o, struct kpb_build *b)
{
	char *key = build_key(o, b, BUILD_RECIPE, NULL);
	char *dir = xasprintf("%s/%s", o->cache, key);
	bool made = o->full_build || cache_has(dir, CACHE_IN_PLACE, NULL);

	if (made)
		use_cached_tree(o, b, dir, fill_build, key, "original build");
	free(key);
	free(dir);
	return made;
}

/* A prepared O= build: kbuild links it to its source tree as "source". */
static void use_build_dir(struct kpb_build *b)
{
	char *link = xasprintf("%s/source", b->build_dir), *cfg;
	char src[PATH_MAX], tree[PATH_MAX];

	if (!realpath(link, src) || !realpath(b->srcdir, tree) || strcmp(src, tree))
		fail(EXIT_BAD_INPUT, "--build-dir %s was not built from %s (make O=DIR from that tree)",
		     b->build_dir, b->srcdir);
	cfg = xasprintf("%s/.config", b->build_dir);
	check_same_config(b->config, cfg);
	b->view = xstrdup(src);
	b->objdir = xstrdup(b->build_dir);
	b->cache_hit = true;
	free(cfg);
	free(link);
}

void prepare_original(const struct kpb_options *o, struct kpb_build *b,
		      const struct kpb_results *r)
{
	char *relfile, *rel;

	b->original = "full build";
	if (b->build_dir) {
		b->original = "build dir";
		use_build_dir(b);
	} else if (!build_in_cache(o, b)) {
		b->original = "prepared tree";
		prepare_tree(o, b);
		if (!o->oot_module)
			compile_originals(o, b, r);
		return;
	}
	relfile = xasprintf("%s/include/config/kernel.release", b->objdir);
	rel = read_file(relfile, NULL);
	if (!rel)
		fail(EXIT_BAD_INPUT, "%s has no kernel.release: not a configured kbuild directory",
		     b->objdir);
	rel[strcspn(rel, "\n")] = '\0';
	if (strcmp(rel, b->release))
		fail(EXIT_BAD_INPUT, "the source tree builds Linux %s but %s is %s", rel,
		     b->vmlinux, b->release);
	free(rel);
	rel = xasprintf("%s/vmlinux", b->objdir);
	check_same_functions(b, rel, b->vmlinux, b->srcdir);
	free(rel);
	free(relfile);
}
