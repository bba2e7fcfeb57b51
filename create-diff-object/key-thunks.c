// SPDX-License-Identifier: GPL-2.0
/*
 * The thunks that stand for the static branches on a key of the patched
 * module (key-branches.c says why): appended to each function's copy, the
 * site made a jump to its own, and their relocations.
 */
#include <string.h>

#include "arch.h"
#include "cdo.h"

#define CMP_DISP 2		/* cmpl $0, disp32(%rip): 83 3d disp32 00 */
#define JCC_DISP 9		/* jg/jle rel32: 0f 8f/8e rel32 */
#define JMP_DISP 14		/* jmp rel32: e9 rel32 */

static void put_rel32(unsigned char *p, long disp)
{
	int32_t v = (int32_t)disp;

	memcpy(p, &v, sizeof(v));
}

static void append_thunk(struct cdo *cdo, struct section *out, unsigned long off,
			 struct key_branch *b)
{
	unsigned char t[KEY_THUNK_SIZE] = { 0x83, 0x3d, 0, 0, 0, 0, 0x00, 0x0f, 0x8f, 0, 0, 0, 0, 0xe9 };
	unsigned long thunk = elf_append(out, t, sizeof(t), 1), site = off + b->site;

	if (b->branch)
		out->data[thunk + 8] = 0x8e;
	if (b->target.sym == b->func)
		put_rel32(out->data + thunk + JCC_DISP,
			  (long)(off + b->target.offset) - (long)(thunk + JCC_DISP + 4));
	put_rel32(out->data + thunk + JMP_DISP, (long)(site + b->len) - (long)(thunk + KEY_THUNK_SIZE));
	if (b->len == 2) {
		out->data[site] = 0xeb;
		out->data[site + 1] = (unsigned char)(thunk - (site + 2));
	} else {
		out->data[site] = 0xe9;
		put_rel32(out->data + site + 1, (long)thunk - (long)(site + 5));
	}
	b->thunk = thunk;
	note_thunk(cdo, b->func, b->site, thunk);
}

/*
 * After func's bytes at off in out: its thunks (those of 2-byte sites
 * first, in the order short_thunk_at() counted them), each site turned
 * into a jump to its own.  The copy's symbol covers them.
 */
void append_thunks(struct cdo *cdo, const struct symbol *func, struct section *out,
		   unsigned long off)
{
	for (unsigned int len = 2; len <= 5; len += 3) {
		for (size_t i = 0; i < cdo->nr_branches; i++) {
			struct key_branch *b = &cdo->branches[i];

			if (b->func == func && b->len == len)
				append_thunk(cdo, out, off, b);
		}
	}
}

/*
 * The thunks' relocations: the key, and a target outside the function
 * (its .cold part), against the section symbol, which objtool follows as
 * a jump and not as a call.
 */
void emit_thunk_relocs(struct cdo *cdo)
{
	for (size_t i = 0; i < cdo->nr_branches; i++) {
		struct key_branch *b = &cdo->branches[i];
		struct symbol *copy = b->func->priv, *key, *target;
		long addend;

		output_translate(cdo, b->key, &key, &addend);
		elf_add_reloc(copy->sec, b->thunk + CMP_DISP, R_PC32, key,
			      (addend & ~3L) - 5);
		if (b->target.sym == b->func)
			continue;
		target = b->target.sym->priv;
		if (!target)
			die("%s: internal error: the branch target %s of %s is not included",
			    cdo->patched_path, b->target.sym->name, b->func->name);
		elf_add_reloc(copy->sec, b->thunk + JCC_DISP, R_PC32,
			      elf_section_symbol(target->sec),
			      (long)target->value + b->target.offset - 4);
	}
}
