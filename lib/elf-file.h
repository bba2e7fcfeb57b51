/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_ELF_FILE_H
#define KLP_ELF_FILE_H

/*
 * An x86-64 ELF file opened read-only and mapped: the one way the tools
 * open one.  elf.c builds its model of an object on it, target.c reads a
 * vmlinux's or module's symbols from it, and the driver reads single
 * sections (notes, the manifest, .rodata) with elf_file_section().
 */
#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>

struct elf_file {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
};

/*
 * Open path; die() if it is not an x86-64 ELF64 file.  f is filled as far
 * as it got, so that elf_file_close() releases it after a die() too.
 */
void elf_file_open(struct elf_file *f, const char *path);
void elf_file_close(struct elf_file *f);
/* The first section called name (or, with name NULL, of type); NULL if none. */
Elf_Scn *elf_file_find(const struct elf_file *f, const char *name, Elf64_Word type,
		       GElf_Shdr *sh);
/*
 * A copy of the section called name of the file at path, with a NUL
 * after it; NULL if the file cannot be read as ELF or has no such section.
 */
char *elf_file_section(const char *path, const char *name, size_t *size);

#endif
