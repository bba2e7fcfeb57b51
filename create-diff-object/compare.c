// SPDX-License-Identifier: GPL-2.0
/*
 * Comparison: every function of the patched object is SAME, CHANGED or NEW;
 * existing data must not change, by the rule of equal.c.
 */
#include <string.h>

#include "cdo.h"

static long first_byte_diff(const struct symbol *a, const struct symbol *b)
{
	for (unsigned long i = 0; i < a->size; i++)
		if (a->sec->data[a->value + i] != b->sec->data[b->value + i])
			return i;
	return -1;
}

static void compare_function(struct cdo *cdo, struct symbol *p)
{
	struct symbol *o = p->twin;
	unsigned long where, line_diff;
	const char *section;

	if (p->size != o->size) {
		p->status = CHANGED;
		dbg("changed: %s: size %lu -> %lu", p->name, o->size, p->size);
		return;
	}
	if (!relocs_equal(p, o, &where)) {
		p->status = CHANGED;
		dbg("changed: %s: relocation at +0x%lx differs", p->name, where);
		return;
	}
	if (!bytes_equal(p, o) && !only_line_numbers_differ(p, o, &line_diff)) {
		p->status = CHANGED;
		dbg("changed: %s: instruction bytes differ at +0x%lx", p->name,
		    first_byte_diff(p, o));
		return;
	}
	if (!special_entries_equal(cdo, p, o, &section)) {
		p->status = CHANGED;
		dbg("changed: %s: its %s entries differ", p->name, section);
		return;
	}
	if (!bytes_equal(p, o))
		dbg("same: %s: only __LINE__ arguments differ (first at +0x%lx)",
		    p->name, line_diff);
}

static bool is_special_data(const struct symbol *sym)
{
	return special_lookup(sym->sec->name) != NULL;
}

static void compare_data(struct cdo *cdo, struct symbol *p)
{
	struct symbol *o = p->twin;
	unsigned long where = 0;
	bool writable = (p->sec->sh.sh_flags & SHF_WRITE) ||
			p->sec->sh.sh_type == SHT_NOBITS;

	if (p->size == o->size && bytes_equal(p, o) && relocs_equal(p, o, &where))
		return;
	if (is_init_section(p->sec))
		refuse(cdo, "put the change into code that runs after boot, or ship it with a reboot",
		       "__init data '%s' changed: init data is gone once the system has booted",
		       p->name);
	if (p->size != o->size && writable)
		refuse(cdo, "leave the existing object as it is and attach new fields with a shadow variable (klp_shadow_*)",
		       "data '%s' changed size (%lu -> %lu bytes): the live object cannot be resized",
		       p->name, o->size, p->size);
	if (writable)
		refuse(cdo, "keep the initializer and set the new value from a patch callback, or use a shadow variable",
		       "the initializer of existing data '%s' changed (at +0x%lx): the live object keeps its old contents",
		       p->name, where);
	/* Other units, modules too, read the running copy: a fresh one reaches only ours. */
	if (p->bind != STB_LOCAL)
		refuse(cdo, "give the new contents a new name (a static of this file, or a new global) and change every reader in the patch to use it",
		       "global read-only data '%s' changed (at +0x%lx): code outside this unit keeps reading the running copy",
		       p->name, where);
	/* Read-only data: the code that uses it takes a fresh copy. */
	p->status = CHANGED;
	dbg("changed: %s: read-only data differs", p->name);
}


bool has_fentry(const struct symbol *func)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(func->sec, func->value,
					func->value + 16, &nr);

	for (size_t i = 0; i < nr; i++)
		if (!strcmp(r[i].sym->name, "__fentry__"))
			return true;
	return false;
}

/*
 * Code ftrace cannot redirect by itself: a .cold/.part child, or a static
 * function without fentry (the kernel's "inline" implies notrace, yet GCC
 * may emit it out of line).  It changes together with its users.
 */
bool rides_with_users(const struct cdo *cdo, const struct symbol *func)
{
	return parent_of(cdo->patched, func) ||
	       (func->bind == STB_LOCAL && !has_fentry(func));
}

/* Whether user refers to sym; with address_only, by taking its address (not a call). */
static bool references(const struct symbol *user, const struct symbol *sym, bool address_only)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(user->sec, user->value, user->value + user->size, &nr);

	for (size_t k = 0; k < nr; k++) {
		struct ref ref;

		resolve_reloc(&r[k], &ref);
		if (ref.kind == REF_SYMBOL && ref.sym == sym &&
		    (!address_only || takes_address(&r[k], &ref)))
			return true;
	}
	return false;
}

static bool mark_users_changed(struct cdo *cdo, const struct symbol *sym)
{
	struct symbol *parent = parent_of(cdo->patched, sym), *user;
	bool marked = false;

	if (parent && parent->status == SAME) {
		parent->status = CHANGED;
		marked = true;
		dbg("changed: %s: its child %s changed", parent->name, sym->name);
	}
	for_each_symbol(cdo->patched, user, j) {
		if (!is_func(user) || !user->sec || user->status != SAME || !references(user, sym, false))
			continue;
		user->status = CHANGED;
		marked = true;
		dbg("changed: %s: uses %s, which changed and cannot be redirected alone",
		    user->name, sym->name);
	}
	return marked;
}

static void propagate_to_users(struct cdo *cdo)
{
	struct symbol *sym;
	bool again = true;

	while (again) {
		again = false;
		for_each_symbol(cdo->patched, sym, i)
			if (is_func(sym) && sym->sec && sym->status != SAME &&
			    rides_with_users(cdo, sym))
				again |= mark_users_changed(cdo, sym);
	}
}

/* Data pointing at code that rides with its users would keep the old code. */
/*
 * A changed function ftrace cannot redirect rides with its callers; a
 * pointer to it, stored in data or made by code, would reach the old one
 * (or a copy gone with the module).
 */
static void check_no_data_users(struct cdo *cdo, const struct symbol *func)
{
	struct symbol *user;

	for_each_symbol(cdo->patched, user, i) {
		if (!user->sec || (!is_object(user) && !is_func(user)) || user == func ||
		    special_lookup(user->sec->name) || is_init_section(user->sec) ||
		    !references(user, func, is_func(user)))
			continue;
		refuse(cdo, "remove notrace/inline from the function so that it can be patched by itself",
		       "function '%s' has no fentry call and '%s' %s: the pointer would keep reaching the old code",
		       func->name, user->name, is_func(user) ? "takes its address" : "points at it");
	}
}

static bool has_stem(struct symbol **syms, size_t nr, const char *stem)
{
	bool found = false;

	for (size_t i = 0; i < nr && !found; i++) {
		char *s = name_stem(syms[i]->name);

		found = !strcmp(s, stem);
		free(s);
	}
	return found;
}

/*
 * New or changed code must not guess which running static local it
 * continues.  A read-only one holds no state: the copy the livepatch then
 * carries is the same.
 */
static void check_locals_unambiguous(struct cdo *cdo, const struct symbol *p)
{
	struct symbol *pl[MAX_LOCALS];
	size_t np = static_locals_of(p, pl, MAX_LOCALS);

	for (size_t i = 0; i < np; i++) {
		char *stem = name_stem(pl[i]->name);

		if (is_ambiguous_local(cdo, pl[i]) && pl[i]->sec &&
		    (pl[i]->sec->sh.sh_flags & SHF_WRITE))
			refuse(cdo, "give each static local of the function a name of its own",
			       "function '%s' uses a static local '%s' (%s), a name several static locals share: which running one holds its state cannot be told, and a guess would mix up their states",
			       p->name, stem, pl[i]->name);
		free(stem);
	}
}

static void check_static_locals_kept(struct cdo *cdo, struct symbol *p)
{
	struct symbol *pl[MAX_LOCALS], *ol[MAX_LOCALS];
	size_t np = static_locals_of(p, pl, MAX_LOCALS);
	size_t no = static_locals_of(p->twin, ol, MAX_LOCALS);

	for (size_t i = 0; i < no; i++) {
		char *stem = name_stem(ol[i]->name);

		if (!has_stem(pl, np, stem))
			refuse(cdo, "keep the variable referenced from this function, or move its state into a global the patch can keep using",
			       "function '%s' no longer references its static local '%s' (%s): the state it holds would be lost or duplicated",
			       p->name, stem, ol[i]->name);
		free(stem);
	}
}

/*
 * A file static moved into its only user (the reverse of the above): the
 * function's new static local is new data, starting from its initializer,
 * while the running file static keeps the state.
 */
static void check_scope_not_narrowed(struct cdo *cdo, struct symbol *p)
{
	struct symbol *pl[MAX_LOCALS];
	size_t np = static_locals_of(p, pl, MAX_LOCALS);

	for (size_t i = 0; i < np; i++) {
		char *stem = name_stem(pl[i]->name);
		struct symbol *o = elf_find_symbol(cdo->orig, stem);

		if (!pl[i]->twin && pl[i]->sec && (pl[i]->sec->sh.sh_flags & SHF_WRITE) && o &&
		    is_object(o) && o->bind == STB_LOCAL && o->sec && (o->sec->sh.sh_flags & SHF_WRITE) &&
		    !elf_find_symbol(cdo->patched, stem))
			refuse(cdo, "keep the variable where it was (a file static), so that the new code uses the running one",
			       "the file static '%s' became a static local of '%s' (%s): the new one would start from its initializer while the running one keeps the state",
			       stem, p->name, pl[i]->name);
		free(stem);
	}
}

/* The link keeps a strong definition over a weak one: the weak body may not be what runs. */
static void check_weak_runs(struct cdo *cdo, const struct symbol *p)
{
	const struct target_sym *running = target_find(cdo->target, p->twin->name);

	if (running && running->bind == STB_GLOBAL)
		refuse(cdo, "make the fix in the strong definition the image runs, and leave the weak one out of the patch",
		       "function '%s' is a weak definition, and %s runs a strong one of the same name from another file: replacing it would put this body in place of the one that runs",
		       p->name, cdo->target->path);
}

static void check_changed_function(struct cdo *cdo, struct symbol *p)
{
	if (is_init_section(p->sec))
		refuse(cdo, "leave __init code alone; if the fix matters after boot, make it in code that runs later",
		       "function '%s' is __init (section %s): it already ran and was freed",
		       p->name, p->sec->name);
	if (!parent_of(cdo->patched, p) && !has_fentry(p) && p->bind == STB_LOCAL)
		check_no_data_users(cdo, p);
	else if (!parent_of(cdo->patched, p) && !has_fentry(p))
		refuse(cdo, "patch the callers of this function instead, or remove notrace/always_inline",
		       "function '%s' has no fentry call (notrace, or a function ftrace cannot hook): livepatch cannot redirect it",
		       p->name);
	if (p->twin)
		check_static_locals_kept(cdo, p);
	check_scope_not_narrowed(cdo, p);
	if (p->twin && p->twin->bind == STB_WEAK)
		check_weak_runs(cdo, p);
}

/*
 * Functions the caller wants replaced although they did not change: a
 * stacked base calls one of its functions directly, and this patch
 * replaces the callee, so the caller must be replaced to reach it.
 */
static void force_functions(struct cdo *cdo)
{
	struct symbol *sym;

	for_each_symbol(cdo->patched, sym, i) {
		if (!is_func(sym) || !sym->sec || sym->status != SAME || !has_fentry(sym))
			continue;
		for (size_t f = 0; f < cdo->nr_force; f++) {
			if (strcmp(sym->name, cdo->force[f]) &&
			    !(sym->twin && !strcmp(sym->twin->name, cdo->force[f])))
				continue;
			sym->status = CHANGED;
			dbg("changed: %s: replaced on request", sym->name);
		}
	}
}

/*
 * Data that points at changed data changes too (it points at the new copy),
 * however long the chain and whatever the symbol order: to a fixpoint.
 */
static void compare_all_data(struct cdo *cdo)
{
	struct symbol *sym;
	bool again = true;

	while (again) {
		again = false;
		for_each_symbol(cdo->patched, sym, i) {
			if (!is_object(sym) || !sym->sec || is_special_data(sym) ||
			    ignored_section(cdo, sym->sec) || sym->status != SAME)
				continue;
			if (!sym->twin)
				sym->status = NEW;
			else
				compare_data(cdo, sym);
			again |= sym->twin && sym->status != SAME;
		}
	}
}

void compare(struct cdo *cdo)
{
	struct symbol *sym;

	compare_all_data(cdo);
	for_each_symbol(cdo->patched, sym, i) {
		if (!is_func(sym) || !sym->sec || ignored_section(cdo, sym->sec))
			continue;
		if (!sym->twin)
			sym->status = NEW;
		else
			compare_function(cdo, sym);
	}
	special_compare_done();
	force_functions(cdo);
	ignore_functions(cdo);
	propagate_to_users(cdo);
	for_each_symbol(cdo->patched, sym, i) {
		if (!is_func(sym) || !sym->sec || sym->status == SAME)
			continue;
		if (sym->status == CHANGED)
			check_changed_function(cdo, sym);
		check_locals_unambiguous(cdo, sym);
	}
}
