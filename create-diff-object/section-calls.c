// SPDX-License-Identifier: GPL-2.0
/*
 * Functions that share one named section (__sched, __lockfunc, __cpuidle,
 * .meminit.text...): -ffunction-sections does not split them, so the
 * assembler resolves a call or jump from one to another itself, with no
 * relocation.  Each such rel32 displacement is spelled here as the
 * relocation a section of its own would have had, before anything else
 * reads the objects: the rest of the engine then sees a reference like any
 * other (to the running callee, or to its new copy).  A short (rel8) jump
 * (a tail call, jmp or jcc) has no room for one: it gets an R_PC8,
 * which the engine reads as any reference and far-jumps.c turns into a
 * jump through a rel32 jump appended to the copy.
 */
#include <string.h>

#include "cdo.h"
#include "arch.h"

static void relocate_branch(struct section *sec, const struct symbol *func,
			    const struct insn *insn)
{
	unsigned int width = insn->branch_width;
	unsigned long at = insn->address + insn->size - width;
	unsigned long target = insn->target;
	struct symbol *callee;
	size_t nr = 0;

	if (target >= func->value && target < func->value + func->size)
		return;
	if (sec->rela)
		elf_relocs_in(sec, insn->address, insn->address + insn->size, &nr);
	callee = nr ? NULL : elf_symbol_at(sec, target);
	if (!callee || !is_func(callee))
		return;
	if (sec->mapped) {
		unsigned char *copy = xmalloc(sec->size);

		memcpy(copy, sec->data, sec->size);
		elf_set_data(sec, copy, sec->size);
	}
	memset(sec->data + at, 0, width);
	/* a branch, as gas spells one to a symbol: output.c tells calls by it */
	elf_add_reloc(sec, at, width == 4 ? R_BRANCH32 : R_PC8, callee,
		      (long)(target - callee->value) - (long)width);
	dbg("%s: %s+0x%lx: %s to %s, resolved by the assembler, now a relocation", sec->name,
	    func->name, insn->address - func->value, insn->mnemonic, callee->name);
}

static void relocate_function(struct section *sec, const struct symbol *func)
{
	struct insn *insn;
	size_t count = insn_decode(sec->data + func->value, func->size, func->value, &insn);

	/* a call, jmp or jcc whose displacement ends it */
	for (size_t i = 0; i < count; i++)
		if (insn[i].branch_width)
			relocate_branch(sec, func, &insn[i]);
	free(insn);
}

static void relocate_section_calls(struct elf *elf)
{
	struct section *sec;

	for_each_section(elf, sec, i) {
		if (!is_text(sec) || !sec->data || elf_nr_functions(sec) < 2)
			continue;
		for (size_t s = 0; s < sec->nr_syms; s++) {
			const struct symbol *func = sec->syms[s];

			if (is_func(func) && func->size && func->value + func->size <= sec->size)
				relocate_function(sec, func);
		}
	}
}

void section_calls(struct cdo *cdo)
{
	relocate_section_calls(cdo->orig);
	relocate_section_calls(cdo->patched);
}
