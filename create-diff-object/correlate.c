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

static size_t count_stem(struct symbol **syms, size_t nr, const struct symbol *like)
{
	size_t count = 0;

	for (size_t i = 0; i < nr; i++)
		count += !syms[i]->twin && same_stem(syms[i], like);
	return count;
}

/* A static local whose running counterpart cannot be told: its state would be a guess. */
static void ambiguous(struct cdo *cdo, struct symbol *local)
{
	GROW(cdo->ambiguous, cdo->alloc_ambiguous, cdo->nr_ambiguous);
	cdo->ambiguous[cdo->nr_ambiguous++] = local;
	dbg("correlate: %s: several static locals of that name, no pairing", local->name);
}

bool is_ambiguous_local(const struct cdo *cdo, const struct symbol *local)
{
	for (size_t i = 0; i < cdo->nr_ambiguous; i++)
		if (cdo->ambiguous[i] == local)
			return true;
	return false;
}

/* The static locals of a function and of its original, side by side. */
struct locals {
	struct symbol *func;
	struct symbol *p[MAX_LOCALS], *o[MAX_LOCALS];
	size_t np, no;
};

/* Each function, or object holding pointers (a table of compound literals), that has a twin. */
static void for_each_holder_locals(struct cdo *cdo, void (*fn)(struct cdo *, struct locals *))
{
	struct symbol *func;
	struct locals l;

	for_each_symbol(cdo->patched, func, i) {
		if ((!is_func(func) && !is_object(func)) || !func->twin || !func->sec)
			continue;
		l.func = func;
		l.np = static_locals_of(func, l.p, MAX_LOCALS);
		l.no = static_locals_of(func->twin, l.o, MAX_LOCALS);
		fn(cdo, &l);
	}
}

/* Two references resolve alike, a static local matching any of its stem. */
static bool same_ref(const struct ref *a, const struct ref *b)
{
	if (a->kind != b->kind || a->offset != b->offset)
		return false;
	switch (a->kind) {
	case REF_SYMBOL:
		if (is_static_local(a->sym) || is_static_local(b->sym))
			return is_static_local(a->sym) && is_static_local(b->sym) &&
			       same_stem(a->sym, b->sym);
		return !strcmp(a->sym->name, b->sym->name);
	case REF_STRING:
		return !strcmp((const char *)a->sec->data + a->start,
			       (const char *)b->sec->data + b->start);
	case REF_CONSTANT:
		return a->sec->sh.sh_entsize == b->sec->sh.sh_entsize &&
		       !memcmp(a->sec->data + a->start, b->sec->data + b->start,
			       a->sec->sh.sh_entsize);
	default:
		return !strcmp(a->sec->name, b->sec->name);
	}
}

/*
 * Statics of one name used by a function or table whose bytes and
 * references are the same in both objects (block-scope statics, compound
 * literals): the n-th reference is to the same variable on both sides, so
 * they pair in reference order.  Returns false (nothing paired) unless the
 * holder is unchanged that way and the order agrees.
 */
static bool pair_in_unchanged_holder(struct locals *l)
{
	const struct symbol *f = l->func, *g = f->twin;
	struct reloc *rp, *ro;
	size_t np, no;

	if (f->size != g->size || !f->sec->data || !g->sec->data ||
	    memcmp(f->sec->data + f->value, g->sec->data + g->value, f->size))
		return false;
	rp = elf_relocs_in(f->sec, f->value, f->value + f->size, &np);
	ro = elf_relocs_in(g->sec, g->value, g->value + g->size, &no);
	if (np != no)
		return false;
	for (size_t i = 0; i < np; i++) {
		struct ref a, b;

		resolve_reloc(&ro[i], &a);
		resolve_reloc(&rp[i], &b);
		if (ro[i].offset - g->value != rp[i].offset - f->value || ro[i].type != rp[i].type ||
		    !same_ref(&a, &b))
			return false;
	}
	/* static_locals_of lists them in that same reference order */
	if (l->np != l->no)
		return false;
	for (size_t i = 0; i < l->np; i++)
		if ((l->p[i]->twin && l->p[i]->twin != l->o[i]) ||
		    (l->o[i]->twin && l->o[i]->twin != l->p[i]))
			return false;
	for (size_t i = 0; i < l->np; i++)
		if (!l->p[i]->twin)
			pair(l->o[i], l->p[i]);
	return true;
}

/*
 * A static local belongs to the function (or table) that uses it: count.12
 * in the original foo is count.34 in the patched foo, whatever the
 * numbers.  Two of one name in one holder (block-scope statics, compound
 * literals) are paired only where the holder did not change; otherwise
 * they are ambiguous.
 */
static void pair_holder_locals(struct cdo *cdo, struct locals *l)
{
	for (size_t p = 0; p < l->np; p++) {
		size_t in_orig = count_stem(l->o, l->no, l->p[p]);

		if (l->p[p]->twin || !in_orig)
			continue;
		if (in_orig > 1 || count_stem(l->p, l->np, l->p[p]) > 1) {
			if (pair_in_unchanged_holder(l))
				return;
			ambiguous(cdo, l->p[p]);
			continue;
		}
		for (size_t o = 0; o < l->no && !l->p[p]->twin; o++)
			if (!l->o[o]->twin && same_stem(l->p[p], l->o[o]))
				pair(l->o[o], l->p[p]);
	}
}

/*
 * One patched static local used by several functions (an inlined helper's)
 * that had different ones of that name: whichever it was paired with, the
 * other function's state would be lost.
 */
static void check_pairs_agree(struct cdo *cdo, struct locals *l)
{
	for (size_t p = 0; p < l->np; p++)
		for (size_t o = 0; o < l->no && l->p[p]->twin; o++)
			if (l->o[o] != l->p[p]->twin && same_stem(l->o[o], l->p[p]) &&
			    !is_ambiguous_local(cdo, l->p[p]))
				ambiguous(cdo, l->p[p]);
}

/* Leftovers (statics referenced only from data): pair unique stems. */
static void pair_remaining_locals(struct cdo *cdo)
{
	struct symbol *p, *o;

	for_each_symbol(cdo->patched, p, i) {
		struct symbol *match = NULL;
		int count = 0;

		if (!is_static_local(p) || p->twin)
			continue;
		for_each_symbol(cdo->orig, o, j) {
			if (is_static_local(o) && !o->twin && same_stem(o, p)) {
				count++;
				match = o;
			}
		}
		if (count == 1)
			pair(match, p);
		else if (count)
			ambiguous(cdo, p);
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
	for_each_holder_locals(cdo, pair_holder_locals);
	pair_remaining_locals(cdo);
	for_each_holder_locals(cdo, check_pairs_agree);
	pair_sections(cdo->orig, cdo->patched);
}
