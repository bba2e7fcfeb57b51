// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's accounting of functions (verify.h): each function of the
 * patched object that the module does not carry must be the original's,
 * byte for byte and reference for reference, or the module would leave
 * changed code running old.  Three differences are not changes: a branch
 * the assembler resolved (no relocation) to the same symbol and offset at
 * another distance; a reference into .altinstr_aux whose slow test is the
 * same code wherever another site moved it; and, the rule doc/design.md
 * gives, read here from the bytes alone, a line that moved: the __LINE__ a
 * function passes to might_sleep() and friends, a "mov $line, %reg", all
 * such immediates of one function moved by the same amount.
 */
#include <string.h>

#include "arch.h"
#include "verify-entity.h"
#include "verify.h"

/* Larger than any line of a kernel source file. */
#define MAX_LINE	(1L << 20)

static bool carried(const struct elf *out, const char *name)
{
	const struct symbol *sym = out ? elf_find_symbol(out, name) : NULL;

	return sym && sym->sec;
}

static bool usable(const struct symbol *f)
{
	return is_func(f) && f->sec && f->sec->data && f->size &&
	       f->value + f->size <= f->sec->size;
}

/* A moved line in a and b, the same instruction: *delta is how far it moved. */
static bool moved_line(const struct insn *a, const struct insn *b, long *delta)
{
	long ia = a->imm, ib = b->imm;

	if (!a->imm_reg || a->imm_reg != b->imm_reg || a->size != b->size)
		return false;
	if (ia <= 0 || ib <= 0 || ia >= MAX_LINE || ib >= MAX_LINE || ia == ib)
		return false;
	if (*delta && ib - ia != *delta)
		return false;
	*delta = ib - ia;
	return true;
}

static bool relocated(const struct symbol *f, const struct insn *insn)
{
	return relocated_range(f->sec, f->value + insn->address, insn->size);
}

/*
 * A branch or RIP-relative operand the assembler resolved itself (between
 * functions of one named section, such as .sched.text): the same when it
 * reaches the same symbol and offset, whatever the distance.
 */
static bool same_target(const struct symbol *fo, const struct insn *a, const struct symbol *fp,
			const struct insn *b)
{
	struct entity ea, eb;
	bool same;

	if (a->opcode != b->opcode || !a->has_target || !b->has_target ||
	    relocated(fo, a) || relocated(fp, b))
		return false;
	ea = entity_in(fo->sec, (long)(fo->value + a->target));
	eb = entity_in(fp->sec, (long)(fp->value + b->target));
	same = same_entity(&ea, &eb);
	free(ea.name);
	free(eb.name);
	return same;
}

/* The length of the site code at off: up to its jump back (a static_cpu_has() slow test). */
static size_t site_length(const struct section *sec, unsigned long off)
{
	struct insn *insn = NULL;
	size_t n = off < sec->size ? insn_decode(sec->data + off, sec->size - off, 0, &insn) : 0;
	size_t len = 0;

	for (size_t i = 0; i < n && !len; i++)
		if (insn[i].kind == INSN_JUMP || insn[i].kind == INSN_RETURN)
			len = insn[i].address + insn[i].size;
	free(insn);
	return len;
}

/* Where f's instruction insn refers into site code: its only relocation. */
static const struct reloc *site_reference(const struct symbol *f, const struct insn *insn)
{
	size_t nr = 0;
	const struct reloc *r = f->sec->rela ?
		elf_relocs_in(f->sec, f->value + insn->address, f->value + insn->address + insn->size,
			      &nr) : NULL;

	return nr == 1 && r->sym->sec && site_code(r->sym->sec) && r->sym->type == STT_SECTION ?
	       r : NULL;
}

/*
 * A reference into a section of site code shared by every function of the
 * object (.altinstr_aux): the same when the code there is, wherever another
 * function's new site moved it.
 */
static bool same_site(const struct symbol *fo, const struct insn *a, const struct symbol *fp,
		      const struct insn *b)
{
	const struct reloc *ra = site_reference(fo, a), *rb = site_reference(fp, b);
	unsigned long where, oa, ob;
	size_t len;

	if (!ra || !rb || a->opcode != b->opcode || ra->offset - fo->value != rb->offset - fp->value ||
	    ra->type != rb->type || memcmp(a->bytes, b->bytes, a->size))
		return false;
	oa = ra->sym->value + reloc_target_offset(ra);
	ob = rb->sym->value + reloc_target_offset(rb);
	len = site_length(ra->sym->sec, oa);
	return len && len == site_length(rb->sym->sec, ob) &&
	       ranges_equal(ra->sym->sec, oa, rb->sym->sec, ob, len, &where);
}

/* Whether fo and fp differ only in what the assembler resolved and moved lines; else *where. */
static bool same_code(const struct symbol *fo, const struct symbol *fp, unsigned long *where)
{
	struct insn *ia, *ib;
	size_t na = insn_decode(fo->sec->data + fo->value, fo->size, 0, &ia);
	size_t nb = insn_decode(fp->sec->data + fp->value, fp->size, 0, &ib);
	bool ok = na && na == nb && ia[na - 1].address + ia[na - 1].size == fo->size;
	long delta = 0;

	for (size_t i = 0; ok && i < na; i++) {
		unsigned long at = ia[i].address;

		ok = at == ib[i].address && ia[i].size == ib[i].size;
		if (ok && !ranges_equal(fo->sec, fo->value + at, fp->sec, fp->value + at, ia[i].size,
					where))
			ok = same_target(fo, &ia[i], fp, &ib[i]) || same_site(fo, &ia[i], fp, &ib[i]) ||
			     moved_line(&ia[i], &ib[i], &delta);
		if (!ok)
			*where = at;
	}
	free(ia);
	free(ib);
	return ok;
}

void verify_functions(const struct elf *orig, const struct elf *patched, const struct elf *out,
		      struct strlist *problems)
{
	const struct symbol *fp, *fo;

	for_each_symbol(patched, fp, i) {
		unsigned long where = 0;

		if (!usable(fp) || carried(out, fp->name) || author_ignored_function(patched, fp) ||
		    !(fo = symbol_by_stem(orig, fp->name, usable, true)))
			continue;
		if (fo->size == fp->size &&
		    (ranges_equal(fo->sec, fo->value, fp->sec, fp->value, fp->size, &where) ||
		     same_code(fo, fp, &where)))
			continue;
		verify_problem(problems, fp, fp->value + where,
			"differs from the original's %s (%s), and the module does not carry it: "
			"the running kernel would keep the old code",
			fo->name, fo->size == fp->size ? "code or references" : "size");
	}
}
