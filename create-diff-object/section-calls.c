// SPDX-License-Identifier: GPL-2.0
/*
 * Functions that share one named section (__sched, __lockfunc, __cpuidle,
 * .meminit.text...): -ffunction-sections does not split them, so the
 * assembler resolves a call or jump from one to another itself, with no
 * relocation.  Each such rel32 displacement is spelled here as the
 * relocation a section of its own would have had, before anything else
 * reads the objects: the rest of the engine then sees a reference like any
 * other (to the running callee, or to its new copy).  A short (rel8) jump
 * cannot be relocated: it is left as it is, and the verifier refuses it.
 */
#include <string.h>

#include "cdo.h"
#include "insn.h"

/* A branch whose last 4 bytes are its displacement: call, jmp, jcc rel32. */
static bool is_rel32_branch(const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;

	return cs_insn_group(insn_handle(), insn, CS_GRP_BRANCH_RELATIVE) && x->op_count == 1 &&
	       x->operands[0].type == X86_OP_IMM && x->encoding.imm_size == 4 &&
	       x->encoding.imm_offset + 4u == insn->size;
}

static void relocate_branch(struct section *sec, const struct symbol *func, const cs_insn *insn)
{
	unsigned long at = insn->address + insn->size - 4, target = insn->detail->x86.operands[0].imm;
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
	memset(sec->data + at, 0, 4);
	/* a branch, as gas spells one to a symbol: output.c tells calls by it */
	elf_add_reloc(sec, at, R_X86_64_PLT32, callee, (long)(target - callee->value) - 4);
	dbg("%s: %s+0x%lx: %s to %s, resolved by the assembler, now a relocation", sec->name,
	    func->name, insn->address - func->value, insn->mnemonic, callee->name);
}

static void relocate_function(struct section *sec, const struct symbol *func)
{
	cs_insn *insn;
	size_t count = cs_disasm(insn_handle(), sec->data + func->value, func->size, func->value,
				 0, &insn);

	for (size_t i = 0; i < count; i++)
		if (is_rel32_branch(&insn[i]))
			relocate_branch(sec, func, &insn[i]);
	if (count)
		cs_free(insn, count);
}

static void relocate_section_calls(struct elf *elf)
{
	struct section *sec;

	for_each_section(elf, sec, i) {
		size_t funcs = 0;

		if (!is_text(sec) || !sec->data)
			continue;
		for (size_t s = 0; s < sec->nr_syms; s++)
			funcs += is_func(sec->syms[s]) && sec->syms[s]->size;
		if (funcs < 2)
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
