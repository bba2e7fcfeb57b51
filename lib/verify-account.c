// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's accounting (verify.h): what differs between the original
 * and patched objects outside the functions must reach the module, or the
 * change would be dropped in silence.  Functions are the engine's to
 * compare (and the reference check proves what it copied); here, the rest:
 * every object of the compiler's .data and .rodata, and the code of each
 * text section that no function symbol covers (assembly).
 */
#include <string.h>

#include "arch.h"
#include "verify-entity.h"
#include "verify.h"

static bool data_object(const struct symbol *sym)
{
	return is_object(sym) && sym->sec;
}

/*
 * Whether sym is a printk index entry (a .printk_index slot points at it):
 * it records the format's file and line for debugfs, and a line that moved
 * changes no behaviour.
 */
static bool printk_index_entry(const struct elf *patched, const struct symbol *sym)
{
	const struct section *index = elf_find_section(patched, ".printk_index");

	for (size_t i = 0; index && index->rela && i < index->rela->nr_relocs; i++) {
		const struct reloc *r = &index->rela->relocs[i];

		if (r->sym == sym || (r->sym->type == STT_SECTION && r->sym->sec == sym->sec &&
				      (unsigned long)r->addend == sym->value))
			return true;
	}
	return false;
}

/* Each object of the patched object's data that differs from the original's is one out defines. */
static void account_data(const struct elf *orig, const struct elf *patched,
			 const struct elf *out, struct strlist *problems)
{
	const struct symbol *p, *o;
	unsigned long where;

	for_each_symbol(patched, p, i) {
		if (!is_object(p) || !p->sec || !compiler_data(p->sec) || author_ignored(patched, p->sec) ||
		    printk_index_entry(patched, p) ||
		    p->value + p->size > p->sec->size || !(o = symbol_by_stem(orig, p->name, data_object, false)) ||
		    !o->sec->data || o->value + o->size > o->sec->size)
			continue;
		if (p->size == o->size &&
		    ranges_equal(p->sec, p->value, o->sec, o->value, p->size, &where))
			continue;
		if (out && symbol_by_stem(out, p->name, data_object, false))
			continue;
		verify_problem(problems, p, p->value + (p->size == o->size ? where : 0),
			       "differs from the original object's %s, and the module carries no "
			       "copy of it: the change would be dropped", o->name);
	}
}

static bool padding(const struct section *sec, unsigned long start, unsigned long size)
{
	struct insn *insn;
	size_t count = insn_decode(sec->data + start, size, start, &insn);
	unsigned long end = start;
	bool pad = true;

	for (size_t i = 0; i < count && pad; i++) {
		pad = insn[i].kind == INSN_PAD;
		end = insn[i].address + insn[i].size;
	}
	free(insn);
	return pad && end == start + size;
}

/* The next range of sec from *at that no function covers and that is more than padding. */
static bool next_uncovered(const struct section *sec, unsigned long *at, unsigned long *start,
			   unsigned long *size)
{
	while (*at < sec->size) {
		const struct symbol *f = elf_symbol_at(sec, *at);
		unsigned long end = *at;

		if (f && is_func(f) && f->size) {
			*at = f->value + f->size;
			continue;
		}
		while (end < sec->size && !((f = elf_symbol_at(sec, end)) && is_func(f) && f->size))
			end++;
		*start = *at;
		*size = end - *at;
		*at = end;
		if (!padding(sec, *start, *size))
			return true;
	}
	return false;
}

/* The code of p outside functions, range by range, is the original's. */
static void account_section_code(const struct section *p, const struct section *o,
				  struct strlist *problems)
{
	unsigned long pat = 0, oat = 0, ps = 0, pn = 0, os = 0, on = 0, where = 0;
	struct symbol what = { .name = p->name };
	bool more_p, more_o;

	do {
		more_p = next_uncovered(p, &pat, &ps, &pn);
		more_o = next_uncovered(o, &oat, &os, &on);
		if (more_p != more_o || (more_p && (pn != on || !ranges_equal(p, ps, o, os, pn, &where)))) {
			verify_problem(problems, &what, more_p ? ps + where : p->size, "code outside any "
				       "function symbol (assembly) differs from the original object's: "
				       "the module can carry only functions");
			return;
		}
	} while (more_p);
}

static void account_code(const struct elf *orig, const struct elf *patched,
			 struct strlist *problems)
{
	const struct section *p, *o;

	for_each_section(patched, p, i) {
		if (!is_text(p) || !p->data || site_code(p) || author_ignored(patched, p) ||
		    !(o = elf_find_section(orig, p->name)) || !o->data)
			continue;
		account_section_code(p, o, problems);
	}
}

void verify_accounting(const struct elf *orig, const struct elf *patched, const struct elf *out,
		       struct strlist *problems)
{
	account_data(orig, patched, out, problems);
	account_code(orig, patched, problems);
}
