// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch.h"
#include "elf-file.h"
#include "util.h"

static const char *not_ours(struct elf_file *f)
{
	struct stat st;

	/* Opened without blocking: a FIFO given as a module must not hang us. */
	if (fstat(f->fd, &st) || !S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? "a directory, not a file" : "not a regular file";
	f->elf = elf_begin(f->fd, ELF_C_READ_MMAP, NULL);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF)
		return "not an ELF file";
	if (!gelf_getehdr(f->elf, &f->ehdr))
		return "bad ELF header";
	if (f->ehdr.e_ident[EI_CLASS] != ELFCLASS64 || f->ehdr.e_machine != ELF_MACHINE)
		return "not an " ELF_MACHINE_NAME " ELF64 file";
	if (elf_getshdrstrndx(f->elf, &f->shstrndx))
		return "no section name table";
	return NULL;
}

void elf_file_open(struct elf_file *f, const char *path)
{
	const char *why;

	elf_version(EV_CURRENT);
	*f = (struct elf_file){ .path = path, .fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) };
	if (f->fd < 0)
		die("%s: %s", path, strerror(errno));
	why = not_ours(f);
	if (why)
		die("%s: %s", path, why);
}

void elf_file_close(struct elf_file *f)
{
	if (f->elf)
		elf_end(f->elf);
	if (f->fd >= 0)
		close(f->fd);
	f->elf = NULL;
	f->fd = -1;
}

Elf_Scn *elf_file_find(const struct elf_file *f, const char *name, Elf64_Word type,
		       GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(f->elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, sh))
			continue;
		if (!name ? sh->sh_type == type
			  : (n = elf_strptr(f->elf, f->shstrndx, sh->sh_name)) && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

char *elf_file_section(const char *path, const char *name, size_t *size)
{
	struct elf_file f = { .path = path };
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;
	char *copy = NULL;

	elf_version(EV_CURRENT);
	f.fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (f.fd < 0)
		return NULL;
	if (!not_ours(&f) && (scn = elf_file_find(&f, name, 0, &sh)) &&
	    (d = elf_getdata(scn, NULL)) && (d->d_buf || !d->d_size)) {
		copy = xmalloc(d->d_size + 1);
		if (d->d_size)
			memcpy(copy, d->d_buf, d->d_size);
		copy[d->d_size] = '\0';
		*size = d->d_size;
	}
	elf_file_close(&f);
	return copy;
}
