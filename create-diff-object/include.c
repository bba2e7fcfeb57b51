// SPDX-License-Identifier: GPL-2.0
/*
 * Inclusion: what goes into the livepatch.  Changed functions, and what only
 * the patched code has: new functions and data it reaches, fresh copies of
 * compiler-private statics, changed read-only data, anonymous sections.
 * Everything else that exists in the running kernel is referenced.  Here:
 * the roots, and the rounds with the kept special entries until nothing
 * more comes in; include-refs.c follows the references.
 */
#include "cdo.h"

static bool is_root(const struct symbol *sym)
{
	if (!sym->sec || (!is_func(sym) && !is_object(sym)))
		return false;
	if (is_func(sym) && sym->status == CHANGED)
		return true;
	return sym->status == NEW && sym->bind != STB_LOCAL &&
	       !is_init_section(sym->sec);
}

static size_t count_included(const struct elf *elf)
{
	struct symbol *sym;
	size_t n = 0;

	for_each_symbol(elf, sym, i)
		n += sym->include;
	return n;
}

/* Callback functions named in .kpatch.callbacks.* are roots too. */
static void include_callbacks(struct cdo *cdo)
{
	struct section *sec;

	for_each_section(cdo->patched, sec, i) {
		if (!str_starts(sec->name, ".kpatch.callbacks."))
			continue;
		for (size_t r = 0; sec->rela && r < sec->rela->nr_relocs; r++) {
			struct ref ref;

			resolve_reloc(&sec->rela->relocs[r], &ref);
			if (ref.kind == REF_SYMBOL && ref.sym->sec && is_func(ref.sym))
				include_symbol(ref.sym);
		}
	}
}

void include(struct cdo *cdo)
{
	struct symbol *sym;
	size_t before;

	include_begin();
	for_each_symbol(cdo->patched, sym, i)
		if (is_root(sym))
			include_symbol(sym);
	include_callbacks(cdo);
	include_drain(cdo);
	/* Kept special entries can reach more: repeat until nothing moves. */
	do {
		before = count_included(cdo->patched);
		special_include(cdo);
		include_drain(cdo);
	} while (count_included(cdo->patched) != before);
	include_end();
}
