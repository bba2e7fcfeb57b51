/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_MANIFEST_H
#define KPB_MANIFEST_H

/*
 * A livepatch module's manifest, as one type: what this build writes into
 * its module and what it reads back from a base or a previous release.
 * manifest-json.c holds its one reader and one writer, and every JSON key.
 */
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct elf;
struct json_object;

#define MANIFEST_SECTION ".klp.manifest"

struct manifest_patch {
	char *file;		/* its file name */
	char *hash;		/* content_hash() */
	char *group;		/* the label of its series group, or NULL */
};

struct manifest_group {
	char *kind;		/* "base" or "addition" */
	char *label;
	struct strlist patches;	/* file names */
};

struct manifest_func {
	char *name;
	unsigned long sympos;
	char *hash;		/* of its new code */
};

/* What the module does to one object (vmlinux or a module). */
struct manifest_object {
	char *objname;
	struct manifest_func *funcs;	/* replaced */
	size_t nr_funcs, alloc_funcs;
	struct strlist new_functions, new_data;
};

struct manifest_state {
	unsigned long id, version;
	char *from;
};

struct manifest_base {
	char *name, *relation, *identity;	/* identity: NULL if not known */
};

/* A release this one replaces when loaded. */
struct manifest_superseded {
	char *name, *mode;
	char *hotfix;		/* a stacked hot fix: how the series includes it; else NULL */
};

struct manifest {
	char *name;
	bool replace;
	char *version;		/* the series' version, or NULL */
	char *release, *build_id;	/* the kernel it is for */
	struct manifest_patch *patches;
	size_t nr_patches, alloc_patches;
	struct manifest_group *groups;	/* its series, if built from one */
	size_t nr_groups, alloc_groups;
	struct manifest_object *objects;
	size_t nr_objects, alloc_objects;
	struct strlist shadow_ids;
	struct manifest_state *states;
	size_t nr_states, alloc_states;
	struct manifest_base *bases;
	size_t nr_bases, alloc_bases;
	struct manifest_superseded *supersedes;
	size_t nr_supersedes, alloc_supersedes;
	struct strlist dropped;	/* functions it lets go, as sysfs names them */
	char *identity;		/* the hash of the rest, or NULL */
	char *read_identity;	/* manifest_parse(): the identity of what it read */
};

/* manifest-json.c */
struct json_object *manifest_to_json(const struct manifest *m);
/* Parse text; NULL, or what is wrong with it (allocated). */
char *manifest_parse(const char *text, struct manifest *m);
/* The parts a build report shares with the manifest. */
struct json_object *manifest_states_json(const struct manifest *m);
struct json_object *manifest_supersedes_json(const struct manifest *m);
/* The identity of a manifest as written (its JSON without the identity). */
char *manifest_identity(struct json_object *manifest);

/* manifest-type.c */
/* The entry of objname, created on first use (in order of first use). */
struct manifest_object *manifest_object(struct manifest *m, const char *objname);
const struct manifest_object *manifest_find_object(const struct manifest *m, const char *objname);
void manifest_add_func(struct manifest_object *o, const char *name, unsigned long sympos,
		       const char *hash);
void manifest_add_patch(struct manifest *m, const char *file, const char *hash, const char *group);
struct manifest_group *manifest_add_group(struct manifest *m, const char *kind, const char *label);
void manifest_add_state(struct manifest *m, unsigned long id, unsigned long version,
			const char *from);
void manifest_add_base(struct manifest *m, const char *name, const char *relation,
		       const char *identity);
void manifest_add_superseded(struct manifest *m, const char *name, const char *mode,
			     const char *hotfix);
/* Whether it replaces name in objname (any object: NULL). */
/* A kernel module name: at most 55 characters of [A-Za-z0-9_-]. */
bool module_name_ok(const char *name);
bool manifest_replaces(const struct manifest *m, const char *objname, const char *name);
void manifest_free(struct manifest *m);

/* manifest.c: this build's manifest (context.h's structs) */
struct kpb_options;
struct kpb_build;
struct kpb_results;
/* r->funcs: the functions the engine replaced in r's units. */
void read_replaced(struct kpb_results *r);
/* The manifest as JSON, r->identity its hash; embed_manifest() takes it. */
struct json_object *seal_manifest(const struct kpb_options *o, const struct kpb_build *b,
				  struct kpb_results *r);
void embed_manifest(struct elf *ko, struct json_object *manifest);
/* Print the manifest of ko (0), or return an exit status with the reason in *why. */
int print_info(const char *ko, bool json, char **why);

#endif
