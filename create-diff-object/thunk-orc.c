// SPDX-License-Identifier: GPL-2.0
/*
 * ORC the copies need that the patched object does not give them.  Code
 * the engine appends to a function's copy (tests of a module's keys,
 * key-thunks.c; jumps for short tail calls, far-jumps.c) stands for its
 * site and moves no stack, so it unwinds as the site does: it gets the
 * site's ORC entry, and the entry that ended the function moves past it.
 * A function out of a shared section gets the entry in effect at its
 * start.  Only where objtool ran on each object (no IBT); where it runs on
 * the final module, it finds the same itself.
 */
#include "arch.h"
#include "cdo.h"

/*
 * The ORC entry in effect at off in func: the last one at or before it in
 * its section, by address.  In a shared named section it may lie in an
 * earlier function (objtool writes one only where the state changes).
 */
static long orc_entry_at(const struct section *ip, const struct symbol *func, unsigned long off)
{
	unsigned long want = func->value + off;
	long best = -1, best_at = -1;

	for (size_t r = 0; ip->rela && r < ip->rela->nr_relocs; r++) {
		const struct reloc *rel = &ip->rela->relocs[r];
		long at = rel->addend + (rel->sym->type == STT_SECTION ? 0 : (long)rel->sym->value);

		if (rel->sym->sec == func->sec && at <= (long)want && at > best_at) {
			best_at = at;
			best = (long)(rel->offset / 4);
		}
	}
	return best;
}

/*
 * A function copied out of a shared named section may have no entry at its
 * start: the state there was set in an earlier function, which the module
 * does not carry.  Its copy starts with the entry in effect.
 */
static void note_shared_starts(struct cdo *cdo, const struct section *ip)
{
	struct symbol *sym;

	for_each_symbol(cdo->patched, sym, i) {
		struct symbol *copy = sym->priv;
		bool at_start = false;

		if (!sym->include || !is_func(sym) || !copy || !sym->sec ||
		    elf_nr_functions(sym->sec) < 2)
			continue;
		for (size_t r = 0; ip->rela && r < ip->rela->nr_relocs && !at_start; r++) {
			const struct reloc *rel = &ip->rela->relocs[r];

			at_start = rel->sym->sec == sym->sec &&
				   rel->addend + (rel->sym->type == STT_SECTION ? 0 : (long)rel->sym->value) ==
				   (long)sym->value;
		}
		if (!at_start)
			note_thunk(cdo, sym, 0, copy->value);
	}
}

void emit_thunk_orc(struct cdo *cdo)
{
	struct section *ip = elf_find_section(cdo->patched, ".orc_unwind_ip");
	struct section *orc = elf_find_section(cdo->patched, ".orc_unwind");
	struct section *out_ip, *out_orc;
	unsigned long esize;

	if (cdo->objtool_later || !ip || !orc || !orc->data)
		return;
	note_shared_starts(cdo, ip);
	if (!cdo->nr_thunks)
		return;
	esize = orc->sh.sh_entsize ? orc->sh.sh_entsize : 6;
	out_ip = output_section_for(cdo, ip);
	out_orc = output_section_for(cdo, orc);
	for (size_t i = 0; i < cdo->nr_thunks; i++) {
		const struct thunk *t = &cdo->thunks[i];
		struct symbol *copy = t->func->priv;
		long n = orc_entry_at(ip, t->func, t->site);
		unsigned long at;

		if (n < 0 || (unsigned long)(n + 1) * esize > orc->size)
			die("%s: no ORC entry covers %s+0x%lx", cdo->patched_path, t->func->name, t->site);
		at = elf_append(out_ip, &(uint32_t){ 0 }, 4, 1);
		elf_add_reloc(out_ip, at, R_PC32, elf_section_symbol(copy->sec), (long)t->at);
		elf_append(out_orc, orc->data + n * esize, esize, 1);
		for (size_t r = 0; out_ip->rela && r < out_ip->rela->nr_relocs; r++) {
			struct reloc *end = &out_ip->rela->relocs[r];

			if (end->sym == copy && end->addend == (long)t->func->size)
				end->addend = (long)copy->size;
		}
	}
}
