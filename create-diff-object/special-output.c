// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the special sections' entries that inclusion kept
 * (special-include.c), each with its relocations, and the companion's
 * entries in step (.orc_unwind with .orc_unwind_ip).
 */
#include "cdo.h"
#include "special.h"

/* Where kept entries go; a SHF_LINK_ORDER section follows its function's. */
static struct section *entries_output(struct cdo *cdo, const struct section *sec)
{
	struct section *out;

	if (!sec->link)
		return output_section_for(cdo, sec);
	out = elf_create_section(cdo->out, sec->name, sec->sh.sh_type,
				 sec->sh.sh_flags, sec->sh.sh_addralign,
				 sec->sh.sh_entsize, NULL, 0);
	out->link = output_section_for(cdo, sec->link);
	return out;
}

static void emit_entries(struct cdo *cdo, const struct special *s,
			 const struct section *sec, const struct entries *e)
{
	struct section *out = NULL, *comp = NULL, *comp_out = NULL;
	unsigned long comp_size = 0;

	if (s->companion && (comp = elf_find_section(cdo->patched, s->companion))) {
		comp_size = entry_size(cdo, special_lookup(s->companion), comp);
		if (comp->size / comp_size != e->nr)
			die("%s: %s has %zu entries but %s has %zu",
			    cdo->patched_path, sec->name, e->nr, comp->name,
			    comp->size / comp_size);
	}
	for (size_t n = 0; n < e->nr; n++) {
		unsigned long off;

		if (!e->keep[n])
			continue;
		if (!out)
			out = entries_output(cdo, sec);
		off = elf_append(out, sec->data + e->start[n], e->size[n], 1);
		output_relocs(cdo, out, off, sec, e->start[n], e->start[n] + e->size[n]);
		if (!comp)
			continue;
		if (!comp_out)
			comp_out = output_section_for(cdo, comp);
		off = elf_append(comp_out, comp->data + n * comp_size, comp_size, 1);
		output_relocs(cdo, comp_out, off, comp, n * comp_size, (n + 1) * comp_size);
	}
}

void special_emit(struct cdo *cdo)
{
	for (size_t i = 0; i < cdo->nr_kept; i++)
		emit_entries(cdo, cdo->kept[i].s, cdo->kept[i].sec, &cdo->kept[i].e);
}
