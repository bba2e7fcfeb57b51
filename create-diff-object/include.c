// SPDX-License-Identifier: GPL-2.0
/*
 * Inclusion: what goes into the livepatch.  Changed functions, and what only
 * the patched code has: new functions and data it reaches, fresh copies of
 * compiler-private statics, changed read-only data, anonymous sections.
 * Everything else that exists in the running kernel is referenced.
 */
#include <string.h>

#include "cdo.h"

struct worklist {
	struct symbol **syms;
	size_t nr, alloc;
};

static struct worklist work;

static void include_symbol(struct symbol *sym)
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
		/* pieces come from the entries that point at them (special.c) */
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

bool copied_in_pieces(const struct section *sec)
{
	return str_starts(sec->name, ".altinstr_replacement");
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

static void drain(struct cdo *cdo)
{
	while (work.nr) {
		struct symbol *sym = work.syms[--work.nr];

		include_range(cdo, sym->sec, sym->value, sym->value + sym->size);
	}
}

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

	/* a run that stopped half-way (a harness's) leaves nothing behind */
	work.nr = 0;
	for_each_symbol(cdo->patched, sym, i)
		if (is_root(sym))
			include_symbol(sym);
	include_callbacks(cdo);
	drain(cdo);
	/* Kept special entries can reach more: repeat until nothing moves. */
	do {
		before = count_included(cdo->patched);
		special_include(cdo);
		drain(cdo);
	} while (count_included(cdo->patched) != before);
	free(work.syms);
	work = (struct worklist){ 0 };
}
