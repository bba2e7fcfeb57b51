// SPDX-License-Identifier: GPL-2.0
/*
 * Writing: the output object is built anew from the included pieces.  Each
 * function or object is copied into a section of the same name, each string
 * or constant literal into a merged section of its kind, and every
 * relocation is re-aimed (output-relocs.c).
 */
#include "cdo.h"

void output_begin(struct cdo *cdo)
{
	struct symbol *sym;

	cdo->out = elf_create(&cdo->patched->ehdr);
	for_each_symbol(cdo->patched, sym, i) {
		if (sym->type == STT_FILE) {
			struct symbol *file = elf_create_symbol(cdo->out, sym->name,
								STT_FILE, STB_LOCAL,
								NULL, 0, 0);
			file->shndx = SHN_ABS;
			break;
		}
	}
}

static void output_piece(struct cdo *cdo, struct symbol *sym)
{
	struct section *out = output_section_for(cdo, sym->sec);
	unsigned long off;
	struct symbol *copy;

	off = elf_append(out, sym->sec->data ? sym->sec->data + sym->value : NULL,
			 sym->size, sym->sec->sh.sh_addralign);
	append_thunks(cdo, sym, out, off);
	append_far_jumps(cdo, sym, out, off);
	copy = elf_create_symbol(cdo->out, sym->name, sym->type, sym->bind, out,
				 off, out->size - off);
	copy->other = sym->other;
	sym->priv = copy;
}

static void output_pieces(struct cdo *cdo, struct section *sec)
{
	struct pieces *ps = sec->priv;

	ps->out = output_section_for(cdo, sec);
	for (size_t i = 0; i < ps->nr; i++)
		ps->p[i].base = elf_append(ps->out, sec->data ? sec->data + ps->p[i].start : NULL,
					   ps->p[i].end - ps->p[i].start, sec->sh.sh_addralign);
}

void output_included(struct cdo *cdo)
{
	struct symbol *sym;
	struct section *sec;

	for_each_symbol(cdo->patched, sym, i)
		if (sym->include)
			output_piece(cdo, sym);
	for_each_section(cdo->patched, sec, i)
		if (sec->include)
			output_pieces(cdo, sec);
	for_each_symbol(cdo->patched, sym, i) {
		struct symbol *copy = sym->priv;

		if (sym->include)
			output_relocs(cdo, copy->sec, copy->value, sym->sec,
				      sym->value, sym->value + sym->size);
	}
	for_each_section(cdo->patched, sec, i) {
		struct pieces *ps = sec->priv;

		for (size_t p = 0; sec->include && p < ps->nr; p++)
			output_relocs(cdo, ps->out, ps->p[p].base, sec, ps->p[p].start,
				      ps->p[p].end);
	}
}

void output_finish(struct cdo *cdo, const char *path)
{
	struct section *sec;

	/* Without it, linkers assume an executable stack. */
	if (elf_find_section(cdo->patched, ".note.GNU-stack"))
		elf_create_section(cdo->out, ".note.GNU-stack", SHT_PROGBITS, 0, 1,
				   0, NULL, 0);
	for_each_section(cdo->out, sec, i) {
		if (sec->priv) {
			strmap_free_keys(sec->priv);
			free(sec->priv);
			sec->priv = NULL;
		}
	}
	for_each_section(cdo->patched, sec, i) {
		struct pieces *ps = sec->priv;

		if (ps)
			free(ps->p);
		free(ps);
		sec->priv = NULL;
	}
	elf_write(cdo->out, path);
}
