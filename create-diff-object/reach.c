// SPDX-License-Identifier: GPL-2.0
/*
 * Changed code must run.  A changed function without fentry (notrace,
 * noinstr, a .cold child) is carried along by the replaced functions that
 * use it; when none of them does (its callers are assembly, or only a
 * table points at it), the module would load and change nothing.
 */

#include "cdo.h"
#include "special.h"

static bool replaced(const struct cdo *cdo, const struct symbol *sym)
{
	return is_func(sym) && sym->sec && sym->include &&
	       (sym->status == NEW || (sym->status == CHANGED && !rides_with_users(cdo, sym)));
}

/* Mark what [start, end) of sec refers to; true if it reached something new. */
static bool reach_range(const struct section *sec, unsigned long start, unsigned long end,
			bool *reached)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(sec, start, end, &nr);
	bool more = false;

	for (size_t i = 0; i < nr; i++) {
		struct ref ref;

		resolve_reloc(&r[i], &ref);
		if (ref.kind == REF_SYMBOL && ref.sym->sec && !reached[ref.sym->idx]) {
			reached[ref.sym->idx] = true;
			more = true;
		}
	}
	return more;
}

/* What the replacements of the alternatives of reached functions call: reached too. */
static bool reach_alternatives(const struct cdo *cdo, bool *reached)
{
	const struct special *s = special_lookup(".altinstructions");
	struct section *sec = elf_find_section(cdo->patched, ".altinstructions");
	bool more = false;
	struct entries e;

	if (!s || !sec || !sec->data)
		return false;
	entries_of(cdo, s, sec, &e);
	for (size_t n = 0; n < e.nr; n++) {
		struct symbol *owner = owner_of(cdo, s, sec, e.start[n]);
		struct section *repl;
		unsigned long from, to;

		if (owner && reached[owner->idx] &&
		    replacement_of(sec, e.start[n], e.size[n], &repl, &from, &to))
			more |= reach_range(repl, from, to, reached);
	}
	entries_free(&e);
	return more;
}

void check_changes_reachable(struct cdo *cdo)
{
	bool *reached = xcalloc(cdo->patched->nr_symbols, sizeof(*reached)), more = true;
	struct symbol *sym, *parent;

	for_each_symbol(cdo->patched, sym, i)
		reached[sym->idx] = replaced(cdo, sym);
	while (more) {
		more = false;
		for_each_symbol(cdo->patched, sym, i) {
			parent = is_func(sym) ? parent_of(cdo->patched, sym) : NULL;
			if (parent && reached[parent->idx] && !reached[sym->idx])
				more = reached[sym->idx] = true;
			if (reached[sym->idx] && is_func(sym) && sym->sec)
				more |= reach_range(sym->sec, sym->value, sym->value + sym->size,
						    reached);
		}
		more |= reach_alternatives(cdo, reached);
	}
	for_each_symbol(cdo->patched, sym, i) {
		if (!is_func(sym) || !sym->sec || sym->status != CHANGED || reached[sym->idx])
			continue;
		free(reached);
		refuse(cdo, "make the fix in a function livepatch can replace (one with an fentry call) or in a C caller of this one",
		       "function '%s' changed but cannot be patched: it has no fentry call (notrace or noinstr, section %s) and no function that can be replaced uses it, so the new code would never run",
		       sym->name, sym->sec->name);
	}
	free(reached);
}
