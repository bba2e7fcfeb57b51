// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's check of the data the output carries (verify.h): each
 * object the module defines that the patched object has too (a new
 * variable, a const table, a switch's jump table) holds the same bytes,
 * and each of its relocations designates the same thing, as there.
 */
#include <string.h>

#include "verify-entity.h"
#include "verify.h"

/* Out's bytes [os, os + size) against patched's [ps, ...), what relocations designate too. */
static void compare_range(const struct symbol *what, const struct section *o, unsigned long os,
			  const struct section *p, unsigned long ps, unsigned long size,
			  struct strlist *problems)
{
	unsigned long where;

	if (!ranges_equal(o, os, p, ps, size, &where))
		verify_problem(problems, what, what->value + where, "the module's copy differs from "
			       "the patched object's here (a byte, or what a relocation designates)");
}

/* An object of the output, against the patched object's of that name. */
static void check_object(const struct elf *patched, const struct symbol *sym,
			 struct strlist *problems)
{
	const struct symbol *p = elf_find_symbol(patched, sym->name);

	if (!p || !is_object(p) || !p->sec || !compiler_data(p->sec) || p->size != sym->size ||
	    p->value + p->size > p->sec->size || sym->value + sym->size > sym->sec->size)
		return;		/* made by the engine (its own tables), or not the compiler's */
	compare_range(sym, sym->sec, sym->value, p->sec, p->value, sym->size, problems);
}

/* A section of the output with no object in it (a jump table), against the patched one. */
static void check_section(const struct elf *patched, const struct section *sec,
			  struct strlist *problems)
{
	const struct section *p = elf_find_section(patched, sec->name);

	if (sec->nr_syms > 0 || !p || !compiler_data(p) || p->size != sec->size || !sec->secsym)
		return;
	compare_range(sec->secsym, sec, 0, p, 0, sec->size, problems);
}

void verify_data(const struct elf *patched, const struct elf *out, struct strlist *problems)
{
	const struct symbol *sym;
	const struct section *sec;

	for_each_symbol(out, sym, i)
		if (is_object(sym) && sym->sec && compiler_data(sym->sec))
			check_object(patched, sym, problems);
	for_each_section(out, sec, i)
		if (compiler_data(sec))
			check_section(patched, sec, problems);
}
