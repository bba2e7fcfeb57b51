// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF model shared by the diff engine and the post-link step: sections,
 * symbols and relocations of one relocatable x86-64 object, with name and
 * index lookup in constant time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch.h"
#include "elf.h"
#include "util.h"

static void add_section(struct elf *elf, struct section *sec)
{
	GROW(elf->sections, elf->alloc_sections, elf->nr_sections);
	sec->idx = elf->nr_sections;
	elf->sections[elf->nr_sections++] = sec;
	sec->elf = elf;
	strmap_add(&elf->section_names, sec->name, sec);
}

static void add_symbol(struct elf *elf, struct symbol *sym)
{
	GROW(elf->symbols, elf->alloc_symbols, elf->nr_symbols);
	sym->idx = elf->nr_symbols;
	elf->symbols[elf->nr_symbols++] = sym;
	if (sym->type != STT_SECTION && *sym->name)
		strmap_add(&elf->symbol_names, sym->name, sym);
	if (sym->type == STT_SECTION && sym->sec && !sym->sec->secsym)
		sym->sec->secsym = sym;
	else if (sym->sec && sym->type != STT_SECTION) {
		struct section *sec = sym->sec;

		GROW(sec->syms, sec->alloc_syms, sec->nr_syms);
		sec->syms[sec->nr_syms++] = sym;
	}
}

/* Every ELF object not yet freed, for elf_free_all(). */
static struct elf **live;
static size_t nr_live, alloc_live;

static struct elf *elf_alloc(const char *path)
{
	struct elf *elf = xcalloc(1, sizeof(*elf));

	GROW(live, alloc_live, nr_live);
	live[nr_live++] = elf;
	elf->path = path;
	elf->in.fd = -1;
	strmap_init(&elf->section_names, 64);
	strmap_init(&elf->symbol_names, 64);
	GROW(elf->sections, elf->alloc_sections, 0);
	GROW(elf->symbols, elf->alloc_symbols, 0);
	elf->sections[0] = xcalloc(1, sizeof(struct section));
	elf->sections[0]->name = xstrdup("");
	elf->symbols[0] = xcalloc(1, sizeof(struct symbol));
	elf->symbols[0]->name = xstrdup("");
	elf->nr_sections = elf->nr_symbols = 1;
	return elf;
}

static int cmp_sym_value(const void *a, const void *b)
{
	const struct symbol *x = *(const struct symbol **)a;
	const struct symbol *y = *(const struct symbol **)b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	/* Sized symbols before their zero-size aliases. */
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->idx < y->idx ? -1 : 1;
}

static int cmp_reloc_offset(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void read_sections(struct elf *elf, Elf *e, size_t file_size)
{
	size_t shnum, shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrnum(e, &shnum) || elf_getshdrstrndx(e, &shstrndx))
		die("%s: cannot read section headers: %s", elf->path, elf_errmsg(-1));
	while ((scn = elf_nextscn(e, scn))) {
		struct section *sec;
		const char *name;
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			die("%s: bad section header: %s", elf->path, elf_errmsg(-1));
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (!name)
			die("%s: bad section name: %s", elf->path, elf_errmsg(-1));
		/* copied sections keep their alignment: it must be a sane one */
		if (sh.sh_addralign & (sh.sh_addralign - 1) || sh.sh_addralign > 1 << 21)
			die("%s: section %s: alignment %lu is not a power of two up to 2 MB",
			    elf->path, name, sh.sh_addralign);
		sec = xcalloc(1, sizeof(*sec));
		sec->sh = sh;
		sec->name = xstrdup(name);
		sec->size = sec->sh.sh_size;
		sec->mapped = true;
		add_section(elf, sec);
		if (sec->sh.sh_type != SHT_NOBITS && sec->size) {
			/* the mapping ends with the file: reading past it is a SIGBUS */
			if (sh.sh_offset > file_size || sec->size > file_size - sh.sh_offset)
				die("%s: section %s (0x%lx bytes at 0x%lx) goes past the end of the file",
				    elf->path, name, sec->size, sh.sh_offset);
			d = elf_getdata(scn, NULL);
			if (!d || d->d_size != sec->size)
				die("%s: section %s: cannot read data", elf->path, name);
			/* Input sections are read, not written: use the mapping. */
			sec->data = d->d_buf;
			if ((sh.sh_flags & SHF_STRINGS) && sec->data[sec->size - 1])
				die("%s: section %s holds strings but does not end in a NUL",
				    elf->path, name);
		}
		if (elf_ndxscn(scn) != sec->idx)
			die("%s: section index mismatch", elf->path);
	}
	if (shnum != elf->nr_sections)
		die("%s: section count mismatch", elf->path);
}

static struct section *section_at(struct elf *elf, size_t idx)
{
	if (idx == 0 || idx >= elf->nr_sections)
		die("%s: bad section index %zu", elf->path, idx);
	return elf->sections[idx];
}

/* A table the reader indexes into: present, and whole entries. */
static void check_table(const struct elf *elf, const struct section *sec, size_t entsize)
{
	if (!sec->data && sec->size)
		die("%s: section %s has no contents in the file", elf->path, sec->name);
	if (sec->size % entsize)
		die("%s: section %s: %lu bytes is not a whole number of %zu-byte entries",
		    elf->path, sec->name, sec->size, entsize);
}

static void check_strtab(const struct elf *elf, const struct section *sec)
{
	if (sec->sh.sh_type != SHT_STRTAB || !sec->data || !sec->size ||
	    sec->data[sec->size - 1] != '\0')
		die("%s: section %s is not a NUL-terminated string table", elf->path, sec->name);
}

/* Not a relocation, symbol or string table: what code and data can refer to. */
static bool is_content(const struct section *sec)
{
	return sec->sh.sh_type != SHT_RELA && sec->sh.sh_type != SHT_SYMTAB &&
	       sec->sh.sh_type != SHT_STRTAB;
}

/* A defined symbol lies inside its section (ELF allows no less). */
static void check_symbol_bounds(const struct elf *elf, const struct symbol *sym)
{
	if (!sym->sec)
		return;
	if (sym->type != STT_SECTION && !is_content(sym->sec))
		die("%s: symbol %s is defined in %s, a relocation, symbol or string table",
		    elf->path, sym->name, sym->sec->name);
	if (sym->type == STT_FUNC && sym->size && !sym->sec->data)
		die("%s: function %s is in section %s, which has no contents in the file",
		    elf->path, sym->name, sym->sec->name);
	if (sym->value > sym->sec->size || sym->size > sym->sec->size - sym->value)
		die("%s: symbol %s (0x%lx, %lu bytes) does not fit in section %s (%lu bytes)",
		    elf->path, sym->name, sym->value, sym->size, sym->sec->name, sym->sec->size);
}

/* What a compiler never writes: a symbol with its name outside the table, and so on. */
static void check_raw_symbol(const struct elf *elf, const Elf64_Sym *gs, size_t i,
			     unsigned int shndx)
{
	unsigned char type = GELF_ST_TYPE(gs->st_info);

	if (gs->st_name >= elf->strtab->size)
		die("%s: bad symbol name of symbol %zu", elf->path, i);
	/* compilers place code and data in sections; only assembler constants are absolute */
	if (shndx == SHN_ABS && gs->st_shndx != SHN_XINDEX &&
	    (type == STT_FUNC || type == STT_OBJECT))
		die("%s: symbol %s is a function or object with no section (SHN_ABS)",
		    elf->path, (char *)elf->strtab->data + gs->st_name);
	/* compilers name every global, function and object */
	if (!((char *)elf->strtab->data)[gs->st_name] &&
	    (GELF_ST_BIND(gs->st_info) != STB_LOCAL || type == STT_FUNC || type == STT_OBJECT))
		die("%s: symbol %zu (a global or a function or object) has no name", elf->path, i);
}

static void read_symbols(struct elf *elf)
{
	struct section *symtab = NULL, *xndx = NULL, *sec;
	size_t nr;

	for_each_section(elf, sec, i) {
		if (sec->sh.sh_type == SHT_SYMTAB)
			symtab = sec;
		else if (sec->sh.sh_type == SHT_SYMTAB_SHNDX)
			xndx = sec;
	}
	if (!symtab)
		die("%s: no symbol table", elf->path);
	elf->symtab = symtab;
	elf->strtab = section_at(elf, symtab->sh.sh_link);
	check_table(elf, symtab, sizeof(Elf64_Sym));
	check_strtab(elf, elf->strtab);
	nr = symtab->size / sizeof(Elf64_Sym);
	if (xndx && (!xndx->data || xndx->size < nr * sizeof(Elf32_Word)))
		die("%s: truncated SHT_SYMTAB_SHNDX", elf->path);
	for (size_t i = 1; i < nr; i++) {
		const Elf64_Sym *gs = (const Elf64_Sym *)symtab->data + i;
		unsigned int shndx = gs->st_shndx;
		struct section *in = NULL;
		struct symbol *sym;

		if (gs->st_shndx == SHN_XINDEX && xndx)
			shndx = ((const Elf32_Word *)xndx->data)[i];
		check_raw_symbol(elf, gs, i, shndx);
		if (shndx != SHN_UNDEF && (shndx < SHN_LORESERVE || gs->st_shndx == SHN_XINDEX))
			in = section_at(elf, shndx);
		sym = xcalloc(1, sizeof(*sym));
		sym->name = xstrdup((char *)elf->strtab->data + gs->st_name);
		sym->type = GELF_ST_TYPE(gs->st_info);
		sym->bind = GELF_ST_BIND(gs->st_info);
		sym->other = gs->st_other;
		sym->value = gs->st_value;
		sym->size = gs->st_size;
		sym->shndx = shndx;
		sym->sec = in;
		if (sym->type == STT_SECTION && sym->sec && !*sym->name) {
			free(sym->name);
			sym->name = xstrdup(sym->sec->name);
		}
		add_symbol(elf, sym);
		check_symbol_bounds(elf, sym);
		if (sym->idx != i)
			die("%s: symbol index mismatch", elf->path);
	}
	for_each_section(elf, sec, i)
		if (sec->nr_syms)
			qsort(sec->syms, sec->nr_syms, sizeof(*sec->syms), cmp_sym_value);
}

static void read_relocs(struct elf *elf)
{
	struct section *sec;

	for_each_section(elf, sec, i) {
		if (sec->sh.sh_type == SHT_REL)
			die("%s: %s: SHT_REL is not supported on x86-64", elf->path, sec->name);
		if (sec->sh.sh_type != SHT_RELA)
			continue;
		if (sec->sh.sh_link != elf->symtab->idx)
			die("%s: %s: relocations against another symbol table",
			    elf->path, sec->name);
		sec->base = section_at(elf, sec->sh.sh_info);
		/* one ordinary RELA section per section; livepatch ones come in addition */
		if (sec->base->sh.sh_type == SHT_RELA ||
		    (sec->base->rela && !((sec->sh.sh_flags | sec->base->rela->sh.sh_flags) &
					  SHF_RELA_LIVEPATCH)))
			die("%s: %s: a second relocation section for %s", elf->path, sec->name,
			    sec->base->name);
		check_table(elf, sec, sizeof(Elf64_Rela));
		sec->base->rela = sec;
		sec->nr_relocs = sec->size / sizeof(Elf64_Rela);
		sec->alloc_relocs = sec->nr_relocs;
		sec->relocs = xcalloc(sec->nr_relocs, sizeof(*sec->relocs));
		for (size_t r = 0; r < sec->nr_relocs; r++) {
			Elf64_Rela *rela = (Elf64_Rela *)sec->data + r;
			size_t symidx = ELF64_R_SYM(rela->r_info);
			struct reloc *reloc = &sec->relocs[r];

			if (symidx >= elf->nr_symbols)
				die("%s: %s: relocation %zu: bad symbol index",
				    elf->path, sec->name, r);
			reloc->sec = sec;
			reloc->offset = rela->r_offset;
			reloc->addend = rela->r_addend;
			reloc->type = ELF64_R_TYPE(rela->r_info);
			reloc->sym = elf->symbols[symidx];
			if (reloc->sym->type == STT_SECTION && reloc->sym->sec &&
			    !is_content(reloc->sym->sec))
				die("%s: %s: relocation %zu is against section %s, a relocation, symbol or "
				    "string table", elf->path, sec->name, r, reloc->sym->sec->name);
			if (reloc->offset > sec->base->size ||
			    reloc_width(reloc->type) > sec->base->size - reloc->offset)
				die("%s: %s: relocation %zu outside its section",
				    elf->path, sec->name, r);
		}
		if (sec->nr_relocs)
			qsort(sec->relocs, sec->nr_relocs, sizeof(*sec->relocs),
			      cmp_reloc_offset);
	}
	for_each_section(elf, sec, i)
		if (sec->sh.sh_flags & SHF_LINK_ORDER)
			sec->link = section_at(elf, sec->sh.sh_link);
}

struct elf *elf_load(const char *path)
{
	/* elf_free() releases whatever a die() leaves */
	struct elf *elf = elf_alloc(path);
	struct stat st;

	elf_file_open(&elf->in, path);
	elf->ehdr = elf->in.ehdr;
	if (elf->ehdr.e_type != ET_REL)
		die("%s: not a relocatable object (ELF type %u)", path,
		    elf->ehdr.e_type);
	if (fstat(elf->in.fd, &st))
		die("%s: %s", path, strerror(errno));
	read_sections(elf, elf->in.elf, st.st_size);
	elf->shstrtab = section_at(elf, elf->ehdr.e_shstrndx);
	read_symbols(elf);
	read_relocs(elf);
	return elf;
}

struct elf *elf_create(const GElf_Ehdr *template)
{
	struct elf *elf = elf_alloc("(new)");

	elf->ehdr = *template;
	elf->ehdr.e_type = ET_REL;
	elf->ehdr.e_entry = elf->ehdr.e_phoff = elf->ehdr.e_shoff = 0;
	elf->ehdr.e_phnum = 0;
	elf->strtab = elf_create_section(elf, ".strtab", SHT_STRTAB, 0, 1, 0, NULL, 0);
	elf->symtab = elf_create_section(elf, ".symtab", SHT_SYMTAB, 0, 8,
					 sizeof(Elf64_Sym), NULL, 0);
	elf->shstrtab = elf_create_section(elf, ".shstrtab", SHT_STRTAB, 0, 1, 0,
					   NULL, 0);
	return elf;
}

static void free_section(struct section *sec)
{
	free(sec->name);
	if (!sec->mapped)
		free(sec->data);
	free(sec->relocs);
	free(sec->syms);
	free(sec);
}

void elf_free(struct elf *elf)
{
	if (!elf)
		return;
	ptr_remove((void **)live, &nr_live, elf);
	for (size_t i = 0; i < elf->nr_sections; i++)
		free_section(elf->sections[i]);
	for (size_t i = 0; i < elf->nr_symbols; i++) {
		free(elf->symbols[i]->name);
		free(elf->symbols[i]);
	}
	free(elf->sections);
	free(elf->symbols);
	strmap_free(&elf->section_names);
	strmap_free(&elf->symbol_names);
	elf_file_close(&elf->in);
	free(elf);
}

void elf_free_all(void)
{
	while (nr_live)
		elf_free(live[nr_live - 1]);
}

struct section *elf_find_section(const struct elf *elf, const char *name)
{
	return strmap_get(&elf->section_names, name);
}

struct symbol *elf_find_symbol(const struct elf *elf, const char *name)
{
	return strmap_get(&elf->symbol_names, name);
}

struct symbol *elf_symbol_at(const struct section *sec, unsigned long offset)
{
	size_t lo = 0, hi = sec->nr_syms;
	struct symbol *best = NULL;

	/* Last symbol starting at or before offset. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sec->syms[mid]->value <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0;) {
		struct symbol *sym = sec->syms[i];

		if (sym->type != STT_FUNC && sym->type != STT_OBJECT &&
		    sym->type != STT_TLS)
			continue;
		if (offset < sym->value + sym->size ||
		    (!sym->size && offset == sym->value))
			best = sym;
		if (best)
			break;
	}
	return best;
}

struct reloc *elf_relocs_in(const struct section *base, unsigned long start,
			    unsigned long end, size_t *nr)
{
	const struct section *rela = base->rela;
	size_t lo = 0, hi, first;

	*nr = 0;
	if (!rela)
		return NULL;
	hi = rela->nr_relocs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (rela->relocs[mid].offset < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < rela->nr_relocs && rela->relocs[lo].offset < end)
		lo++;
	*nr = lo - first;
	return rela->relocs + first;
}

struct section *elf_create_section(struct elf *elf, const char *name,
				   unsigned int type, unsigned long flags,
				   unsigned long align, unsigned long entsize,
				   const void *data, size_t size)
{
	struct section *sec = xcalloc(1, sizeof(*sec));

	sec->name = xstrdup(name);
	sec->sh.sh_type = type;
	sec->sh.sh_flags = flags;
	sec->sh.sh_addralign = align;
	sec->sh.sh_entsize = entsize;
	sec->size = size;
	if (type != SHT_NOBITS && size) {
		sec->data = xmalloc(size);
		if (data)
			memcpy(sec->data, data, size);
		else
			memset(sec->data, 0, size);
	}
	add_section(elf, sec);
	return sec;
}

void elf_set_data(struct section *sec, void *data, size_t size)
{
	if (!sec->mapped)
		free(sec->data);
	sec->data = data;
	sec->size = size;
	sec->mapped = false;
}

unsigned long elf_append(struct section *sec, const void *data, size_t size,
			 unsigned long align)
{
	unsigned long offset = sec->size;

	if (sec->mapped && sec->data) {
		void *copy = xmalloc(sec->size);

		memcpy(copy, sec->data, sec->size);
		elf_set_data(sec, copy, sec->size);
	}

	if (align > 1)
		offset = (offset + align - 1) & ~(align - 1);
	if (align > sec->sh.sh_addralign)
		sec->sh.sh_addralign = align;
	if (sec->sh.sh_type != SHT_NOBITS) {
		sec->data = xrealloc(sec->data, offset + size);
		memset(sec->data + sec->size, 0, offset - sec->size);
		if (data)
			memcpy(sec->data + offset, data, size);
		else
			memset(sec->data + offset, 0, size);
	}
	sec->size = offset + size;
	return offset;
}

struct symbol *elf_create_symbol(struct elf *elf, const char *name,
				 unsigned char type, unsigned char bind,
				 struct section *sec, unsigned long value,
				 unsigned long size)
{
	struct symbol *sym = xcalloc(1, sizeof(*sym));

	sym->name = xstrdup(name);
	sym->type = type;
	sym->bind = bind;
	sym->sec = sec;
	sym->value = value;
	sym->size = size;
	add_symbol(elf, sym);
	return sym;
}

struct symbol *elf_section_symbol(struct section *sec)
{
	if (!sec->secsym)
		elf_create_symbol(sec->elf, sec->name, STT_SECTION, STB_LOCAL,
				  sec, 0, 0);
	return sec->secsym;
}

void elf_add_reloc(struct section *base, unsigned long offset,
		   unsigned int type, struct symbol *sym, long addend)
{
	struct section *rela = base->rela;
	struct reloc *reloc;

	if (!rela) {
		char *name = xasprintf(".rela%s", base->name);

		rela = elf_create_section(base->elf, name, SHT_RELA, SHF_INFO_LINK,
					  8, sizeof(Elf64_Rela), NULL, 0);
		free(name);
		rela->base = base;
		base->rela = rela;
	}
	GROW(rela->relocs, rela->alloc_relocs, rela->nr_relocs);
	/* Keep the array sorted: callers mostly append in order. */
	reloc = &rela->relocs[rela->nr_relocs];
	while (reloc > rela->relocs && reloc[-1].offset > offset) {
		reloc[0] = reloc[-1];
		reloc--;
	}
	*reloc = (struct reloc){ rela, offset, addend, type, sym };
	rela->nr_relocs++;
}

void elf_remove_section(struct elf *elf, struct section *sec)
{
	size_t i;

	if (sec->rela)
		elf_remove_section(elf, sec->rela);
	if (sec->base)
		sec->base->rela = NULL;
	for (i = 1; i < elf->nr_sections && elf->sections[i] != sec; i++)
		;
	if (i == elf->nr_sections)
		return;
	memmove(elf->sections + i, elf->sections + i + 1,
		(elf->nr_sections - i - 1) * sizeof(*elf->sections));
	elf->nr_sections--;
	for (; i < elf->nr_sections; i++)
		elf->sections[i]->idx = i;
	strmap_remove(&elf->section_names, sec->name, sec);
	/* Symbols defined in it lose their section. */
	for (i = 0; i < sec->nr_syms; i++)
		sec->syms[i]->sec = NULL;
	if (sec->secsym)
		sec->secsym->sec = NULL;
	free_section(sec);
}

size_t elf_nr_functions(const struct section *sec)
{
	size_t funcs = 0;

	for (size_t s = 0; s < sec->nr_syms; s++)
		funcs += is_func(sec->syms[s]) && sec->syms[s]->size;
	return funcs;
}
