// SPDX-License-Identifier: GPL-2.0
/* The verifier (verify.h): what the output's code reaches, checked from the bytes. */
#include <string.h>

#include "arch.h"
#include "verify-entity.h"
#include "verify.h"

static bool defined(const struct symbol *sym)
{
	return sym->sec != NULL;
}

/* Every PC-relative reference that leaves func has a relocation to say where to. */
static void check_escapes(const struct symbol *func, struct strlist *problems)
{
	const struct section *sec = func->sec;
	struct insn *insn;
	size_t count = insn_decode(sec->data + func->value, func->size, func->value, &insn);

	for (size_t i = 0; i < count; i++) {
		long from_start;

		if (!insn[i].has_target)
			continue;
		from_start = (long)(insn[i].target - func->value);
		if (relocated_range(sec, insn[i].address, insn[i].size) ||
		    (from_start >= 0 && from_start < (long)func->size))
			continue;
		verify_problem(problems, func, insn[i].address,
			"'%s' reaches %ld bytes %s the function with no relocation: the assembler "
			"resolved it within %s, and the module's copy would reach whatever lies there",
			insn[i].mnemonic, from_start < 0 ? -from_start : from_start - (long)func->size,
			from_start < 0 ? "before" : "after the end of", sec->name);
	}
	free(insn);
}

static bool freed_after_boot(const struct section *sec)
{
	return sec && (str_starts(sec->name, ".init.") || str_starts(sec->name, ".exit."));
}

/* A symbol of that name in obj lying in memory freed after boot, or NULL. */
static const struct symbol *freed_symbol(const struct elf *obj, const char *name)
{
	const struct symbol *sym;

	for_each_symbol(obj, sym, i)
		if (sym->sec && freed_after_boot(sym->sec) && !strcmp(sym->name, name) &&
		    sym->type != STT_SECTION)
			return sym;
	return NULL;
}

/* What the function or object at target + offset is: the symbol covering it, or NULL. */
static const struct symbol *covering(const struct reloc *r, unsigned long *within)
{
	const struct symbol *t = r->sym;
	long at = (t->type == STT_SECTION ? 0 : (long)t->value) + reloc_target_offset(r);
	const struct symbol *s = t->sec ? elf_symbol_at(t->sec, at) : NULL;

	if (s)
		*within = at - s->value;
	return s;
}

/*
 * data, read by the new code from the running kernel: a problem if, in the
 * patched object, it holds addresses inside (not at the start of) a function
 * the output replaces.
 */
static void check_table(const struct elf *patched, const struct elf *out,
			const struct symbol *func, unsigned long at, const char *name,
			struct strlist *problems)
{
	const struct symbol *data = elf_find_symbol(patched, name);
	struct reloc *r;
	size_t nr = 0;

	if (!data || !is_object(data) || !data->sec || !data->sec->rela)
		return;
	r = elf_relocs_in(data->sec, data->value, data->value + data->size, &nr);
	for (size_t k = 0; k < nr; k++) {
		unsigned long within = 0;
		const struct symbol *code = covering(&r[k], &within);
		const struct symbol *copy = code ? elf_find_symbol(out, code->name) : NULL;

		if (!code || !is_func(code) || !within || !copy || !defined(copy))
			continue;
		verify_problem(problems, func, at,
			"reads %s, a table of code addresses inside %s (+0x%lx), from the running "
			"kernel: it points into the old %s, not the module's", name, code->name, within,
			code->name);
		return;
	}
}

/* The relocations of func's code: nothing in freed memory, no table into replaced code. */
static void check_references(const struct elf *orig, const struct elf *patched,
			     const struct elf *out, const struct symbol *func,
			     struct strlist *problems)
{
	struct reloc *r;
	size_t nr = 0;

	if (!func->sec->rela)
		return;
	r = elf_relocs_in(func->sec, func->value, func->value + func->size, &nr);
	for (size_t k = 0; k < nr; k++) {
		const struct symbol *sym = r[k].sym, *freed;
		char *name;

		if (!sym || defined(sym) || sym->type == STT_SECTION || !*sym->name)
			continue;
		name = running_name(sym);
		freed = freed_symbol(orig, name);
		if (freed)
			verify_problem(problems, func, r[k].offset,
				"reaches %s, which the running kernel has in %s: freed after boot",
				name, freed->sec->name);
		check_table(patched, out, func, r[k].offset, name, problems);
		free(name);
	}
}

/* func of the output, next to the patched object's function of that name. */
static void check_copy(const struct elf *patched, const struct elf *out,
		       const struct symbol *func, struct strlist *problems)
{
	const struct symbol *fpat = elf_find_symbol(patched, func->name);
	unsigned char *accounted;

	if (!fpat || !is_func(fpat) || !fpat->sec || !fpat->sec->data ||
	    fpat->value + fpat->size > fpat->sec->size) {
		verify_problem(problems, func, func->value, "the patched object has no such function");
		return;
	}
	accounted = verify_branches(patched, out, func, fpat, problems);
	verify_references(func, fpat, accounted, problems);
	free(accounted);
}

void verify_unit(const struct elf *orig, const struct elf *patched, const struct elf *out,
		 struct strlist *problems)
{
	const struct symbol *func;

	verify_accounting(orig, patched, out, problems);
	verify_functions(orig, patched, out, problems);
	if (!out)
		return;
	for_each_symbol(out, func, i) {
		if (!is_func(func) || !func->sec || !is_text(func->sec) || !func->size ||
		    !func->sec->data || func->value + func->size > func->sec->size)
			continue;
		check_escapes(func, problems);
		check_copy(patched, out, func, problems);
		check_references(orig, patched, out, func, problems);
	}
	verify_data(patched, out, problems);
	verify_entries(out, problems);
}
