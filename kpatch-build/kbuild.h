/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KBUILD_H
#define KPB_KBUILD_H

/* The kernel being patched: its inputs checked, its original build (in
 * the cache, prepared, or the user's) and what kbuild knows about it. */
#include "cache.h"
#include "context.h"

/* checks.c */
void check_inputs(void);
/* CONFIG_name in the running kernel's config (read once), or NULL when unset */
char *config_option(const char *name);
/* kernel-build.c: the build the running kernel came from, if the user has it */
void find_kernel_build(void);
/* "6.1.0-56-amd64 (...) #1 SMP ... Debian 6.1.192-2 (...)": after "Linux version " */
char *vmlinux_banner(const char *vmlinux);

/* build.c */
void prepare_original(void);
void check_same_config(const char *built);

/* tree-cache.c */
char *build_key(const char *recipe, const char *extra);
/* The kernel tree kept at dir (src/ and obj/), made by fill(dir, key) unless cached. */
void use_cached_tree(const char *dir, cache_fill fill, void *key, const char *what);

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

/* debian.c */
void use_debian_kernel(const char *release);
/* debian-source.c: the packaged source is the kernel's (exit 5 if not) */
void check_debian_source(const char *release, const char *version, const char *srcdir,
			 const char *root, const char *package);

/* kbuild.c */
/* Called first: kpatch-build may be running as make for a recording. */
void kbuild_record_if_asked(char **argv);
int kbuild_module(const char *moddir, char *const extra[]);
/* Start making one file of moddir; 0 if this tree's kbuild cannot. */
pid_t kbuild_start_file(const char *moddir, const char *file);

#endif
