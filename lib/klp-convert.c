// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "arch.h"
#include "klp-convert.h"
#include "util.h"

static bool is_klp_sym(const struct symbol *sym)
{
	return str_starts(sym->name, KLP_SYM_PREFIX);
}

/* "<obj>" of ".klp.sym.<obj>.<name>,<pos>", checked against the format. */
static char *klp_objname(const struct elf *elf, const struct symbol *sym)
{
	const char *obj = sym->name + strlen(KLP_SYM_PREFIX);
	const char *dot = strchr(obj, '.'), *comma = strrchr(obj, ',');
	char *end;

	if (!dot || dot == obj || !comma || comma < dot || comma == dot + 1 ||
	    !comma[1] || (strtoul(comma + 1, &end, 10), *end))
		die("%s: symbol '%s' is not of the form .klp.sym.<object>.<name>,<pos>",
		    elf->path, sym->name);
	if (sym->sec)
		die("%s: livepatch symbol '%s' must be undefined", elf->path, sym->name);
	return strndup(obj, dot - obj);
}

static struct section *klp_rela_for(struct elf *elf, struct section *base,
				    const char *obj)
{
	char *name = xasprintf(KLP_RELA_PREFIX "%s.%s", obj, base->name);
	struct section *sec = elf_find_section(elf, name);

	if (!sec) {
		sec = elf_create_section(elf, name, SHT_RELA,
					 SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH,
					 8, sizeof(Elf64_Rela), NULL, 0);
		sec->base = base;
	}
	free(name);
	return sec;
}

static void check_target_bytes(const struct elf *elf, const struct section *base,
			       const struct reloc *r)
{
	unsigned int width = reloc_width(r->type);

	for (unsigned int i = 0; base->data && i < width; i++)
		if (base->data[r->offset + i])
			die("%s: %s+0x%lx: livepatch relocation target is not zero",
			    elf->path, base->name, r->offset);
}

static size_t convert_section(struct elf *elf, struct section *rela)
{
	struct section *base = rela->base;
	size_t kept = 0, moved = 0;

	for (size_t i = 0; i < rela->nr_relocs; i++) {
		struct reloc r = rela->relocs[i];
		struct section *klp;
		char *obj;

		if (!is_klp_sym(r.sym)) {
			rela->relocs[kept++] = r;
			continue;
		}
		check_target_bytes(elf, base, &r);
		obj = klp_objname(elf, r.sym);
		klp = klp_rela_for(elf, base, obj);
		free(obj);
		GROW(klp->relocs, klp->alloc_relocs, klp->nr_relocs);
		r.sec = klp;
		klp->relocs[klp->nr_relocs++] = r;
		moved++;
	}
	rela->nr_relocs = kept;
	return moved;
}

size_t klp_convert(struct elf *elf)
{
	struct section *sec, **relas = NULL;
	struct symbol *sym;
	size_t nr = 0, alloc = 0, moved = 0;

	/* Collect first: conversion adds sections. */
	for_each_section(elf, sec, i) {
		if (sec->sh.sh_type != SHT_RELA || (sec->sh.sh_flags & SHF_RELA_LIVEPATCH))
			continue;
		GROW(relas, alloc, nr);
		relas[nr++] = sec;
	}
	for (size_t i = 0; i < nr; i++) {
		moved += convert_section(elf, relas[i]);
		if (!relas[i]->nr_relocs) {
			relas[i]->base->rela = NULL;
			relas[i]->base = NULL;
			elf_remove_section(elf, relas[i]);
		}
	}
	free(relas);
	for_each_symbol(elf, sym, i) {
		if (!is_klp_sym(sym))
			continue;
		free(klp_objname(elf, sym));
		sym->shndx = SHN_LIVEPATCH;
		sym->bind = STB_GLOBAL;
	}
	return moved;
}
