// SPDX-License-Identifier: GPL-2.0
/*
 * Short jumps between functions of one named section.  A tail call the
 * compiler shortened to a rel8 jmp or jcc (mutex_lock to its __sched slow
 * path) has no room for a relocation: section-calls.c marks it with an
 * R_PC8 against the callee, read by the rest of the engine as any
 * reference.  In the copy, the site jumps instead to a "jmp rel32"
 * appended to the function, which carries the relocation a section of its
 * own would have had (to the running callee, or to its new copy: output.c
 * writes it there).  A site farther than 127 bytes from that jump cannot
 * reach it: refused.
 */
#include <string.h>

#include "arch.h"
#include "cdo.h"


bool is_far_jump(const struct reloc *r)
{
	return r->type == R_PC8;
}

static void note_far_jump(struct cdo *cdo, const struct symbol *func, const struct reloc *r,
			  unsigned long at)
{
	GROW(cdo->far_jumps, cdo->alloc_far_jumps, cdo->nr_far_jumps);
	cdo->far_jumps[cdo->nr_far_jumps++] = (struct far_jump){ func, r, at };
	note_thunk(cdo, func, r->offset - func->value, at);
}

void append_far_jumps(struct cdo *cdo, const struct symbol *func, struct section *out,
		      unsigned long off)
{
	size_t nr = 0;
	const struct reloc *r = func->sec->rela ?
		elf_relocs_in(func->sec, func->value, func->value + func->size, &nr) : NULL;

	for (size_t k = 0; k < nr; k++) {
		unsigned long site = r[k].offset - func->value, at;
		long reach;

		if (!is_far_jump(&r[k]))
			continue;
		at = elf_append(out, NULL, JUMP32_SIZE, 1);
		write_jump(out->data + at, JUMP32_SIZE, JUMP32_SIZE);	/* its relocation says where */
		reach = (long)at - (long)(off + site + 1);
		if (reach > 127)
			refuse(cdo, "give the caller or its callee a section of its own in the patch (drop the section attribute), so that the compiler emits a jump a relocation can follow",
			       "function '%s' jumps to '%s' of the same section %s with a 2-byte jump at +0x%lx, %ld bytes before the jump that must carry its relocation after the function's end (at most 127)",
			       func->name, r[k].sym->name, func->sec->name, site - 1, reach);
		out->data[off + site] = (unsigned char)reach;
		note_far_jump(cdo, func, &r[k], at);
	}
}

unsigned long far_jump_at(const struct cdo *cdo, const struct reloc *r)
{
	for (size_t i = 0; i < cdo->nr_far_jumps; i++)
		if (cdo->far_jumps[i].reloc == r)
			return cdo->far_jumps[i].at;
	die("%s: internal error: no jump was appended for the short jump at %s+0x%lx",
	    cdo->patched_path, r->sec->base->name, r->offset);
}
