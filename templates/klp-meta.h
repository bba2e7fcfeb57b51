/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_META_H
#define KLP_META_H

/*
 * Metadata the diff engine leaves in its output for the module template:
 * what to replace, and which callbacks to run.  Every pointer-sized field
 * is filled by an R_X86_64_64 relocation; strings live in KLP_META_STRINGS.
 * One header for both sides: the tools include it, and livepatch.c, which
 * the driver copies next to it into the module's directory.
 */
#ifdef __KERNEL__
#include <linux/types.h>
typedef u64 klp_u64;
typedef u8 klp_u8;
#else
#include <stdint.h>
typedef uint64_t klp_u64;
typedef uint8_t klp_u8;
#endif

#define KLP_META_FUNCS		".kpatch.funcs"
#define KLP_META_STRINGS	".kpatch.strings"
/* followed by pre_patch, post_patch, pre_unpatch or post_unpatch */
#define KLP_META_CALLBACKS	".kpatch.callbacks."
/*
 * KLP_STATE(id, version) declarations: {id, version} pairs of 64-bit words.
 * Input for the driver (it builds klp_patch.states), not engine output.
 */
#define KLP_META_STATES		".kpatch.states"

/*
 * Written by the driver (kpatch-build/facts.c) into patch.o: what is only
 * known once every object is compared.
 *   KLP_META_PATCH_STATES  struct klp_meta_state per klp_state (klp_patch.states)
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
	klp_u64 new_func;	/* the replacement function */
	klp_u64 old_name;	/* its name in the patched object's symbol table */
	klp_u64 objname;	/* "vmlinux" or the module name */
	klp_u64 sympos;		/* 0: the name is unique there */
};

struct klp_meta_callback {
	klp_u64 fn;
	klp_u64 objname;
};

struct klp_meta_state {
	klp_u64 id;
	klp_u64 version;
};

struct klp_meta_base {
	klp_u64 enabled;	/* the base's klp_patch_enabled_<name>() */
	klp_u64 name;		/* its module name */
	klp_u64 identity;	/* the base's klp_patch_identity_<name>() */
	klp_u64 built_on;	/* the identity this patch was built on */
};

struct klp_meta_build_id {
	klp_u64 objname;	/* "vmlinux" or the module name */
	klp_u64 size;		/* bytes of id */
	klp_u8 id[KLP_BUILD_ID_MAX];
};

#endif
