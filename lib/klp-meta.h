/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_META_H
#define KLP_META_H

/*
 * Metadata the diff engine leaves in its output for the module template:
 * what to replace, and which callbacks to run.  Every pointer-sized field
 * is filled by an R_X86_64_64 relocation; strings live in KLP_META_STRINGS.
 */
#include <stdint.h>

#define KLP_META_FUNCS		".kpatch.funcs"
#define KLP_META_STRINGS	".kpatch.strings"
/* followed by pre_patch, post_patch, pre_unpatch or post_unpatch */
#define KLP_META_CALLBACKS	".kpatch.callbacks."
/*
 * KLP_STATE(id, version) declarations: {id, version} pairs of uint64_t.
 * Input for the driver (it builds klp_patch.states), not engine output.
 */
#define KLP_META_STATES		".kpatch.states"

/*
 * Written by the driver (kpatch-build/facts.c) into patch.o: what is only
 * known once every object is compared.
 *   KLP_META_PATCH_STATES  klp_patch.states: {id, version} uint64_t pairs
 *   KLP_META_BASES         struct klp_meta_base per stacked patch it depends on
 *   KLP_META_REF_OBJECTS   a name pointer per stacked patch whose symbols its
 *                          code uses
 *   KLP_META_BUILD_IDS     struct klp_meta_build_id for the vmlinux and each
 *                          module it patches: the build it was made for
 *   KLP_META_IDENTITY      the module's identity, a string: the hash of its
 *                          manifest
 */
#define KLP_META_PATCH_STATES	".kpatch.patch_states"
#define KLP_META_BASES		".kpatch.bases"
#define KLP_META_REF_OBJECTS	".kpatch.ref_objects"
#define KLP_META_BUILD_IDS	".kpatch.build_ids"
#define KLP_META_IDENTITY	".kpatch.identity"

/* GNU build ids are 20 bytes (sha1) as the kernel links them; room for more. */
#define KLP_BUILD_ID_MAX	32

struct klp_meta_func {
	uint64_t new_func;	/* the replacement function */
	uint64_t old_name;	/* its name in the patched object's symbol table */
	uint64_t objname;	/* "vmlinux" or the module name */
	uint64_t sympos;	/* 0: the name is unique there */
};

struct klp_meta_callback {
	uint64_t fn;
	uint64_t objname;
};

struct klp_meta_base {
	uint64_t enabled;	/* the base's klp_patch_enabled_<name>() */
	uint64_t name;		/* its module name */
	uint64_t identity;	/* the base's klp_patch_identity_<name>() */
	uint64_t built_on;	/* the identity this patch was built on */
};

struct klp_meta_build_id {
	uint64_t objname;	/* "vmlinux" or the module name */
	uint64_t size;		/* bytes of id */
	uint8_t id[KLP_BUILD_ID_MAX];
};

#endif
