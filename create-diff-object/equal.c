// SPDX-License-Identifier: GPL-2.0
/*
 * Equality of what two builds' bytes and relocations designate: the rule
 * compare.c and special-compare.c both judge by.  What each relocation
 * points at matters, not the symbol number or string offset.
 */
#include <string.h>

#include "cdo.h"
#include "arch.h"

static bool private_equal(const struct symbol *a, const struct symbol *b);

/* a from the patched object, b from the original. */
static bool symbols_equal(const struct symbol *a, const struct symbol *b)
{
	/* Calls to a changed function reach the new one through ftrace. */
	if (a->twin)
		return a->twin == b && !(is_object(a) && a->status == CHANGED);
	if (!a->sec || !b->sec)
		return !a->sec && !b->sec && !strcmp(a->name, b->name);
	/* Uncorrelated statics (switch tables, __func__...) by content. */
	if (is_private_static(a) && is_private_static(b))
		return private_equal(a, b);
	return false;
}

/*
 * .altinstr_aux holds one slow test per static_cpu_has() site of the whole
 * object, each ending in a jmp back: a reference into it means that chunk,
 * not the section (a new site elsewhere moves it, and changes nothing).
 */
static unsigned long aux_chunk_size(const struct section *sec, unsigned long start)
{
	struct insn *insn = NULL;
	size_t count = start < sec->size && sec->data ?
		       insn_decode(sec->data + start, sec->size - start, start, &insn) : 0;
	unsigned long end = sec->size;

	for (size_t i = 0; i < count; i++) {
		if (insn[i].kind == INSN_JUMP) {
			end = insn[i].address + insn[i].size;
			break;
		}
	}
	free(insn);
	return end - start;
}

/* Only a site's "jmp 6f" reaches its chunk: the chunk starts 4 bytes after the addend. */
static bool aux_chunks_equal(const struct ref *a, const struct ref *b)
{
	long as = a->offset + 4, bs = b->offset + 4;
	unsigned long size, where;

	if (a->sec->twin != b->sec || as < 0 || bs < 0 || !a->sec->data || !b->sec->data)
		return false;
	size = aux_chunk_size(a->sec, as);
	return size == aux_chunk_size(b->sec, bs) && as + size <= a->sec->size &&
	       bs + size <= b->sec->size &&
	       !memcmp(a->sec->data + as, b->sec->data + bs, size) &&
	       relocs_range_equal(a->sec, as, b->sec, bs, size, NULL, &where);
}

bool refs_equal(const struct ref *a, const struct ref *b)
{
	if (a->kind == REF_SECTION && b->kind == REF_SECTION &&
	    !strcmp(a->sec->name, ".altinstr_aux") && !strcmp(b->sec->name, ".altinstr_aux"))
		return aux_chunks_equal(a, b);
	if (a->kind != b->kind || a->offset != b->offset)
		return false;
	switch (a->kind) {
	case REF_SYMBOL:
		return symbols_equal(a->sym, b->sym);
	case REF_STRING:
		return !strcmp(ref_string(a), ref_string(b));
	case REF_CONSTANT:
		return a->sec->sh.sh_entsize == b->sec->sh.sh_entsize &&
		       !memcmp(a->sec->data + a->start, b->sec->data + b->start,
			       a->sec->sh.sh_entsize);
	case REF_SECTION:
		return a->sec->twin == b->sec && a->sec->size == b->sec->size &&
		       (!a->sec->data || !memcmp(a->sec->data, b->sec->data, a->sec->size));
	}
	return false;
}

bool bytes_equal(const struct symbol *a, const struct symbol *b)
{
	if (!a->sec->data || !b->sec->data)
		return !a->sec->data && !b->sec->data;
	return !memcmp(a->sec->data + a->value, b->sec->data + b->value, a->size);
}

bool relocs_range_equal(const struct section *a, unsigned long as, const struct section *b,
			unsigned long bs, unsigned long size, const struct ref_match *match,
			unsigned long *where)
{
	size_t na, nb;
	struct reloc *ra = elf_relocs_in(a, as, as + size, &na);
	struct reloc *rb = elf_relocs_in(b, bs, bs + size, &nb);

	for (size_t i = 0; i < na || i < nb; i++) {
		struct ref x, y;

		*where = i < na ? ra[i].offset - as : rb[i].offset - bs;
		if (i >= na || i >= nb || ra[i].offset - as != rb[i].offset - bs ||
		    ra[i].type != rb[i].type)
			return false;
		resolve_reloc(&ra[i], &x);
		resolve_reloc(&rb[i], &y);
		if (match ? !match->equal(&x, &y, match) : !refs_equal(&x, &y))
			return false;
	}
	*where = size;
	return true;
}

bool relocs_equal(const struct symbol *a, const struct symbol *b, unsigned long *where)
{
	return relocs_range_equal(a->sec, a->value, b->sec, b->value, a->size, NULL, where);
}

static bool private_equal(const struct symbol *a, const struct symbol *b)
{
	unsigned long where;
	char *x = name_stem(a->name), *y = name_stem(b->name);
	bool same = !strcmp(x, y) && a->size == b->size;

	free(x);
	free(y);
	/*
	 * A fresh copy starts from its initializer: a new one (a ratelimit's
	 * burst) is a change.  Call-site records hold the site's __LINE__; the
	 * code's own references show what really changed there.
	 */
	if (!same || in_private_section(a))
		return same;
	return bytes_equal(a, b) && relocs_equal(a, b, &where);
}
