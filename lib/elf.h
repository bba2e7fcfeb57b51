/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_ELF_H
#define KLP_ELF_H

#include <gelf.h>
#include <stdbool.h>

#include "elf-file.h"
#include "strmap.h"

#ifndef SHF_RELA_LIVEPATCH
#define SHF_RELA_LIVEPATCH	0x00100000
#endif
#ifndef SHN_LIVEPATCH
#define SHN_LIVEPATCH		0xff20
#endif

struct section;

struct reloc {
	struct section *sec;		/* the RELA section holding it */
	unsigned long offset;
	long addend;
	unsigned int type;
	struct symbol *sym;
};

struct symbol {
	unsigned int idx;		/* symtab index, valid after load/write */
	char *name;
	unsigned char type, bind, other;
	unsigned int shndx;		/* raw st_shndx when sec is NULL */
	struct section *sec;		/* defining section, NULL if none */
	unsigned long value, size;

	/* Free for the tools: correlation, status, inclusion. */
	struct symbol *twin;
	int status;
	bool include;
	void *priv;
};

struct section {
	struct elf *elf;
	unsigned int idx;		/* section header index */
	char *name;
	GElf_Shdr sh;
	unsigned char *data;		/* NULL for SHT_NOBITS */
	size_t size;
	bool mapped;			/* data is the input file's, not ours */

	struct section *rela;		/* the RELA section applying to this */
	struct section *base;		/* for a RELA section: its target */
	struct section *link;		/* SHF_LINK_ORDER: the section it follows */
	struct reloc *relocs;		/* for a RELA section, sorted by offset */
	size_t nr_relocs, alloc_relocs;

	struct symbol *secsym;		/* its STT_SECTION symbol */
	struct symbol **syms;		/* symbols defined here, by value */
	size_t nr_syms, alloc_syms;

	struct section *twin;
	int status;
	bool include;
	void *priv;
};

struct elf {
	const char *path;
	GElf_Ehdr ehdr;
	struct section **sections;	/* [0] is the null section */
	size_t nr_sections, alloc_sections;
	struct symbol **symbols;	/* [0] is the null symbol */
	size_t nr_symbols, alloc_symbols;
	struct strmap section_names, symbol_names;
	struct section *symtab, *strtab, *shstrtab;
	struct elf_file in;		/* the file it was loaded from */
};

#define for_each_section(elf, sec, i) \
	for (size_t i = 1; i < (elf)->nr_sections && ((sec) = (elf)->sections[i]); i++)
#define for_each_symbol(elf, sym, i) \
	for (size_t i = 1; i < (elf)->nr_symbols && ((sym) = (elf)->symbols[i]); i++)

struct elf *elf_load(const char *path);
/* An empty relocatable object with the header fields of template. */
struct elf *elf_create(const GElf_Ehdr *template);
void elf_free(struct elf *elf);
/* Every object still loaded or created, even half-read ones a die() left. */
void elf_free_all(void);
/* Write to path atomically: a temporary file renamed into place. */
void elf_write(struct elf *elf, const char *path);

struct section *elf_find_section(const struct elf *elf, const char *name);
struct symbol *elf_find_symbol(const struct elf *elf, const char *name);
/* The function or object symbol covering offset in sec, or NULL. */
struct symbol *elf_symbol_at(const struct section *sec, unsigned long offset);
/* Relocations of base in [start, end): returns the first, count in *nr. */
struct reloc *elf_relocs_in(const struct section *base, unsigned long start,
			    unsigned long end, size_t *nr);

struct section *elf_create_section(struct elf *elf, const char *name,
				   unsigned int type, unsigned long flags,
				   unsigned long align, unsigned long entsize,
				   const void *data, size_t size);
/* Replace a section's contents with a malloc'ed buffer it now owns. */
void elf_set_data(struct section *sec, void *data, size_t size);
/* Append bytes (aligned to align) to a section: returns their offset. */
unsigned long elf_append(struct section *sec, const void *data, size_t size,
			 unsigned long align);
struct symbol *elf_create_symbol(struct elf *elf, const char *name,
				 unsigned char type, unsigned char bind,
				 struct section *sec, unsigned long value,
				 unsigned long size);
struct symbol *elf_section_symbol(struct section *sec);
void elf_add_reloc(struct section *base, unsigned long offset,
		   unsigned int type, struct symbol *sym, long addend);
void elf_remove_section(struct elf *elf, struct section *sec);

static inline bool is_func(const struct symbol *sym)
{
	return sym->type == STT_FUNC;
}

static inline bool is_object(const struct symbol *sym)
{
	return sym->type == STT_OBJECT || sym->type == STT_TLS;
}

static inline bool is_text(const struct section *sec)
{
	return sec->sh.sh_flags & SHF_EXECINSTR;
}

static inline bool is_string_section(const struct section *sec)
{
	return (sec->sh.sh_flags & (SHF_MERGE | SHF_STRINGS)) ==
	       (SHF_MERGE | SHF_STRINGS);
}

/* Fixed-size literals the linker may merge (.rodata.cst2, .cst4, .cst8, .cst16). */
static inline bool is_constant_section(const struct section *sec)
{
	return (sec->sh.sh_flags & (SHF_MERGE | SHF_STRINGS)) == SHF_MERGE &&
	       sec->sh.sh_entsize;
}

/* How many functions (of some size) sec holds: more than one in a shared named section. */
size_t elf_nr_functions(const struct section *sec);


#endif
