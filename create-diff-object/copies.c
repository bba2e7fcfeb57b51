// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose symbols lost their STT_FILE entries (distributions strip
 * modules with strip -g) cannot say which of several same-named locals is
 * this file's.  A header's static inline that several of the module's
 * files kept out of line (jhash in vxlan) is the common case: if every
 * copy has the bytes and the relocations of this file's, each does what
 * this file's does, and the first one is as good as the others.
 */
#include <string.h>

#include "cdo.h"

static bool same_relocs(const struct symbol *a, const struct symbol *b)
{
	size_t na, nb;
	struct reloc *ra = elf_relocs_in(a->sec, a->value, a->value + a->size, &na);
	struct reloc *rb = elf_relocs_in(b->sec, b->value, b->value + b->size, &nb);

	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		/* the same named symbol: a section symbol would name another file's section */
		if (ra[i].offset - a->value != rb[i].offset - b->value || ra[i].type != rb[i].type ||
		    ra[i].addend != rb[i].addend || ra[i].sym->type == STT_SECTION ||
		    rb[i].sym->type == STT_SECTION || ra[i].sym->bind == STB_LOCAL ||
		    strcmp(ra[i].sym->name, rb[i].sym->name))
			return false;
	}
	return true;
}

static bool has_file_symbols(const struct elf *elf)
{
	struct symbol *sym;

	for_each_symbol(elf, sym, i)
		if (sym->type == STT_FILE)
			return true;
	return false;
}

bool identical_copies(const struct cdo *cdo, const struct symbol *orig)
{
	struct elf *elf;
	struct symbol *sym;
	size_t copies = 0;
	bool same = true;

	if (!cdo->target->is_module || !is_func(orig) || orig->bind != STB_LOCAL ||
	    !orig->sec || !orig->sec->data)
		return false;
	elf = elf_load(cdo->target->path);
	if (has_file_symbols(elf)) {
		elf_free(elf);
		return false;
	}
	for_each_symbol(elf, sym, i) {
		if (!is_func(sym) || sym->bind != STB_LOCAL || strcmp(sym->name, orig->name))
			continue;
		copies++;
		same &= sym->size == orig->size && sym->sec && sym->sec->data &&
			!memcmp(sym->sec->data + sym->value, orig->sec->data + orig->value,
				orig->size) &&
			same_relocs(orig, sym);
	}
	elf_free(elf);
	return copies > 1 && same;
}
