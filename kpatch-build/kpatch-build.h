/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPATCH_BUILD_H
#define KPATCH_BUILD_H

#include <stdbool.h>
#include <stddef.h>

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
	char **files;		/* files it touches, relative to the tree */
	size_t nr_files;
};

/* A stacked patch this one is built on (--base), from its manifest. */
struct kpb_base {
	char *ko;
	char *name;		/* module name */
	char *ident;		/* as a C identifier */
	void *manifest;		/* json_object */
	struct kpb_patch *patches;
	size_t nr_patches;
	char *relation;		/* "independent", or why this patch depends on it */
	bool referenced;	/* this patch's code uses symbols of the base */
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
	char *changed;		/* what it printed */
};

struct kpb {
	/* options */
	char *patch_root;	/* the tree the patches apply to */
	char *srcdir, *config, *vmlinux, *name, *outdir, *cache, *build_dir;
	char *json, *oot_module, *oot_module_src;
	struct kpb_patch *patches;
	size_t nr_patches;
	char **targets;		/* make targets of the original build */
	size_t nr_targets;
	int jobs;
	bool replace, debug, skip_cleanup;

	/* derived */
	char *tooldir;		/* where create-diff-object and klp-convert are */
	char *templates;
	char *release;		/* kernel release of the vmlinux */
	char *workdir;		/* this run's scratch directory */
	char *log;		/* full log of this run */
	char *objdir;		/* the original build (kbuild O= directory) */
	char *view;		/* the original source view the build used */
	char *patched_view;
	struct unit *units;
	size_t nr_units;
	struct kpb_module *mods;
	size_t nr_mods;
	struct kpb_base *bases;
	size_t nr_bases;
	char *orig_view;	/* with --base: the tree plus the bases' patches */
	char **force;		/* functions replaced because a base calls their callee */
	size_t nr_force;
	char *module;		/* the final module, in workdir */
	char *output;		/* where it was installed */
	bool cache_hit;
};

extern struct kpb *kpb;

/* stage.c: progress on stderr, timings for the report */
void stage_begin(const char *what);
void stage_end(void);
double stage_elapsed_total(void);
void stages_to_json(void *array);

/* run.c */
void catch_signals(void);
int run(const char *dir, char *const argv[]);
int run_shell(const char *dir, const char *cmd);
char *run_capture(const char *dir, char *const argv[]);
/* Run command(unit) for every unit in objdir, -j at a time: unit->status. */
void run_units(char *(*command)(struct unit *), const char *what);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
char *read_file(const char *path, size_t *size);
void write_file(const char *path, const char *data, size_t size);
bool file_exists(const char *path);
void remove_tree(const char *path);

/* checks.c */
void check_inputs(void);
/* The contents of a named section of an ELF file (NUL-added), or NULL. */
char *elf_section(const char *path, const char *name, size_t *size);
/* CONFIG_name's value in .config text that starts with a newline, or NULL */
char *config_value(const char *config, const char *name);

/* view.c */
void read_patch_files(struct kpb_patch *patch);
void make_view(const char *src, const char *dst);
/* Create the directories above path. */
void make_parents(const char *path);
void make_sparse_view(const char *src, const char *dst, struct strmap *files);
void apply_patch_list(const char *view, const struct kpb_patch *patches, size_t nr);
/* The bases' patches, then the new ones. */
void apply_patches(const char *view);
void apply_base_patches(const char *view);
void check_patches_apply(void);

/* build.c */
void prepare_original(void);
void check_same_functions(const char *ours, const char *theirs, const char *from);

/* stack.c */
void add_base(const char *ko);
void load_bases(void);
void classify_against_bases(void);
bool add_direct_call_fixes(void);
void check_direct_call_fixes(void);
void write_bases_header(const char *moddir);
char *bases_symvers(void);
void *bases_to_json(void);
char *ident_of(const char *name);

/* oot.c */
void oot_units(void);

/* units.c */
void find_units(void);
void compile_units(void);

/* module.c */
void diff_units(void);
void build_module(void);
void install_module(void);

/* manifest.c */
struct elf;
void embed_manifest(struct elf *ko);
int print_info(const char *ko, bool json);
struct json_object *shadow_ids(void);
/* "xxh128:<hex>": how manifests identify patch files and code */
char *content_hash(const void *data, size_t size);

/* report.c */
void write_report(int status, const char *reason);

#endif
