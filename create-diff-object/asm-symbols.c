// SPDX-License-Identifier: GPL-2.0
/*
 * Symbols defined in assembly (a top-level asm() function, KVM's fastop
 * style, or asm-defined data) often have no .size, or no .type: nothing
 * else here compares them, and a real change in them would be "no
 * functional change".  Each one's extent (to the next symbol, or the end of
 * its section) is compared here; a change is refused, never dropped.
 */
#include <string.h>

#include "cdo.h"

static bool asm_defined(const struct symbol *sym)
{
	return sym->sec && sym->type != STT_SECTION && sym->type != STT_FILE && *sym->name &&
	       !sym->size && (sym->sec->sh.sh_flags & SHF_ALLOC) && sym->sec->data &&
	       !is_string_section(sym->sec) && !is_constant_section(sym->sec);
}

/* From sym to the next symbol with another address, or the end of its section. */
static unsigned long extent(const struct symbol *sym)
{
	const struct section *sec = sym->sec;
	unsigned long end = sec->size;

	for (size_t i = 0; i < sec->nr_syms; i++)
		if (sec->syms[i]->value > sym->value && sec->syms[i]->value < end)
			end = sec->syms[i]->value;
	return end - sym->value;
}

void check_asm_symbols(struct cdo *cdo)
{
	struct symbol *p;

	for_each_symbol(cdo->patched, p, i) {
		const struct symbol *o;
		unsigned long size, where = 0;

		if (!asm_defined(p) || !(o = elf_find_symbol(cdo->orig, p->name)) || !asm_defined(o))
			continue;
		size = extent(p);
		if (size == extent(o) &&
		    !memcmp(p->sec->data + p->value, o->sec->data + o->value, size) &&
		    relocs_range_equal(o->sec, o->value, p->sec, p->value, size, NULL, &where))
			continue;
		refuse(cdo, "give the asm symbol a .type and .size (SYM_FUNC_START/SYM_FUNC_END) so that it can be compared and replaced, or make the fix in C",
		       "'%s', defined in assembly without a size (section %s), changed: the engine cannot tell what it is or replace it",
		       p->name, p->sec->name);
	}
}
