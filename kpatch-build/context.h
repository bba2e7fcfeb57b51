/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_CONTEXT_H
#define KPB_CONTEXT_H

/* The driver's context: what was asked, the kernel build, the results. */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "engine-report.h"
#include "manifest.h"
#include "strmap.h"
#include "util.h"

/* Exit codes beyond util.h's: every refusal of bad input is its own. */
enum kpb_exit {
	EXIT_BAD_INPUT = 5,	/* tree, config, vmlinux, compiler or patch mismatch */
	EXIT_BUILD = 6,		/* a kernel or module build failed */
	EXIT_INTERRUPTED = 7,
};

struct kpb_patch {
	char *path;		/* absolute */
	const char *name;	/* its file name: how manifests name it */
	char *hash;		/* content_hash() of the file as read */
	char **files;		/* files it touches, relative to the tree */
	size_t nr_files;
	int group;		/* index in the options' groups; -1 outside a series */
};

/* A group of a series file: the base set or an addition, with its label. */
struct kpb_group {
	char *kind;		/* "base" or "addition" */
	char *label;
};

/*
 * A deployed livepatch module, from its manifest: a stacked patch this one
 * is built on (--base), or a module the new release replaces (--previous).
 */
struct kpb_base {
	char *ko;
	char *name;		/* module name */
	char *ident;		/* as a C identifier */
	struct manifest manifest;
	char *identity;		/* its manifest's hash (manifest_identity) */
	struct kpb_patch *patches;
	size_t nr_patches;
	/* base: "independent", or why this patch depends on it;
	 * previous hot fix: how the series includes it */
	char *relation;
	bool referenced;	/* this patch's code uses symbols of the base */
	bool replace;		/* a replace (cumulative) module */
	/*
	 * A previous release: what it superseded in turn ("ident=identity",
	 * its klp_previous_ids) and the functions it let go (klp_dropped).
	 * Loading this release replaces those too.
	 */
	struct strlist superseded, dropped;
};

/* A function the module replaces, from the diff outputs' metadata. */
struct kpb_func {
	char *objname, *name;
	unsigned long sympos;
	char *hash;		/* of its new code and what that code refers to */
};

/* A klp_state of the module. */
struct kpb_state {
	unsigned long id, version;
	char *from;		/* the unit declaring it, or the release it is carried from */
	bool carried;
};

/* A module of the build: kbuild's <name>.mod lists its objects. */
struct kpb_module {
	char *name;		/* with '-' as '_' */
	char *ko;
	char *objects;
};

/* One translation unit the patches affect. */
struct unit {
	char *obj;		/* kbuild-relative object path, fs/proc/cmdline.o */
	char *orig_obj;		/* the original object (relative to objdir or absolute) */
	char *cmd;		/* kbuild's command line for it */
	char *deps;		/* kbuild's list of the files it read */
	char *objname;		/* "vmlinux" or the module it belongs to */
	char *target;		/* the vmlinux or .ko the diff resolves against */
	char *patched_obj;	/* where the patched object was compiled */
	char *output;		/* create-diff-object's output */
	int status;		/* create-diff-object's exit status */
	struct engine_report report;	/* what it decided, with status 0 */
};

/* What was asked: the command line and the series file; read-only after main.c's parsing. */
struct kpb_options {
	char *patch_root;	/* the tree the patches apply to */
	char *name, *outdir, *cache, *json;
	char *oot_module, *oot_module_src;
	char *kernel;		/* --kernel: a Debian kernel release */
	char *packages;		/* --packages: where Debian's .deb files are kept */
	char *kernels;		/* --kernels SPEC: one build per kernel (kernels.c) */
	char *plan;		/* --plan FILE: write those builds as jobs instead */
	int kernel_jobs;	/* --kernel-jobs: kernels built at once */
	bool no_fuzz;		/* --no-fuzz: a patch must apply without fuzz */
	char *sign_key, *sign_cert;	/* --sign-key, --sign-cert */
	bool deb;		/* --deb: a Debian package of the module too */
	char *deb_version, *deb_name;	/* --deb-version, --deb-name */
	bool full_build;	/* build the whole original kernel */
	char *series;		/* --series FILE */
	char *version;		/* the series' version: MODULE_VERSION */
	struct kpb_patch *patches;
	size_t nr_patches;
	struct kpb_group *groups;
	size_t nr_groups;
	struct strlist allow_drop;
	struct strlist base_kos;	/* --base KO: deployed stacked modules below, in load order */
	struct strlist previous_kos;	/* --previous KO: deployed modules this release replaces */
	char **targets;		/* make targets of the original build */
	size_t nr_targets;
	int jobs;
	bool replace, debug, skip_cleanup;
};

/* The kernel being patched and the trees this run builds it in. */
struct kpb_build {
	char *srcdir, *config, *vmlinux, *build_dir;	/* given, or found (--kernel, kernel-build.c) */
	char *symvers;		/* Module.symvers of the running kernel (prepared tree) */
	char *modules_dir;	/* its modules (/lib/modules/RELEASE) */
	char *tree_id;		/* identity of a tree no one edits (--kernel's), else NULL */
	char *distro_version;	/* --kernel: the version of its packages (6.1.192-2) */
	char *self;		/* this executable */
	char *tooldir;		/* where it and create-diff-object are */
	char *templates;
	char *release;		/* kernel release of the vmlinux */
	char *cc;		/* the compiler the kernel was built with */
	bool distro;		/* a distribution kernel: its release is not the tree's */
	bool objtool_later;	/* kbuild runs objtool on the final module */
	bool checks_signatures;	/* CONFIG_MODULE_SIG: unsigned modules taint it */
	struct strlist make_vars;	/* CC=, KERNELRELEASE= for every make */
	char *workdir;		/* this run's scratch directory */
	char *log;		/* full log of this run */
	char *objdir;		/* the original build (kbuild O= directory) */
	char *view;		/* the original source view the build used */
	char *patched_view;
	char *orig_view;	/* with --base: the tree plus the bases' patches */
	bool cache_hit;
	const char *original;	/* "full build", "build dir" or "prepared tree" */
	struct target *vmlinux_syms;	/* read once a run (match.c: vmlinux_symbols) */
};

/* What the run found and decided, unit by unit and for the module. */
struct kpb_results {
	const char *failure;		/* what failed, for the report: "patch does not apply" */
	struct unit *units;
	size_t nr_units;
	struct kpb_module *mods;
	size_t nr_mods;
	struct kpb_base *bases;		/* the options' base_kos as loaded, with their relations */
	size_t nr_bases;
	struct kpb_base *previous;	/* the options' previous_kos as loaded */
	size_t nr_previous;
	struct kpb_func *funcs;
	size_t nr_funcs, alloc_funcs;
	struct kpb_state *states;
	size_t nr_states;
	struct strlist dropped;	/* functions --allow-drop let go, as sysfs names them */
	void *release_report;	/* json_object: the comparison with --previous */
	char *module;		/* the final module, in workdir */
	char *identity;		/* its manifest's hash, once sealed */
	char *output;		/* where it was installed */
	char *deb;		/* --deb: the package, in workdir, then where it was installed */
	bool signed_module;
};

#endif
