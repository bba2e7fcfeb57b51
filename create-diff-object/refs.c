// SPDX-License-Identifier: GPL-2.0
/*
 * What a relocation points at.  The assembler spells references to local
 * objects as "section symbol + offset"; this turns every spelling into the
 * named object, string literal or anonymous section it designates.
 */
#include <string.h>

#include "cdo.h"

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
 * section holds one object.  Otherwise, an instruction with an immediate
 * after its displacement (addl $1, x(%rip)) ends 1, 2 or 4 bytes later.
 */
static struct symbol *symbol_for_target(const struct section *sec, long target,
					const struct reloc *reloc)
{
	static const int trailing[] = { 0, 1, 2, 4 };
	struct symbol *sym = NULL;

	if (sec->nr_syms == 1)
		return sec->syms[0];
	for (size_t i = 0; i < ARRAY_SIZE(trailing) && !sym; i++) {
		long t = target + trailing[i];

		if (t >= 0)
			sym = elf_symbol_at(sec, t);
		if (!reloc_is_pcrel(reloc->type) || !is_text(reloc->sec->base))
			break;
	}
	return sym;
}

void resolve_reloc(const struct reloc *reloc, struct ref *ref)
{
	struct symbol *sym = reloc->sym;
	struct section *sec = sym->sec;
	long target;
	struct symbol *inner;

	memset(ref, 0, sizeof(*ref));
	if (sym->type != STT_SECTION || !sec) {
		ref->kind = REF_SYMBOL;
		ref->sym = sym;
		ref->offset = reloc->addend;
		return;
	}
	/*
	 * In code, a PC-relative displacement is relative to the next
	 * instruction; in data (".long sym - .") it is exact.
	 */
	target = reloc->addend;
	if (reloc_is_pcrel(reloc->type) && is_text(reloc->sec->base))
		target += 4;
	if (is_string_section(sec) && sec->data) {
		ref->kind = REF_STRING;
		ref->sec = sec;
		ref->start = string_start(sec, target < 0 ? 0 : target);
		ref->offset = reloc->addend - (long)ref->start;
		return;
	}
	inner = symbol_for_target(sec, target, reloc);
	if (inner) {
		ref->kind = REF_SYMBOL;
		ref->sym = inner;
		ref->offset = reloc->addend - (long)inner->value;
		return;
	}
	ref->kind = REF_SECTION;
	ref->sec = sec;
	ref->offset = reloc->addend;
}

const char *ref_string(const struct ref *ref)
{
	return (const char *)ref->sec->data + ref->start;
}
