// SPDX-License-Identifier: GPL-2.0
/*
 * Input checks, before any work: a mismatch between the tree, the config,
 * the compiler and the vmlinux the user runs must stop the build with a
 * clear reason, not produce a module that silently does the wrong thing.
 */
#include <string.h>

#include "checks.h"
#include "context.h"
#include "deployed.h"
#include "disk.h"
#include "elf-file.h"
#include "hotfix-applied.h"
#include "kernel-build.h"
#include "release.h"
#include "run.h"
#include "view.h"

/* The value of CONFIG_name in .config text that starts with a newline, or NULL. */
static char *config_value(const char *config, const char *name)
{
	char *key = xasprintf("\nCONFIG_%s=", name), *p, *v = NULL;

	p = strstr(config, key);
	if (p) {
		p += strlen(key);
		v = strndup(p, strcspn(p, "\n"));
		if (*v == '"') {
			memmove(v, v + 1, strlen(v));
			v[strcspn(v, "\"")] = '\0';
		}
	}
	free(key);
	return v;
}

/* CONFIG_name in the running kernel's config (read once), or NULL when unset. */
char *config_option(const char *config, const char *name)
{
	static char *text;

	if (!text) {
		char *file = read_file(config, NULL);

		if (!file)
			fail(EXIT_BAD_INPUT, "cannot read config %s", config);
		text = xasprintf("\n%s", file);
		free(file);
	}
	return config_value(text, name);
}

/*
 * Config options under which kbuild runs objtool on a composite module
 * after linking it (scripts/Makefile.lib: delay-objtool), the livepatch
 * module included: the sections objtool makes are then left to it.
 */
static const char *const objtool_on_final_module[] = {
	"X86_KERNEL_IBT", "LTO_CLANG",
};

static void check_config(struct kpb_build *b)
{
	static const char *const needed[] = {
		"MODULES", "LIVEPATCH", "KALLSYMS_ALL", "FUNCTION_TRACER", "DYNAMIC_FTRACE",
	};

	for (size_t i = 0; i < ARRAY_SIZE(needed); i++) {
		char *v = config_option(b->config, needed[i]);

		if (!v || strcmp(v, "y"))
			fail(EXIT_BAD_INPUT, "config %s: CONFIG_%s is not =y; a livepatch needs it",
			     b->config, needed[i]);
		free(v);
	}
	for (size_t i = 0; i < ARRAY_SIZE(objtool_on_final_module); i++) {
		char *v = config_option(b->config, objtool_on_final_module[i]);

		b->objtool_later |= v && !strcmp(v, "y");
		free(v);
	}
}

/*
 * The config records the compiler the kernel was built with, by the name
 * it was called: "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0".  That
 * program, if it is here, else gcc, compiles everything.
 */
static void check_compiler(struct kpb_build *b)
{
	const char *vmlinux = b->vmlinux;
	char *want = config_option(b->config, "CC_VERSION_TEXT"), *have = NULL, *comment;
	size_t size;

	if (want && strchr(want, ' ')) {
		char *argv[] = { strndup(want, strcspn(want, " ")), "--version", NULL };

		have = run_capture(NULL, argv);
		if (have)
			b->cc = argv[0];
		else
			free(argv[0]);
	}
	if (!have) {
		char *argv[] = { "gcc", "--version", NULL };

		have = run_capture(NULL, argv);
		b->cc = xstrdup("gcc");
	}
	if (!have)
		fail(EXIT_BAD_INPUT, "no gcc on PATH");
	have[strcspn(have, "\n")] = '\0';
	if (want && strcmp(want, have))
		fail(EXIT_BAD_INPUT, "compiler mismatch: the kernel was built with '%s', gcc here is '%s'; "
		     "install that compiler, or build against a kernel built with this one",
		     want, have);
	comment = elf_file_section(vmlinux, ".comment", &size);
	/* .comment holds "GCC: (Debian 12.2.0-14) 12.2.0"; gcc says "gcc (Debian ...) 12.2.0". */
	if (comment && strchr(have, ' ') && !memmem(comment, size, strchr(have, ' '),
						    strlen(strchr(have, ' '))))
		fail(EXIT_BAD_INPUT, "compiler mismatch: %s was not built by '%s'", vmlinux, have);
	free(comment);
	free(want);
	free(have);
}

static char *makefile_var(const char *makefile, const char *var)
{
	char *key = xasprintf("\n%s =", var), *p = strstr(makefile, key), *v;

	free(key);
	if (!p)
		return xstrdup("");
	p += strlen(var) + 3;
	p += strspn(p, " \t");
	v = strndup(p, strcspn(p, " \t\n"));
	return v;
}

/* VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION of a tree, as kbuild spells it. */
static char *tree_version(const char *srcdir)
{
	char *path = xasprintf("%s/Makefile", srcdir), *mk = read_file(path, NULL), *v[4], *ver;

	if (!mk)
		fail(EXIT_BAD_INPUT, "%s is not a kernel source tree (no Makefile)", srcdir);
	free(path);
	path = xasprintf("\n%s", mk);
	v[0] = makefile_var(path, "VERSION");
	v[1] = makefile_var(path, "PATCHLEVEL");
	v[2] = makefile_var(path, "SUBLEVEL");
	v[3] = makefile_var(path, "EXTRAVERSION");
	ver = xasprintf("%s.%s.%s%s", v[0], v[1], v[2], v[3]);
	for (int i = 0; i < 4; i++)
		free(v[i]);
	free(path);
	free(mk);
	return ver;
}

/* Whether the banner names version as the distribution's: "Debian 6.1.192-2". */
static bool banner_names(const char *banner, const char *version)
{
	size_t n = strlen(version);

	for (const char *p = banner; (p = strstr(p, version)); p += n)
		if (p > banner && p[-1] == ' ' && (p[n] == '-' || p[n] == ' ' || p[n] == '+'))
			return true;
	return false;
}

static void add_make_var(struct kpb_build *b, const char *name, const char *value)
{
	char *var = xasprintf("%s=%s", name, value);

	strlist_add(&b->make_vars, var);
	free(var);
}

/*
 * Kconfig records the Rust toolchain it found (RUSTC_VERSION); a kernel
 * built without one says 0, and a rustc here would change the config.
 */
static void hide_rust(struct kpb_build *b)
{
	char *v = config_option(b->config, "RUSTC_VERSION");

	if (v && !strcmp(v, "0"))
		add_make_var(b, "RUSTC", "false");
	free(v);
}

/*
 * The vmlinux's release must be the one the tree and config build
 * (VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION CONFIG_LOCALVERSION); or, for a
 * distribution kernel, whose release ("6.1.0-56-amd64") is set by its
 * packaging, the banner must name the tree's version ("Debian 6.1.192-2"),
 * and kbuild is given the release.
 */
/* kernel_release: the --kernel release the tree came from, or NULL. */
static void check_tree(struct kpb_build *b, const char *kernel_release)
{
	char *kernel = xasprintf("%s/kernel/livepatch", b->srcdir);
	char *local = config_option(b->config, "LOCALVERSION"), *banner, *ver, *rel;

	if (!file_exists(kernel))
		fail(EXIT_BAD_INPUT, "%s is not a kernel source tree with livepatch support",
		     b->srcdir);
	banner = vmlinux_banner(b->vmlinux);
	b->release = strndup(banner, strcspn(banner, " "));
	ver = tree_version(b->srcdir);
	rel = xasprintf("%s%s", ver, local ? local : "");
	if (strcmp(rel, b->release)) {
		if (!banner_names(banner, ver))
			fail(EXIT_BAD_INPUT, "%s is Linux %s but the source tree %s with this config is %s: "
			     "use the tree and config the running kernel was built from",
			     b->vmlinux, b->release, b->srcdir, rel);
		b->distro = true;
		add_make_var(b, "KERNELRELEASE", b->release);
	}
	/* Debian's patches differ between revisions of one upstream version. */
	if (b->distro_version && !banner_names(banner, b->distro_version))
		fail(EXIT_BAD_INPUT, "%s is not Debian %s: its banner says \"%s\", but the source and "
		     "packages of --kernel %s are version %s; give the vmlinux of that kernel, or the "
		     "--kernel release it belongs to", b->vmlinux, b->distro_version, banner,
		     kernel_release, b->distro_version);
	free(rel);
	free(ver);
	free(banner);
	free(local);
	free(kernel);
}

void check_inputs(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r)
{
	struct strlist applied;

	if (!file_exists(b->srcdir))
		fail(EXIT_BAD_INPUT, "source tree %s does not exist", b->srcdir);
	if (!file_exists(b->config))
		fail(EXIT_BAD_INPUT, "config %s does not exist", b->config);
	if (!file_exists(b->vmlinux))
		fail(EXIT_BAD_INPUT, "vmlinux %s does not exist", b->vmlinux);
	check_config(b);
	check_tree(b, o->kernel);
	find_kernel_build(b, o->kernel);
	check_compiler(b);
	add_make_var(b, "CC", b->cc);
	hide_rust(b);
	r->bases = load_bases(&o->base_kos, b->release);
	r->nr_bases = o->base_kos.nr;
	check_patches_apply(o, r, b->workdir);
	r->previous = load_previous(&o->previous_kos, b->release);
	r->nr_previous = o->previous_kos.nr;
	applied = hotfixes_applied(o, r, b->workdir);
	check_hotfixes(o, r, &applied);
	strlist_free(&applied);
}
