// SPDX-License-Identifier: GPL-2.0
/*
 * The thunks that stand for the static branches on a key of the patched
 * module (key-branches.c says why): appended to each function's copy, the
 * site made a jump to its own, and their relocations.
 */
#include <string.h>

#include "arch.h"
#include "cdo.h"

static void append_thunk(struct cdo *cdo, struct section *out, unsigned long off,
			 struct key_branch *b)
{
	unsigned long thunk = elf_append(out, NULL, KEY_TEST_SIZE, 1), site = off + b->site;

	/* a target inside the function is reached directly, one outside by a relocation */
	write_key_test(out->data + thunk, b->branch,
		       b->target.sym == b->func ? (long)(off + b->target.offset) - (long)thunk : 0,
		       (long)(site + b->len) - (long)thunk);
	write_jump(out->data + site, b->len, (long)thunk - (long)site);
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
		elf_add_reloc(copy->sec, b->thunk + KEY_TEST_KEY, R_PC32, key,
			      (addend & ~3L) - KEY_TEST_KEY_BIAS);
		if (b->target.sym == b->func)
			continue;
		target = b->target.sym->priv;
		if (!target)
			die("%s: internal error: the branch target %s of %s is not included",
			    cdo->patched_path, b->target.sym->name, b->func->name);
		elf_add_reloc(copy->sec, b->thunk + KEY_TEST_TARGET, R_PC32,
			      elf_section_symbol(target->sec),
			      (long)target->value + b->target.offset - 4);
	}
}
