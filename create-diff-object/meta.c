// SPDX-License-Identifier: GPL-2.0
/*
 * Metadata for the module template (templates/klp-meta.h): one entry per replaced
 * function, and the callbacks the patch author declared.
 */
#include <string.h>

#include "arch.h"
#include "cdo.h"
#include "klp-meta.h"

struct meta {
	struct section *strings;
	struct strmap seen;
};

static unsigned long meta_string(struct cdo *cdo, struct meta *m, const char *s)
{
	unsigned long off = (unsigned long)strmap_get(&m->seen, s);

	if (off)
		return off - 1;
	if (!m->strings)
		m->strings = elf_create_section(cdo->out, KLP_META_STRINGS,
						SHT_PROGBITS, SHF_ALLOC, 1, 0, NULL, 0);
	off = elf_append(m->strings, s, strlen(s) + 1, 1);
	strmap_add(&m->seen, xstrdup(s), (void *)(off + 1));
	return off;
}

static void point_to_string(struct cdo *cdo, struct meta *m, struct section *sec,
			    unsigned long off, const char *s)
{
	unsigned long where = meta_string(cdo, m, s);

	elf_add_reloc(sec, off, R_ABS64, elf_section_symbol(m->strings), where);
}

static void emit_funcs(struct cdo *cdo, struct meta *m)
{
	struct section *funcs = NULL;
	struct symbol *sym;

	for_each_symbol(cdo->patched, sym, i) {
		struct klp_meta_func entry = { 0 };
		unsigned long off;

		if (!is_func(sym) || !sym->include || sym->status != CHANGED ||
		    rides_with_users(cdo, sym))
			continue;
		if (!funcs)
			funcs = elf_create_section(cdo->out, KLP_META_FUNCS, SHT_PROGBITS,
						   SHF_ALLOC, 8, sizeof(entry), NULL, 0);
		entry.sympos = sympos_of(cdo, sym->twin);
		off = elf_append(funcs, &entry, sizeof(entry), 8);
		elf_add_reloc(funcs, off, R_ABS64, sym->priv, 0);
		point_to_string(cdo, m, funcs, off + 8, sym->twin->name);
		point_to_string(cdo, m, funcs, off + 16, cdo->objname);
	}
}

static void emit_callbacks(struct cdo *cdo, struct meta *m)
{
	struct section *sec;

	for_each_section(cdo->patched, sec, i) {
		struct section *out;

		if (!str_starts(sec->name, KLP_META_CALLBACKS) || sec->sh.sh_type == SHT_RELA ||
		    !sec->rela)
			continue;
		out = elf_create_section(cdo->out, sec->name, SHT_PROGBITS, SHF_ALLOC, 8,
					 sizeof(struct klp_meta_callback), NULL, 0);
		for (size_t r = 0; r < sec->rela->nr_relocs; r++) {
			const struct reloc *reloc = &sec->rela->relocs[r];
			struct klp_meta_callback entry = { 0 };
			unsigned long off = elf_append(out, &entry, sizeof(entry), 8);

			output_relocs(cdo, out, off, sec, reloc->offset, reloc->offset + 8);
			point_to_string(cdo, m, out, off + 8, cdo->objname);
		}
	}
}

void emit_metadata(struct cdo *cdo)
{
	struct meta m = { 0 };

	strmap_init(&m.seen, 64);
	emit_funcs(cdo, &m);
	emit_callbacks(cdo, &m);
	strmap_free_keys(&m.seen);
}
