// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the model back: the symbol table, string tables and relocation
 * sections are regenerated from the model, so callers only ever edit
 * sections, symbols and relocations.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "util.h"

struct strtab_builder {
	char *buf;
	size_t len, alloc;
	struct strmap seen;
};

static size_t strtab_add(struct strtab_builder *b, const char *s)
{
	struct strmap_node *node = strmap_find(&b->seen, s);
	size_t n = strlen(s) + 1, off;

	if (node)
		return (size_t)node->value;
	off = b->len;
	if (b->len + n > b->alloc) {
		b->alloc = (b->len + n) * 2;
		b->buf = xrealloc(b->buf, b->alloc);
	}
	memcpy(b->buf + off, s, n);
	b->len += n;
	strmap_add(&b->seen, xstrdup(s), (void *)off);
	return off;
}

static void strtab_init(struct strtab_builder *b)
{
	memset(b, 0, sizeof(*b));
	strmap_init(&b->seen, 256);
	strtab_add(b, "");
}

static void strtab_finish(struct strtab_builder *b, struct section *sec)
{
	strmap_free_keys(&b->seen);
	elf_set_data(sec, b->buf, b->len);
}

/* ELF wants local symbols first; keep the relative order otherwise. */
static void order_symbols(struct elf *elf, size_t *first_global)
{
	struct symbol **sorted = xcalloc(elf->nr_symbols, sizeof(*sorted));
	size_t n = 1;

	sorted[0] = elf->symbols[0];
	for (size_t i = 1; i < elf->nr_symbols; i++)
		if (elf->symbols[i]->bind == STB_LOCAL)
			sorted[n++] = elf->symbols[i];
	*first_global = n;
	for (size_t i = 1; i < elf->nr_symbols; i++)
		if (elf->symbols[i]->bind != STB_LOCAL)
			sorted[n++] = elf->symbols[i];
	for (size_t i = 0; i < n; i++)
		sorted[i]->idx = i;
	free(elf->symbols);
	elf->symbols = sorted;
	elf->alloc_symbols = elf->nr_symbols;
}

static unsigned int symbol_shndx(const struct symbol *sym)
{
	if (sym->sec)
		return sym->sec->idx;
	return sym->shndx;
}

static void build_symtab(struct elf *elf)
{
	struct strtab_builder names;
	size_t first_global;
	Elf64_Sym *out;

	order_symbols(elf, &first_global);
	strtab_init(&names);
	out = xcalloc(elf->nr_symbols, sizeof(*out));
	for (size_t i = 1; i < elf->nr_symbols; i++) {
		struct symbol *sym = elf->symbols[i];
		unsigned int shndx = symbol_shndx(sym);

		if (shndx >= SHN_LORESERVE && sym->sec)
			die("%s: too many sections for this writer", elf->path);
		out[i].st_name = sym->type == STT_SECTION ? 0 : strtab_add(&names, sym->name);
		out[i].st_info = GELF_ST_INFO(sym->bind, sym->type);
		out[i].st_other = sym->other;
		out[i].st_shndx = shndx;
		out[i].st_value = sym->value;
		out[i].st_size = sym->size;
	}
	elf_set_data(elf->symtab, out, elf->nr_symbols * sizeof(*out));
	elf->symtab->sh.sh_entsize = sizeof(*out);
	elf->symtab->sh.sh_link = elf->strtab->idx;
	elf->symtab->sh.sh_info = first_global;
	strtab_finish(&names, elf->strtab);
}

static void build_rela(struct elf *elf, struct section *rela)
{
	Elf64_Rela *out = xcalloc(rela->nr_relocs, sizeof(*out));

	for (size_t i = 0; i < rela->nr_relocs; i++) {
		const struct reloc *r = &rela->relocs[i];

		if (!r->sym || r->sym->idx >= elf->nr_symbols ||
		    elf->symbols[r->sym->idx] != r->sym)
			die("%s: relocation at %s+0x%lx references a removed symbol",
			    elf->path, rela->base->name, r->offset);
		out[i].r_offset = r->offset;
		out[i].r_info = ELF64_R_INFO(r->sym->idx, r->type);
		out[i].r_addend = r->addend;
	}
	elf_set_data(rela, out, rela->nr_relocs * sizeof(*out));
	rela->sh.sh_entsize = sizeof(*out);
	rela->sh.sh_link = elf->symtab->idx;
	rela->sh.sh_info = rela->base->idx;
	rela->sh.sh_flags |= SHF_INFO_LINK;
}

static void build_tables(struct elf *elf)
{
	struct strtab_builder names;
	struct section *sec;

	build_symtab(elf);
	for_each_section(elf, sec, i) {
		if (sec->sh.sh_type == SHT_GROUP || sec->sh.sh_type == SHT_SYMTAB_SHNDX)
			die("%s: section %s: type %u is not supported by the writer",
			    elf->path, sec->name, sec->sh.sh_type);
		if (sec->sh.sh_type == SHT_RELA)
			build_rela(elf, sec);
		else if (sec->link)
			sec->sh.sh_link = sec->link->idx;
	}
	strtab_init(&names);
	for_each_section(elf, sec, i)
		sec->sh.sh_name = strtab_add(&names, sec->name);
	strtab_finish(&names, elf->shstrtab);
	elf->sections[0]->size = 0;
}

static void emit(struct elf *elf, Elf *e)
{
	GElf_Ehdr ehdr;
	struct section *sec;

	if (!gelf_newehdr(e, ELFCLASS64))
		die("libelf: %s", elf_errmsg(-1));
	ehdr = elf->ehdr;
	ehdr.e_shstrndx = elf->shstrtab->idx;
	ehdr.e_shnum = 0;
	ehdr.e_phoff = ehdr.e_shoff = 0;
	for_each_section(elf, sec, i) {
		Elf_Scn *scn = elf_newscn(e);
		Elf_Data *d;
		GElf_Shdr sh = sec->sh;

		if (!scn || !(d = elf_newdata(scn)))
			die("libelf: %s", elf_errmsg(-1));
		d->d_buf = sec->data;
		d->d_size = sec->size;
		d->d_type = ELF_T_BYTE;
		d->d_align = sh.sh_addralign ? sh.sh_addralign : 1;
		d->d_off = 0;
		sh.sh_size = sec->size;
		sh.sh_offset = 0;
		sh.sh_addr = 0;
		if (!gelf_update_shdr(scn, &sh))
			die("libelf: %s", elf_errmsg(-1));
	}
	if (!gelf_update_ehdr(e, &ehdr))
		die("libelf: %s", elf_errmsg(-1));
	if (elf_update(e, ELF_C_WRITE) < 0)
		die("cannot write ELF: %s", elf_errmsg(-1));
}

void elf_write(struct elf *elf, const char *path)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", path);
	int fd;
	Elf *e;

	build_tables(elf);
	elf_version(EV_CURRENT);
	fd = mkstemp(tmp);
	if (fd < 0)
		die("%s: %s", tmp, strerror(errno));
	tmpfile_register(tmp);
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e)
		die("libelf: %s", elf_errmsg(-1));
	emit(elf, e);
	elf_end(e);
	if (fchmod(fd, 0644) || close(fd) || rename(tmp, path))
		die("%s: %s", path, strerror(errno));
	tmpfile_register(NULL);
	free(tmp);
}
