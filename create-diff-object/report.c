// SPDX-License-Identifier: GPL-2.0
/*
 * What the engine tells: the functions and data it included (on stdout,
 * for people: "changed: NAME", "new: NAME", "new data: NAME", "shadow: ID",
 * "state: ID VERSION"), and the whole report for the driver (--report):
 * that, the functions the output replaces as its .kpatch.funcs names them
 * with the hash of their new code, and the symbols it reaches in stacked
 * modules below.  The phases that find shadow ids, states and base
 * references add them to cdo->report as they go.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cdo.h"
#include "files.h"
#include "hash.h"
#include "klp-meta.h"

void report_included(struct cdo *cdo)
{
	struct symbol *sym;

	for_each_symbol(cdo->patched, sym, i)
		if (is_func(sym) && sym->include && !parent_of(cdo->patched, sym))
			report_add_func(&cdo->report, sym->name, sym->status == NEW);
	for_each_symbol(cdo->patched, sym, i)
		if (is_object(sym) && sym->include && sym->status == NEW)
			strlist_add(&cdo->report.data, sym->name);
}

void report_print(const struct cdo *cdo)
{
	const struct engine_report *r = &cdo->report;

	for (size_t i = 0; i < r->nr_funcs; i++)
		printf("%s: %s\n", r->funcs[i].is_new ? "new" : "changed", r->funcs[i].name);
	for (size_t i = 0; i < r->data.nr; i++)
		printf("new data: %s\n", r->data.v[i]);
	for (size_t i = 0; i < r->shadow.nr; i++)
		printf("shadow: %s\n", r->shadow.v[i]);
	for (size_t i = 0; i < r->nr_states; i++)
		printf("state: %lu %lu\n", r->states[i].id, r->states[i].version);
}

/* The string a metadata field points to. */
static const char *field_string(const struct section *sec, unsigned long off)
{
	size_t nr;
	const struct reloc *r = elf_relocs_in(sec, off, off + sizeof(klp_u64), &nr);

	if (!nr || !r->sym->sec || !r->sym->sec->data || r->addend < 0 ||
	    (unsigned long)r->addend >= r->sym->sec->size)
		return NULL;
	return (const char *)r->sym->sec->data + r->addend;
}

/* The functions the written output replaces: its .kpatch.funcs, read back. */
static void report_replaced(struct cdo *cdo, const char *output)
{
	struct elf *elf = elf_load(output);
	struct section *funcs = elf_find_section(elf, KLP_META_FUNCS);
	const size_t esize = sizeof(struct klp_meta_func);

	for (size_t off = 0; funcs && funcs->data && off + esize <= funcs->size; off += esize) {
		struct klp_meta_func entry;
		size_t nr;
		const size_t fn_off = off + offsetof(struct klp_meta_func, new_func);
		const struct reloc *fn = elf_relocs_in(funcs, fn_off, fn_off + 1, &nr);
		const char *name = field_string(funcs, off + offsetof(struct klp_meta_func, old_name));
		char *hash;

		memcpy(&entry, funcs->data + off, sizeof(entry));
		if (!nr || !name)
			die("%s: internal error: %s+0x%zx is not a function entry", output,
			    KLP_META_FUNCS, off);
		hash = code_hash(fn->sym);
		report_add_replaced(&cdo->report, name, entry.sympos, hash);
		free(hash);
	}
	elf_free(elf);
}

/* The report for the driver, next to the output; nothing half-written on failure. */
void report_write(struct cdo *cdo, const char *output, const char *path)
{
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	int err;

	report_replaced(cdo, output);
	if (!f || engine_report_write(&cdo->report, f) || fclose(f))
		die("%s: %s", path, strerror(errno));
	err = replace_file(path, text, size, 0644);
	if (err)
		die("%s: %s", path, strerror(err));
	free(text);
}
