// SPDX-License-Identifier: GPL-2.0
/*
 * A function's special-section entries are part of what it does: the
 * replacement code of its alternatives, the fixup types of its exception
 * table entries, its jump label keys, its BUG/WARN flags.  Two functions
 * with the same bytes differ if those entries differ.
 */
#include <string.h>

#include "arch.h"
#include "cdo.h"
#include "special.h"

/* The entries of one special section of one object, with their owners. */
struct owned {
	const struct section *sec;
	struct entries e;
	struct symbol **owner;
};

static struct owned *cache;
static size_t nr_cache, alloc_cache;

static const struct owned *owned_entries(struct cdo *cdo, const struct special *s,
					 const struct section *sec)
{
	struct owned *o;

	for (size_t i = 0; i < nr_cache; i++)
		if (cache[i].sec == sec)
			return &cache[i];
	GROW(cache, alloc_cache, nr_cache);
	o = &cache[nr_cache++];
	o->sec = sec;
	entries_of(cdo, s, sec, &o->e);
	o->owner = xcalloc(o->e.nr, sizeof(*o->owner));
	for (size_t n = 0; n < o->e.nr; n++)
		o->owner[n] = owner_of(cdo, s, sec, o->e.start[n]);
	return o;
}

void special_compare_done(void)
{
	for (size_t i = 0; i < nr_cache; i++) {
		entries_free(&cache[i].e);
		free(cache[i].owner);
	}
	free(cache);
	cache = NULL;
	nr_cache = alloc_cache = 0;
}

static bool covered_by_reloc(const struct section *sec, unsigned long off)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(sec, off >= 8 ? off - 7 : 0, off + 1, &nr);

	for (size_t i = 0; i < nr; i++)
		if (r[i].offset <= off && off < r[i].offset + reloc_width(r[i].type))
			return true;
	return false;
}

static bool entry_bytes_equal(long line, unsigned long size,
			      const struct section *a, unsigned long as,
			      const struct section *b, unsigned long bs)
{
	for (unsigned long i = 0; i < size; i++) {
		if (line >= 0 && i >= (unsigned long)line && i < (unsigned long)line + 2)
			continue;
		if (covered_by_reloc(a, as + i))
			continue;
		if (a->data[as + i] != b->data[bs + i])
			return false;
	}
	return true;
}

/* The code an alternative entry points at: its length is the last byte. */
static bool replacement_equal(const struct ref *x, unsigned char xlen,
			      const struct ref *y, unsigned char ylen)
{
	unsigned long where;

	if (xlen != ylen || x->offset < 0 || y->offset < 0 ||
	    x->offset + xlen > (long)x->sec->size || y->offset + ylen > (long)y->sec->size ||
	    memcmp(x->sec->data + x->offset, y->sec->data + y->offset, xlen))
		return false;
	return relocs_range_equal(x->sec, x->offset, y->sec, y->offset, xlen, NULL, &where);
}

/* An entry whose length is its last byte (alternatives): its replacement code too. */
static bool replacement_or_ref_equal(const struct ref *x, const struct ref *y,
				     const struct ref_match *m)
{
	if (x->kind == REF_SECTION && y->kind == REF_SECTION)
		return replacement_equal(x, m->a_entry[m->size - 1], y, m->b_entry[m->size - 1]);
	return refs_equal(x, y);
}

static bool entry_relocs_equal(const struct special *s, unsigned long size,
			       const struct section *a, unsigned long as,
			       const struct section *b, unsigned long bs)
{
	struct ref_match m = {
		.equal = replacement_or_ref_equal, .a_entry = a->data + as, .b_entry = b->data + bs,
		.size = size,
	};
	unsigned long where;

	return relocs_range_equal(a, as, b, bs, size, s->len_at_end ? &m : NULL, &where);
}

/* The next entry after *i owned by func, in section order. */
static bool next_of(const struct owned *o, const struct symbol *func, size_t *i)
{
	while (++*i < o->e.nr)
		if (o->owner[*i] == func)
			return true;
	return false;
}

static bool section_entries_equal(struct cdo *cdo, const struct special *s,
				  const struct section *ps, const struct symbol *p,
				  const struct section *os, const struct symbol *o)
{
	const struct owned *po = owned_entries(cdo, s, ps);
	const struct owned *oo = owned_entries(cdo, s, os);
	size_t i = (size_t)-1, j = (size_t)-1;
	unsigned long size, as, bs;
	bool more_p, more_o;

	/* both advance every time: an entry left on one side is a difference */
	for (;;) {
		more_p = next_of(po, p, &i);
		more_o = next_of(oo, o, &j);
		if (!more_p || !more_o)
			break;
		size = po->e.size[i];
		as = po->e.start[i];
		bs = oo->e.start[j];
		if (size != oo->e.size[j] ||
		    !entry_bytes_equal(entry_field(cdo, s, FIELD_LINE), size, ps, as, os, bs) ||
		    !entry_relocs_equal(s, size, ps, as, os, bs))
			return false;
	}
	return more_p == more_o;
}

bool special_entries_equal(struct cdo *cdo, const struct symbol *p,
			   const struct symbol *o, const char **where)
{
	for (size_t k = 0; k < nr_specials; k++) {
		const struct special *s = &specials[k];
		struct section *ps = elf_find_section(cdo->patched, s->name);
		struct section *os = elf_find_section(cdo->orig, s->name);

		if (!s->compare || (!ps && !os))
			continue;
		*where = s->name;
		/* A section only one side has: its owners alone differ. */
		if (!ps || !os) {
			size_t i = (size_t)-1;

			if (ps ? next_of(owned_entries(cdo, s, ps), p, &i)
			       : next_of(owned_entries(cdo, s, os), o, &i))
				return false;
			continue;
		}
		if (!section_entries_equal(cdo, s, ps, p, os, o))
			return false;
	}
	return true;
}
