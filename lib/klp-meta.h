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

#endif
