/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPATCH_BUILD_H
#define KPATCH_BUILD_H

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
	int group;		/* index in opt->groups; -1 outside a series */
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
	char *sign_key, *sign_cert;	/* --sign-key, --sign-cert */
	bool full_build;	/* build the whole original kernel */
	char *series;		/* --series FILE */
	char *version;		/* the series' version: MODULE_VERSION */
	struct kpb_patch *patches;
	size_t nr_patches;
	struct kpb_group *groups;
	size_t nr_groups;
	struct strlist allow_drop;
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
	char *tooldir;		/* where it, create-diff-object and klp-convert are */
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
};

/* What the run found and decided, unit by unit and for the module. */
struct kpb_results {
	struct unit *units;
	size_t nr_units;
	struct kpb_module *mods;
	size_t nr_mods;
	struct kpb_base *bases;		/* --base: the stacked modules below */
	size_t nr_bases;
	struct kpb_base *previous;	/* --previous: what this release replaces */
	size_t nr_previous;
	char **force;		/* functions replaced because a base calls their callee */
	size_t nr_force;
	struct kpb_func *funcs;
	size_t nr_funcs, alloc_funcs;
	struct kpb_state *states;
	size_t nr_states;
	struct strlist dropped;	/* functions --allow-drop let go, as sysfs names them */
	void *release_report;	/* json_object: the comparison with --previous */
	char *module;		/* the final module, in workdir */
	char *identity;		/* its manifest's hash, once sealed */
	char *output;		/* where it was installed */
	bool signed_module;
};

extern const struct kpb_options *opt;
extern struct kpb_build *bld;
extern struct kpb_results *res;

/* stage.c: progress on stderr, timings for the report */
void stage_begin(const char *what);
void stage_end(void);
double stage_elapsed_total(void);
void stages_to_json(void *array);

/* run.c */
void catch_signals(void);
int run(const char *dir, char *const argv[]);
/* A child's arguments, and files for its standard streams (NULL: the log). */
struct cmd {
	struct strlist args;
	char *in, *out, *err;
};
/* The marker cmd_script turns into positional parameter n (1-9). */
#define PARAM(n) "\001" #n
void cmd_add(struct cmd *c, const char *arg);
/* Each argument up to a NULL. */
void cmd_args(struct cmd *c, ...) __attribute__((sentinel));
char **cmd_argv(struct cmd *c);
void cmd_script(struct cmd *c, const char *script, const char *const values[], size_t n);
void cmd_free(struct cmd *c);
int run_cmd(const char *dir, struct cmd *c);
/* With envp as the whole environment. */
int run_env(const char *dir, char *const argv[], char *const envp[]);
/* The same, started now and finished later (its exit status). */
pid_t start_env(const char *dir, char *const argv[], char *const envp[]);
int finish(pid_t pid);
int run_make(const char *dir, char *const args[]);
/* Its argument vector (the array is the caller's to free). */
char **make_argv(const char *dir, char *const args[]);
char *run_capture(const char *dir, char *const argv[]);
/* The same, whatever the exit status. */
char *run_capture_any(const char *dir, char *const argv[]);
/* Run command(unit) for every unit in objdir, -j at a time: unit->status. */
void run_units(void (*command)(struct unit *, struct cmd *), const char *what);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* From now on die() writes the report and cleans up as fail() does. */
void fail_on_die(void);
void write_file(const char *path, const char *data, size_t size);
bool file_exists(const char *path);
void remove_tree(const char *path);

/* checks.c */
void check_inputs(void);
/* CONFIG_name in the running kernel's config (read once), or NULL when unset */
char *config_option(const char *name);
/* "6.1.0-56-amd64 (...) #1 SMP ... Debian 6.1.192-2 (...)": after "Linux version " */
char *vmlinux_banner(const char *vmlinux);

/* kernel-build.c: the build the running kernel came from, if the user has it */
void find_kernel_build(void);

/* view.c */
/* Read a patch once: the files it touches, its name and hash. */
void read_patch_files(struct kpb_patch *patch);
void make_view(const char *src, const char *dst);
/* Create the directories above path. */
void make_parents(const char *path);
/* mkdir -p */
void make_dirs(const char *dir);
void make_sparse_view(const char *src, const char *dst, struct strmap *files);
/* Copies of the files patches touch, from the patch root into scratch. */
void copy_patched_files(const char *scratch, const struct kpb_patch *patches, size_t nr);
void apply_patch_list(const char *view, const struct kpb_patch *patches, size_t nr);
/* The bases' patches, then the new ones. */
void apply_patches(const char *view);
void apply_base_patches(const char *view);
void check_patches_apply(void);

/* build.c */
void prepare_original(void);
char *build_key(const char *recipe, const char *extra);
void check_same_config(const char *built);

/* prepare.c */
void prepare_tree(void);
void compile_originals(void);

/* depscan.c: what the scan of a prepared tree records stays in this directory of it */
#define DEPS_DIR ".kpb-deps"
void units_including(const char *header, struct strlist *objs);
/* Exit 5 unless kbuild's dry run of the configuration compiles obj. */
void refuse_outside_configuration(const char *obj);

/* includes.c: the #include lines of the view and the object directory */
struct include_graph;
struct include_graph *include_graph_read(const struct strlist *commands);
/* Into readers (keys allocated): every file that may read header (tree-relative). */
void possible_readers(const struct include_graph *g, const char *header, struct strmap *readers);
void include_graph_free(struct include_graph *g);
/* path relative to the view or the object directory, normalized; NULL outside both. */
char *tree_relative(const char *path);

/* match.c: the rebuilt original is what runs (exit 5 if not) */
void check_same_functions(const char *ours, const char *theirs, const char *from);
void check_unit_is_running(const struct unit *u);

/* stack.c */
void add_base(const char *ko);
void load_deployed(struct kpb_base *d, bool as_base);
void find_deployed_patches(struct kpb_base *d);
void load_bases(void);
/* why plus "kind: what", grouping what under a kind already there; why is freed. */
char *add_reason(char *why, const char *kind, const char *what);
void classify_against_bases(void);
bool add_direct_call_fixes(void);
void check_direct_call_fixes(void);
bool base_depended_on(const struct kpb_base *b);
char *bases_symvers(void);
void bases_into(struct manifest *m);
char *ident_of(const char *name);

/* series.c */
void read_series(struct kpb_options *o, const char *path);
const char *patch_label(const struct kpb_patch *p);

/* states.c */
void collect_states(void);
unsigned long state_version(unsigned long id);
char *shared_klp_state(const struct kpb_base *b, char *why);
void states_into(struct manifest *m);

/* release.c */
void add_previous(const char *ko);
void load_previous(void);
void check_hotfixes(void);
void compare_release(void);
void previous_into(struct manifest *m);
char *func_key(const char *objname, const char *name, unsigned long pos);

/* facts.c: moddir/facts.o, the module's modinfo, states, bases and build ids */
char *write_facts(const char *moddir);

/* identity.c: the builds the module is for */
/* into id (KLP_BUILD_ID_MAX bytes): its length, 0 if path has none */
size_t build_id(const char *path, unsigned char *id);
char *build_id_hex(const char *path);
void put_build_ids(char **out, int (*put_name)(char **out, const char *name));

/* debian.c */
void use_debian_kernel(const char *release);

/* kbuild.c */
/* Called first: kpatch-build may be running as make for a recording. */
void kbuild_record_if_asked(char **argv);
int kbuild_module(const char *moddir, char *const extra[]);
/* Start making one file of moddir; 0 if this tree's kbuild cannot. */
pid_t kbuild_start_file(const char *moddir, const char *file);

/* oot.c */
void oot_units(void);

/* units.c */
void find_units(void);
/* kbuild's command for u, reading view and writing out */
void unit_command(const struct unit *u, const char *view, const char *out, struct cmd *c);
void compile_units(void);
/* whether u's compile read file (relative to the tree) */
bool unit_reads(const struct unit *u, const char *file);

/* module.c */
void diff_units(void);
void start_module(void);
void build_module(void);
void install_module(void);

/* manifest.c */
struct elf;
void read_replaced(void);
void seal_manifest(void);
void embed_manifest(struct elf *ko);
int print_info(const char *ko, bool json);
void shadow_ids(struct strlist *ids);

/* report.c */
struct json_object *strlist_to_json(const struct strlist *l);
/* o[key], or NULL; as a string, or "" */
struct json_object *json_get(struct json_object *o, const char *key);
const char *json_str(struct json_object *o, const char *key);
void write_report(int status, const char *reason);

#endif
