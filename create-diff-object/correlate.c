// SPDX-License-Identifier: GPL-2.0
/*
 * Correlation: pair every symbol and section of the patched object with its
 * counterpart in the original, across the numbers the compiler renames.
 */
#include <string.h>

#include "cdo.h"

static void pair(struct symbol *o, struct symbol *p)
{
	o->twin = p;
	p->twin = o;
	dbg("correlate: %s <-> %s", o->name, p->name);
}

static bool correlatable(const struct symbol *sym)
{
	if (!sym->sec || sym->type == STT_SECTION || sym->type == STT_FILE ||
	    !*sym->name)
		return false;
	return !is_private_static(sym) && !is_static_local(sym);
}

/* Candidates for sym in other: same stem, same type, not yet paired. */
static void pair_by_stem(struct elf *orig, struct elf *patched)
{
	struct strmap stems;
	struct symbol *sym;

	strmap_init(&stems, orig->nr_symbols);
	for_each_symbol(orig, sym, i)
		if (correlatable(sym))
			strmap_add(&stems, name_stem(sym->name), sym);
	/* Exact names first, so a renumbering never steals a stable name. */
	for_each_symbol(patched, sym, i) {
		struct symbol *o = elf_find_symbol(orig, sym->name);

		if (!correlatable(sym))
			continue;
		while (o && (!correlatable(o) || o->twin || o->type != sym->type))
			o = NULL;
		if (o)
			pair(o, sym);
	}
	for_each_symbol(patched, sym, i) {
		char *stem;

		if (!correlatable(sym) || sym->twin || sym->bind != STB_LOCAL)
			continue;
		stem = name_stem(sym->name);
		for (struct strmap_node *n = strmap_find(&stems, stem); n; n = n->dup) {
			struct symbol *o = n->value;

			if (!o->twin && o->type == sym->type && o->bind == STB_LOCAL) {
				pair(o, sym);
				break;
			}
		}
		free(stem);
	}
	strmap_free_keys(&stems);
}

/* The static locals a function references, in relocation order. */
size_t static_locals_of(const struct symbol *func, struct symbol **out,
			       size_t max)
{
	size_t nr, count = 0;
	struct reloc *r = elf_relocs_in(func->sec, func->value,
					func->value + func->size, &nr);

	for (size_t i = 0; i < nr; i++) {
		struct ref ref;
		bool seen = false;

		resolve_reloc(&r[i], &ref);
		if (ref.kind != REF_SYMBOL || !is_static_local(ref.sym))
			continue;
		for (size_t j = 0; j < count; j++)
			seen |= out[j] == ref.sym;
		if (!seen && count < max)
			out[count++] = ref.sym;
	}
	return count;
}

static bool same_stem(const struct symbol *a, const struct symbol *b)
{
	char *x = name_stem(a->name), *y = name_stem(b->name);
	bool same = !strcmp(x, y);

	free(x);
	free(y);
	return same;
}

/*
 * A static local belongs to the function that uses it: count.12 in the
 * original foo is count.34 in the patched foo, whatever the numbers.
 */
static void pair_static_locals(struct elf *patched)
{
	struct symbol *func, *pl[MAX_LOCALS], *ol[MAX_LOCALS];

	for_each_symbol(patched, func, i) {
		size_t np, no;

		if (!is_func(func) || !func->twin)
			continue;
		np = static_locals_of(func, pl, MAX_LOCALS);
		no = static_locals_of(func->twin, ol, MAX_LOCALS);
		for (size_t p = 0; p < np; p++) {
			for (size_t o = 0; o < no && !pl[p]->twin; o++) {
				if (ol[o]->twin || !same_stem(pl[p], ol[o]))
					continue;
				pair(ol[o], pl[p]);
			}
		}
	}
}

/* Leftovers (statics referenced only from data): pair unique stems. */
static void pair_remaining_locals(struct elf *orig, struct elf *patched)
{
	struct symbol *p, *o;

	for_each_symbol(patched, p, i) {
		struct symbol *match = NULL;
		int count = 0;

		if (!is_static_local(p) || p->twin)
			continue;
		for_each_symbol(orig, o, j) {
			if (is_static_local(o) && same_stem(o, p)) {
				count++;
				match = o;
			}
		}
		if (count == 1 && !match->twin)
			pair(match, p);
	}
}

static void pair_sections(struct elf *orig, struct elf *patched)
{
	struct section *sec;

	for_each_section(patched, sec, i) {
		struct section *o = NULL;

		for (size_t s = 0; s < sec->nr_syms && !o; s++)
			if (sec->syms[s]->twin)
				o = sec->syms[s]->twin->sec;
		if (!o)
			o = elf_find_section(orig, sec->name);
		if (!o || o->twin || o->sh.sh_type != sec->sh.sh_type)
			continue;
		sec->twin = o;
		o->twin = sec;
	}
}

void correlate(struct cdo *cdo)
{
	pair_by_stem(cdo->orig, cdo->patched);
	pair_static_locals(cdo->patched);
	pair_remaining_locals(cdo->orig, cdo->patched);
	pair_sections(cdo->orig, cdo->patched);
}
