// SPDX-License-Identifier: GPL-2.0
/*
 * Which entries of the special sections the livepatch keeps: those of the
 * functions it carries, less those on a key of the patched module.  What
 * a kept entry points at is included in turn; the decisions are recorded
 * in cdo->kept for special_emit() (special-output.c), which only writes.
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "special.h"

/*
 * The name of the key an entry uses if the key lives in the patched module,
 * which the livepatch reaches too late for the entry; else NULL.  A key in
 * vmlinux, or one the livepatch carries itself, is there when it loads.
 */
static const char *module_key(const struct cdo *cdo, const struct special *s,
			      const struct section *sec, unsigned long start)
{
	struct ref ref;
	const char *exporter, *name;

	if (!s->keyed || !strcmp(cdo->objname, "vmlinux") ||
	    !reloc_at(sec, start + entry_field(cdo, s, FIELD_KEY), &ref) || ref.kind != REF_SYMBOL ||
	    ref.sym->include)
		return NULL;
	name = ref.sym->twin ? ref.sym->twin->name : ref.sym->name;
	exporter = symvers_exporter(cdo->symvers, name);
	if (!ref.sym->sec && exporter && !strcmp(exporter, "vmlinux"))
		return NULL;
	return name;
}

static void include_replacement(struct cdo *cdo, const struct section *sec,
				unsigned long start, unsigned long size)
{
	struct section *repl;
	unsigned long from, to;

	if (replacement_of(sec, start, size, &repl, &from, &to))
		include_piece(cdo, repl, from, to);
}

/* later: objtool makes the entries again for the final module, nothing is included */
static void keep_entries(struct cdo *cdo, const struct special *s, const struct section *sec,
			 struct entries *e, bool later)
{
	for (size_t n = 0; n < e->nr; n++) {
		struct symbol *owner = owner_of(cdo, s, sec, e->start[n]);
		const char *key;

		e->keep[n] = owner && owner->include;
		key = e->keep[n] ? module_key(cdo, s, sec, e->start[n]) : NULL;
		/*
		 * An entry on a key of the patched module is dropped: a
		 * static branch becomes a test of the key (key-branches.c);
		 * a static call site keeps its call to the trampoline,
		 * which static_call_update() keeps current.
		 */
		if (key)
			e->keep[n] = false;
		if (key && !strcmp(s->name, "__jump_table"))
			note_key_branch(cdo, sec, e->start[n], owner, key);
		if (!e->keep[n] || later)
			continue;
		include_range(cdo, sec, e->start[n], e->start[n] + e->size[n]);
		if (s->len_at_end)
			include_replacement(cdo, sec, e->start[n], e->size[n]);
	}
}

static void forget_kept(struct cdo *cdo)
{
	for (size_t i = 0; i < cdo->nr_kept; i++)
		entries_free(&cdo->kept[i].e);
	cdo->nr_kept = 0;
}

/* Run until inclusion stops growing: the last run's decisions stand. */
void special_include(struct cdo *cdo)
{
	struct section *sec;

	forget_kept(cdo);
	for_each_section(cdo->patched, sec, i) {
		const struct special *s = special_lookup(sec->name);
		struct entries e;
		bool later;

		if (!s || s->kind != ENTRIES || sec->sh.sh_type == SHT_RELA)
			continue;
		/* checked, not kept */
		later = s->objtool && cdo->objtool_later;
		entries_of(cdo, s, sec, &e);
		keep_entries(cdo, s, sec, &e, later);
		if (later) {
			entries_free(&e);
			continue;
		}
		GROW(cdo->kept, cdo->alloc_kept, cdo->nr_kept);
		cdo->kept[cdo->nr_kept++] = (struct kept_table){ .s = s, .sec = sec, .e = e };
	}
}

void special_kept_free(struct cdo *cdo)
{
	forget_kept(cdo);
	free(cdo->kept);
	cdo->kept = NULL;
	cdo->alloc_kept = 0;
}
