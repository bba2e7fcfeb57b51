// SPDX-License-Identifier: GPL-2.0
/*
 * Special sections: arrays of fixed-size entries that point into code.  The
 * livepatch keeps exactly the entries of the functions it carries.  All the
 * knowledge about them is in the table below, the architecture's rows in
 * special-x86.h; entry sizes depend on the kernel version and config and
 * come from the caller (--entry-sizes).
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "cdo.h"
#include "special.h"
#include "special-x86.h"

#define ENTRY(n, ...) { .name = n, .kind = ENTRIES, __VA_ARGS__ }

const struct special specials[] = {
	ENTRY(".altinstructions", .compare = true, .len_at_end = true),
	/* struct bug_entry: its __LINE__ (DEBUG_BUGVERBOSE) is ignored when comparing */
	ENTRY("__bug_table", .compare = true),
	ENTRY("__ex_table", .compare = true),
	/* a key in the patched module: key-branches.c */
	ENTRY("__jump_table", .keyed = true, .compare = true),
	ARCH_SPECIALS
	ENTRY(".printk_index", .owner = OWNER_PI_FUNC, .fixed_size = 8),
	ENTRY("__mcount_loc", .fixed_size = 8),
	ENTRY("__patchable_function_entries", .fixed_size = 8),
	ENTRY(".discard.", .prefix = true, .reloc_sized = true),
	/* Debug info describes the original build; the module carries none. */
	{ .name = ".debug_", .prefix = true, .kind = DROP },
	/* Exports stay with the original symbol in the running kernel (6.5+: .export_symbol). */
	{ .name = ".export_symbol", .kind = DROP },
	{ .name = "___ksymtab", .prefix = true, .kind = DROP },
	{ .name = "__ksymtab", .prefix = true, .kind = DROP },
	{ .name = "__kcrctab", .prefix = true, .kind = DROP },
	{ .name = ".kpatch.callbacks.", .prefix = true, .kind = META },
	/* Author markers, read by ignore.c */
	{ .name = ".kpatch.ignore.", .prefix = true, .kind = DROP },
	{ .name = ".kpatch.force", .kind = DROP },
	/* Read by report_states(); the driver builds klp_patch.states. */
	{ .name = ".kpatch.states", .kind = DROP },
};

const size_t nr_specials = ARRAY_SIZE(specials);
_Static_assert(ARRAY_SIZE(specials) <= MAX_SPECIALS, "struct cdo's per-special arrays are too small");

const struct special *special_lookup(const char *secname)
{
	for (size_t i = 0; i < ARRAY_SIZE(specials); i++) {
		const struct special *s = &specials[i];

		if (s->prefix ? str_starts(secname, s->name) : !strcmp(secname, s->name))
			return s;
	}
	return NULL;
}

static size_t special_index(const struct special *s)
{
	return s - specials;
}

static const char *const field_names[NR_FIELDS] = {
	[FIELD_KEY] = "key", [FIELD_TARGET] = "target", [FIELD_LINE] = "line",
};

/* "<section> <field> <offset>": -1, the probe's word for a field the entries lack. */
static bool read_field(struct cdo *cdo, const struct special *s, const char *field, long off)
{
	for (size_t f = 0; f < NR_FIELDS; f++) {
		if (strcmp(field, field_names[f]))
			continue;
		cdo->entry_field[special_index(s)][f] = off;
		cdo->entry_field_set[special_index(s)][f] = true;
		return off >= -1;
	}
	return false;
}

void read_entry_sizes(struct cdo *cdo, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t len = 0, lineno = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	while (getline(&line, &len, f) > 0) {
		char name[256], field[32], end;
		unsigned long size;
		long off;
		const struct special *s;
		int n;

		lineno++;
		line[strcspn(line, "#\n")] = '\0';
		if (sscanf(line, "%255s %31[a-z] %ld %c", name, field, &off, &end) == 3 &&
		    (s = special_lookup(name)) && read_field(cdo, s, field, off))
			continue;
		n = sscanf(line, "%255s %lu %c", name, &size, &end);
		if (n <= 0)
			continue;
		s = special_lookup(name);
		if (n != 2 || !size || !s)
			die("%s:%zu: expected '<special section> <entry size>' or '<special section> <field> <offset>', got '%s'",
			    path, lineno, line);
		/* Their entries are delimited by their relocations. */
		if (s->reloc_sized)
			continue;
		cdo->entry_size[special_index(s)] = size;
		cdo->entry_size_set[special_index(s)] = true;
	}
	free(line);
	fclose(f);
}

long entry_field(const struct cdo *cdo, const struct special *s, enum entry_field field)
{
	size_t i = special_index(s);

	if (cdo->entry_field_set[i][field])
		return cdo->entry_field[i][field];
	if (field == FIELD_LINE || (field == FIELD_KEY && !s->keyed) ||
	    (field == FIELD_TARGET && strcmp(s->name, "__jump_table")))
		return -1;
	die("%s: the offset of the %s in %s entries is unknown: give it with --entry-sizes "
	    "('%s %s OFFSET', as kpatch-build's probe writes it)", cdo->patched_path,
	    field_names[field], s->name, s->name, field_names[field]);
}

unsigned long entry_size(const struct cdo *cdo, const struct special *s,
			 const struct section *sec)
{
	unsigned long size = cdo->entry_size[special_index(s)];

	if (!cdo->entry_size_set[special_index(s)])
		size = s->fixed_size;
	if (!size)
		die("%s: entry size of %s is unknown: give it with --entry-sizes",
		    cdo->patched_path, sec->name);
	if (sec->size % size)
		die("%s: %s is %zu bytes, not a multiple of its entry size %lu: "
		    "entry sizes of another kernel?", cdo->patched_path, sec->name,
		    sec->size, size);
	return size;
}

void entries_of(const struct cdo *cdo, const struct special *s,
		       const struct section *sec, struct entries *e)
{
	if (sec->size && !sec->data)
		die("%s: special section %s has no contents in the file (type %u)",
		    sec->elf->path, sec->name, sec->sh.sh_type);
	if (s->reloc_sized) {
		size_t nr = sec->rela ? sec->rela->nr_relocs : 0;

		e->nr = nr;
		e->start = xcalloc(nr, sizeof(*e->start));
		e->size = xcalloc(nr, sizeof(*e->size));
		for (size_t i = 0; i < nr; i++) {
			e->start[i] = sec->rela->relocs[i].offset;
			e->size[i] = reloc_width(sec->rela->relocs[i].type);
		}
	} else {
		unsigned long size = entry_size(cdo, s, sec);

		e->nr = sec->size / size;
		e->start = xcalloc(e->nr, sizeof(*e->start));
		e->size = xcalloc(e->nr, sizeof(*e->size));
		for (size_t i = 0; i < e->nr; i++) {
			e->start[i] = i * size;
			e->size[i] = size;
		}
	}
	e->keep = xcalloc(e->nr, sizeof(*e->keep));
}

void entries_free(struct entries *e)
{
	free(e->start);
	free(e->size);
	free(e->keep);
}

bool reloc_at(const struct section *sec, unsigned long off, struct ref *ref)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(sec, off, off + 1, &nr);

	if (!nr)
		return false;
	resolve_reloc(r, ref);
	return true;
}

/* The function a .printk_index entry belongs to: its pi_entry's func. */
static struct symbol *pi_owner(const struct cdo *cdo, const struct section *sec,
			       unsigned long start)
{
	struct ref entry, func;
	const char *name;
	struct symbol *sym;

	if (!reloc_at(sec, start, &entry) || entry.kind != REF_SYMBOL || !entry.sym->sec ||
	    !reloc_at(entry.sym->sec, entry.sym->value + entry.offset + 8, &func))
		return NULL;
	if (func.kind == REF_STRING)
		name = ref_string(&func);
	else if (func.kind == REF_SYMBOL && func.sym->sec)
		name = string_in(func.sym->sec, func.sym->value + func.offset);
	else
		return NULL;
	if (!name)
		return NULL;
	for_each_symbol(cdo->patched, sym, i) {
		size_t n = strlen(name);

		if (is_func(sym) && sym->include && !strncmp(sym->name, name, n) &&
		    (!sym->name[n] || sym->name[n] == '.'))
			return sym;
	}
	return NULL;
}

struct symbol *owner_of(const struct cdo *cdo, const struct special *s,
			       const struct section *sec, unsigned long start)
{
	struct ref ref;

	if (s->owner == OWNER_PI_FUNC)
		return pi_owner(cdo, sec, start);
	if (!reloc_at(sec, start + (s->reloc_sized ? 0 : s->owner_off), &ref))
		return NULL;
	return ref.kind == REF_SYMBOL && is_func(ref.sym) ? ref.sym : NULL;
}

bool copied_in_pieces(const struct section *sec)
{
	return str_starts(sec->name, ".altinstr_replacement");
}

bool replacement_of(const struct section *sec, unsigned long start, unsigned long size,
		    struct section **repl, unsigned long *from, unsigned long *to)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(sec, start, start + size, &nr);
	struct ref ref;

	if (nr < 2)
		return false;
	resolve_reloc(&r[1], &ref);
	if (ref.kind != REF_SECTION || !copied_in_pieces(ref.sec) || ref.offset < 0)
		return false;
	*repl = ref.sec;
	*from = ref.offset;
	*to = ref.offset + sec->data[start + size - 1];
	return true;
}

/*
 * Sections whose relocations into code are ordinary references: data that
 * points at a function keeps pointing at the original, which ftrace sends
 * to the new one.
 */
static const char *const ordinary_prefixes[] = {
	".text", ".data", ".rodata", ".bss", ".tbss", ".tdata", ".init.",
	".exit.", ".ref.", ".meminit", ".sched.text", ".noinstr.text",
	".entry.text", ".cpuidle.text", ".spinlock.text", ".kprobes.text",
	".irqentry.text", ".softirqentry.text", ".head.text", ".initcall",
	".con_initcall", "__param", ".modinfo", "__tracepoints", "__dyndbg",
	".comment", ".note", ".altinstr_replacement", ".altinstr_aux",
};

static bool is_ordinary(const struct section *sec)
{
	for (size_t i = 0; i < ARRAY_SIZE(ordinary_prefixes); i++)
		if (str_starts(sec->name, ordinary_prefixes[i]))
			return true;
	return false;
}

/* An unknown table pointing into included code must not be dropped silently. */
void check_unknown_specials(struct cdo *cdo)
{
	struct section *sec;

	for_each_section(cdo->patched, sec, i) {
		if (!sec->rela || special_lookup(sec->name) || is_ordinary(sec))
			continue;
		for (size_t r = 0; r < sec->rela->nr_relocs; r++) {
			struct ref ref;

			resolve_reloc(&sec->rela->relocs[r], &ref);
			if (ref.kind == REF_SYMBOL && is_func(ref.sym) && ref.sym->include)
				refuse(cdo, "teach create-diff-object about this section (its entry layout and owner), or keep the change out of functions it lists",
				       "section '%s' has entries for the patched function '%s', and its format is unknown: dropping them could break the function, keeping them blindly could corrupt the kernel",
				       sec->name, ref.sym->name);
		}
	}
}
