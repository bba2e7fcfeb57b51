// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf-file.h"
#include "modinfo.h"
#include "target.h"
#include "util.h"


static int cmp_by_address(const void *a, const void *b)
{
	const struct target_sym *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_by_name(const void *a, const void *b, void *arg)
{
	const struct target *t = arg;
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;
	int c = strcmp(t->syms[x].name, t->syms[y].name);

	return c ? c : (x > y) - (x < y);
}

/* The module name recorded by modpost in .modinfo ("name=..."). */
static char *modinfo_name(const struct elf_file *f)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elf_file_find(f, ".modinfo", 0, &sh);
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;

	return d && d->d_buf ? modinfo_value(d->d_buf, d->d_size, "name") : NULL;
}

static char *name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name = xstrdup(base ? base + 1 : path), *p;

	if (str_ends(name, ".ko"))
		name[strlen(name) - 3] = '\0';
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

static void read_target_symbols(struct target *t, const struct elf_file *f)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elf_file_find(f, NULL, SHT_SYMTAB, &sh);
	Elf *e = f->elf;
	const char *file = NULL;

	if (!scn)
		die("%s: no symbol table (a stripped image cannot resolve livepatch symbols)",
		    t->path);
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n;

	if (!d || sh.sh_entsize != sizeof(Elf64_Sym) || d->d_size != sh.sh_size ||
	    d->d_size % sizeof(Elf64_Sym))
		die("%s: a symbol table that cannot be read (%lu bytes of %lu-byte entries)",
		    t->path, sh.sh_size, sh.sh_entsize);
	n = d->d_size / sizeof(Elf64_Sym);
	t->syms = xcalloc(n, sizeof(*t->syms));
	for (size_t i = 1; i < n; i++) {
		GElf_Sym gs;
		struct target_sym *ts;
		const char *name;
		unsigned char type;

		if (!gelf_getsym(d, i, &gs) || !(name = elf_strptr(e, sh.sh_link, gs.st_name)))
			die("%s: bad symbol %zu", t->path, i);
		type = GELF_ST_TYPE(gs.st_info);
		if (type == STT_FILE) {
			file = name;
			continue;
		}
		/* kallsyms lists neither section symbols nor undefined ones. */
		if (type == STT_SECTION || gs.st_shndx == SHN_UNDEF || !*name)
			continue;
		ts = &t->syms[t->nr_syms];
		ts->name = name;
		ts->bind = GELF_ST_BIND(gs.st_info);
		ts->file = ts->bind == STB_LOCAL ? file : NULL;
		ts->type = type;
		ts->value = gs.st_value;
		ts->size = gs.st_size;
		ts->shndx = gs.st_shndx;
		ts->order = t->nr_syms++;	/* symtab order, until sorted */
	}
	/* vmlinux: kallsyms is sorted by address; a module keeps symtab order. */
	if (!t->is_module)
		qsort(t->syms, t->nr_syms, sizeof(*t->syms), cmp_by_address);
	t->by_name = xcalloc(t->nr_syms, sizeof(*t->by_name));
	for (size_t i = 0; i < t->nr_syms; i++) {
		t->syms[i].order = i;
		t->by_name[i] = i;
	}
	qsort_r(t->by_name, t->nr_syms, sizeof(*t->by_name), cmp_by_name, t);
}

/* Every target not yet freed, for target_free_all(). */
static struct target **live;
static size_t nr_live, alloc_live;

struct target *target_load(const char *path)
{
	struct target *t = xcalloc(1, sizeof(*t));
	struct elf_file *f = xcalloc(1, sizeof(*f));

	t->path = path;
	f->fd = -1;
	t->priv = f;
	GROW(live, alloc_live, nr_live);
	live[nr_live++] = t;
	elf_file_open(f, path);
	t->is_module = f->ehdr.e_type == ET_REL;
	if (t->is_module) {
		t->objname = modinfo_name(f);
		if (!t->objname)
			t->objname = name_from_path(path);
	} else if (f->ehdr.e_type == ET_EXEC) {
		t->objname = xstrdup("vmlinux");
	} else {
		die("%s: neither a vmlinux nor a kernel module", path);
	}
	read_target_symbols(t, f);
	return t;
}

void target_free(struct target *t)
{
	if (!t)
		return;
	ptr_remove((void **)live, &nr_live, t);
	free(t->by_name);
	free(t->syms);
	free(t->objname);
	elf_file_close(t->priv);
	free(t->priv);
	free(t);
}

void target_free_all(void)
{
	while (nr_live)
		target_free(live[nr_live - 1]);
}

bool target_crc(const struct target *t, const char *name, unsigned long *crc)
{
	const struct elf_file *f = t->priv;
	char *crc_name = xasprintf("__crc_%s", name);
	const struct target_sym *ts = target_find(t, crc_name);
	unsigned long off;
	uint32_t value;
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;

	free(crc_name);
	if (!ts)
		return false;
	/* before 5.x kernels: the CRC is the symbol's value */
	if (ts->shndx == SHN_ABS) {
		*crc = ts->value & 0xffffffff;
		return true;
	}
	scn = elf_getscn(f->elf, ts->shndx);
	if (!scn || !gelf_getshdr(scn, &sh) || !(d = elf_getdata(scn, NULL)))
		die("%s: __crc_%s is in a section that cannot be read", t->path, name);
	off = ts->value - (t->is_module ? 0 : sh.sh_addr);
	if (ts->value < (t->is_module ? 0 : sh.sh_addr) || off > d->d_size ||
	    d->d_size - off < sizeof(value))
		die("%s: __crc_%s is outside its section", t->path, name);
	memcpy(&value, (const char *)d->d_buf + off, sizeof(value));
	*crc = value;
	return true;
}

/* Index in by_name of the first symbol called name, or nr_syms. */
static size_t first_named(const struct target *t, const char *name)
{
	size_t lo = 0, hi = t->nr_syms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(t->syms[t->by_name[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nr_syms && !strcmp(t->syms[t->by_name[lo]].name, name))
		return lo;
	return t->nr_syms;
}

bool target_has(const struct target *t, const char *name)
{
	return first_named(t, name) < t->nr_syms;
}

const struct target_sym *target_find(const struct target *t, const char *name)
{
	size_t i = first_named(t, name);

	return i < t->nr_syms ? &t->syms[t->by_name[i]] : NULL;
}

bool target_has_sized(const struct target *t, const char *name, unsigned long size)
{
	for (size_t i = first_named(t, name);
	     i < t->nr_syms && !strcmp(t->syms[t->by_name[i]].name, name); i++)
		if (t->syms[t->by_name[i]].size == size)
			return true;
	return false;
}

enum sympos_result target_sympos(const struct target *t, const char *name,
				 const char *file, unsigned long size,
				 unsigned long *pos)
{
	size_t first = first_named(t, name), end = first;
	unsigned long found = 0, matches = 0, sized = 0, sized_found = 0;

	if (first == t->nr_syms)
		return SYMPOS_NOT_FOUND;
	while (end < t->nr_syms && !strcmp(t->syms[t->by_name[end]].name, name))
		end++;
	if (end - first == 1) {
		const struct target_sym *ts = &t->syms[t->by_name[first]];

		/* the only one of that name, but another file's or of another binding */
		if (file ? ts->bind != STB_LOCAL || (ts->file && strcmp(ts->file, file))
			 : ts->bind == STB_LOCAL)
			return SYMPOS_NOT_FOUND;
		*pos = 0;
		return SYMPOS_OK;
	}
	/* Same-named symbols come in kallsyms order: rank = index + 1. */
	for (size_t i = first; i < end; i++) {
		const struct target_sym *ts = &t->syms[t->by_name[i]];

		if (file ? !ts->file || strcmp(ts->file, file) : ts->bind == STB_LOCAL)
			continue;
		matches++;
		found = i - first + 1;
		if (size && ts->size == size) {
			sized++;
			sized_found = found;
		}
	}
	if (matches > 1 && sized == 1) {
		matches = 1;
		found = sized_found;
	}
	if (!matches)
		return SYMPOS_NOT_FOUND;
	if (matches > 1)
		return SYMPOS_AMBIGUOUS;
	*pos = found;
	return SYMPOS_OK;
}

static char *next_field(char **p)
{
	char *s = *p, *tab;

	if (!s)
		return NULL;
	tab = strchr(s, '\t');
	if (tab) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		*p = NULL;
	}
	return s;
}

struct symvers *symvers_load(const char *path)
{
	struct symvers *sv = xcalloc(1, sizeof(*sv));
	size_t alloc = 0, lineno = 0, len = 0;
	char *line = NULL;
	FILE *f = fopen(path, "r");

	if (!f)
		die("%s: %s", path, strerror(errno));
	strmap_init(&sv->by_name, 4096);
	while (getline(&line, &len, f) > 0) {
		char *p = line, *crc, *name, *module, *ns, *end;
		struct symvers_entry *e;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		crc = next_field(&p);
		name = next_field(&p);
		module = next_field(&p);
		next_field(&p);		/* EXPORT_SYMBOL or EXPORT_SYMBOL_GPL */
		ns = next_field(&p);
		if (!crc || !name || !module || !*name)
			die("%s:%zu: not a Module.symvers line", path, lineno);
		GROW(sv->entries, alloc, sv->nr);
		e = &sv->entries[sv->nr++];
		e->crc = strtoul(crc, &end, 16);
		if (*end)
			die("%s:%zu: bad CRC '%s'", path, lineno, crc);
		e->name = xstrdup(name);
		e->module = xstrdup(module);
		e->ns = ns && *ns ? xstrdup(ns) : NULL;
	}
	free(line);
	fclose(f);
	for (size_t i = 0; i < sv->nr; i++)
		strmap_add(&sv->by_name, sv->entries[i].name, &sv->entries[i]);
	return sv;
}

void symvers_free(struct symvers *sv)
{
	for (size_t i = 0; i < sv->nr; i++) {
		free(sv->entries[i].name);
		free(sv->entries[i].module);
		free(sv->entries[i].ns);
	}
	free(sv->entries);
	strmap_free(&sv->by_name);
	free(sv);
}

const char *symvers_exporter(const struct symvers *sv, const char *name)
{
	struct symvers_entry *e = sv ? strmap_get(&sv->by_name, name) : NULL;

	return e ? e->module : NULL;
}
