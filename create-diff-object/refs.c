// SPDX-License-Identifier: GPL-2.0
/*
 * What a relocation points at.  The assembler spells references to local
 * objects as "section symbol + offset" (or, into merged sections, as a
 * local label such as .LC0); this turns every spelling into the named
 * object, string or constant literal, or anonymous section it designates.
 */
#include <string.h>

#include "cdo.h"
#include "arch.h"

static unsigned long string_start(const struct section *sec, unsigned long t)
{
	if (t >= sec->size)
		t = sec->size ? sec->size - 1 : 0;
	while (t > 0 && sec->data[t - 1])
		t--;
	return t;
}

/*
 * The object a "section + offset" reference means.  With -fdata-sections a
 * section holds one object; otherwise the exact target is needed, or the
 * object that ends there: a loop's end pointer, one past an array.
 */
static struct symbol *symbol_for_target(const struct section *sec, long target)
{
	struct symbol *sym;

	if (sec->nr_syms == 1 && sec->syms[0]->type != STT_NOTYPE)
		return sec->syms[0];
	if (target < 0)
		return NULL;
	sym = elf_symbol_at(sec, target);
	if (!sym && target > 0 && (sym = elf_symbol_at(sec, target - 1)) &&
	    sym->value + sym->size != (unsigned long)target)
		sym = NULL;
	return sym;
}

/* The one object of a section, whose displacement bias is then known. */
static bool single_object(const struct section *sec)
{
	return sec->nr_syms == 1 && sec->syms[0]->type != STT_NOTYPE;
}

/* Local labels (".LC1" kept by inline asm) are spelled like sections. */
static bool section_relative(const struct symbol *sym)
{
	return sym->sec && (sym->type == STT_SECTION ||
			    (sym->type == STT_NOTYPE && sym->bind == STB_LOCAL));
}

void resolve_reloc(const struct reloc *reloc, struct ref *ref)
{
	struct symbol *sym = reloc->sym, *inner;
	struct section *sec = sym->sec;
	long addend, target;

	memset(ref, 0, sizeof(*ref));
	if (!section_relative(sym)) {
		ref->kind = REF_SYMBOL;
		ref->sym = sym;
		ref->offset = reloc->addend;
		return;
	}
	/* wrapping, not overflowing, on a malformed addend: later checks bound it */
	addend = (long)((unsigned long)reloc->addend + sym->value);
	/*
	 * In code, a PC-relative displacement is relative to the end of the
	 * instruction, which an immediate may follow ("addl $1, x(%rip)");
	 * in data (".long sym - .") it is exact.
	 */
	target = addend;
	if (reloc_is_pcrel(reloc->type) && is_text(reloc->sec->base))
		target = (long)((unsigned long)target +
				(unsigned long)(single_object(sec) ? 4 : pcrel_bias(reloc)));
	if (is_string_section(sec) && sec->data) {
		ref->kind = REF_STRING;
		ref->sec = sec;
		ref->start = string_start(sec, target < 0 ? 0 : target);
		ref->offset = addend - (long)ref->start;
		return;
	}
	if (is_constant_section(sec) && sec->data && target >= 0 &&
	    (unsigned long)target < sec->size &&
	    sec->size - (unsigned long)target >= sec->sh.sh_entsize) {
		ref->kind = REF_CONSTANT;
		ref->sec = sec;
		ref->start = (unsigned long)target - (unsigned long)target % sec->sh.sh_entsize;
		ref->offset = addend - (long)ref->start;
		return;
	}
	inner = symbol_for_target(sec, target);
	if (inner) {
		ref->kind = REF_SYMBOL;
		ref->sym = inner;
		ref->offset = addend - (long)inner->value;
		return;
	}
	ref->kind = REF_SECTION;
	ref->sec = sec;
	ref->offset = addend;
}

const char *string_in(const struct section *sec, long off)
{
	if (!sec->data || off < 0 || (unsigned long)off >= sec->size ||
	    !memchr(sec->data + off, '\0', sec->size - off))
		return NULL;
	return (const char *)sec->data + off;
}

const char *ref_string(const struct ref *ref)
{
	return (const char *)ref->sec->data + ref->start;
}

bool takes_address(const struct reloc *reloc, const struct ref *ref)
{
	return ref->kind == REF_SYMBOL && !ref->offset && reloc->type != R_BRANCH32;
}
