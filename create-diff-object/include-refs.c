// SPDX-License-Identifier: GPL-2.0
/*
 * What a reference from included code pulls in: a function or data of the
 * patched object that differs or is new, or a section without symbols.
 * Each symbol taken is queued, and its own references followed in turn.
 */
#include <stdlib.h>

#include "cdo.h"

struct worklist {
	struct symbol **syms;
	size_t nr, alloc;
};

static struct worklist work;

void include_symbol(struct symbol *sym)
{
	if (sym->include)
		return;
	sym->include = true;
	dbg("include: %s", sym->name);
	GROW(work.syms, work.alloc, work.nr);
	work.syms[work.nr++] = sym;
}

static void include_section(struct cdo *cdo, struct section *sec);

/*
 * A table of code addresses inside an included function (a computed-goto
 * table, ___bpf_prog_run's shape): unchanged bytes, but the running copy
 * points into the old body.  The new code gets its own, into the new one.
 */
static bool holds_labels_of_included(const struct symbol *obj)
{
	size_t nr;
	struct reloc *r;

	if (!obj->sec->rela)
		return false;
	r = elf_relocs_in(obj->sec, obj->value, obj->value + obj->size, &nr);
	for (size_t i = 0; i < nr; i++) {
		struct ref ref;

		resolve_reloc(&r[i], &ref);
		if (ref.kind == REF_SYMBOL && is_func(ref.sym) && ref.sym->include && ref.offset)
			return true;
	}
	return false;
}

/* Whether a reference from included code pulls its target in. */
void include_ref(struct cdo *cdo, const struct ref *ref)
{
	struct symbol *sym = ref->sym;

	if (ref->kind == REF_SECTION) {
		/* pieces come from the entries that point at them (special-include.c) */
		if (!copied_in_pieces(ref->sec))
			include_section(cdo, ref->sec);
		return;
	}
	if (ref->kind != REF_SYMBOL || !sym->sec || sym->include)
		return;
	if (is_func(sym)) {
		/* A .cold/.part child runs as part of its parent's body. */
		if (sym->status != SAME || parent_of(cdo->patched, sym))
			include_symbol(sym);
		return;
	}
	if (is_object(sym) && (sym->status != SAME || holds_labels_of_included(sym)))
		include_symbol(sym);
}

void include_range(struct cdo *cdo, const struct section *sec,
			   unsigned long start, unsigned long end)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(sec, start, end, &nr);

	for (size_t i = 0; i < nr; i++) {
		struct ref ref;

		resolve_reloc(&r[i], &ref);
		include_ref(cdo, &ref);
	}
}

static bool add_piece(struct section *sec, unsigned long start, unsigned long end)
{
	struct pieces *ps = sec->priv;

	if (!ps)
		ps = sec->priv = xcalloc(1, sizeof(*ps));
	for (size_t i = 0; i < ps->nr; i++)
		if (ps->p[i].start == start && ps->p[i].end == end)
			return false;
	GROW(ps->p, ps->alloc, ps->nr);
	ps->p[ps->nr++] = (struct piece){ .start = start, .end = end };
	sec->include = true;
	return true;
}

void include_piece(struct cdo *cdo, struct section *sec, unsigned long start,
		   unsigned long end)
{
	if (end > sec->size || start > end)
		die("%s: %s: a piece at 0x%lx-0x%lx outside the section", cdo->patched_path,
		    sec->name, start, end);
	if (!add_piece(sec, start, end))
		return;
	dbg("include: %s+0x%lx, %lu bytes", sec->name, start, end - start);
	include_range(cdo, sec, start, end);
}

static void include_section(struct cdo *cdo, struct section *sec)
{
	if (sec->include)
		return;
	if (sec->nr_syms)
		die("%s: section %s is referenced as a whole but holds symbols",
		    cdo->patched_path, sec->name);
	add_piece(sec, 0, sec->size);
	dbg("include: section %s", sec->name);
	include_range(cdo, sec, 0, sec->size);
}

void include_drain(struct cdo *cdo)
{
	while (work.nr) {
		struct symbol *sym = work.syms[--work.nr];

		include_range(cdo, sym->sec, sym->value, sym->value + sym->size);
	}
}


/* A run that stopped half-way (a harness's) leaves nothing behind. */
void include_begin(void)
{
	work.nr = 0;
}

void include_end(void)
{
	free(work.syms);
	work = (struct worklist){ 0 };
}
