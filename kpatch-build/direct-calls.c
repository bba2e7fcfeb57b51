// SPDX-License-Identifier: GPL-2.0
/*
 * The direct-call hazard of a stacked patch: calls between functions
 * inside one base module do not pass through ftrace, so a base's function
 * that calls (or a datum that points at) one this patch replaces keeps
 * reaching the stale copy.  The answer is the set of callers this patch
 * must replace too; the diffs run again with them (module.c).
 */
#include <string.h>

#include "context.h"
#include "direct-calls.h"
#include "elf.h"
#include "arch.h"
#include "manifest.h"
#include "fail.h"

/* What this patch replaces: what its diffs changed, and the callers asked for so far. */
struct replaced {
	const struct kpb_results *results;
	struct strlist forced;
};

static bool diff_replaces(const struct kpb_results *results, const char *name)
{
	for (size_t u = 0; u < results->nr_units; u++)
		if (report_has_changed(&results->units[u].report, name))
			return true;
	return false;
}

/* Whether this patch (so far) replaces or is asked to replace name. */
static bool replaced_here(const struct replaced *rp, const char *name)
{
	return strlist_has(&rp->forced, name) || diff_replaces(rp->results, name);
}

void check_direct_call_fixes(const struct kpb_results *results, const struct strlist *forced)
{
	for (size_t i = 0; i < forced->nr; i++)
		if (!diff_replaces(results, forced->v[i]))
			fail(EXIT_REFUSED, "a base calls %s directly and this patch replaces its callee, but %s "
			     "cannot be replaced here (not in an affected unit, or not traceable): build a "
			     "cumulative replace patch instead", forced->v[i], forced->v[i]);
}

/* The function a relocation in the base module calls, if it is one of the base's. */
static struct symbol *callee(const struct reloc *r)
{
	struct symbol *sym = r->sym;

	if (sym->type == STT_SECTION && sym->sec)
		sym = elf_symbol_at(sym->sec, reloc_target_offset(r));
	return sym && sym->sec && is_func(sym) ? sym : NULL;
}

/* Whether r points at the very start of function g (an address taken, not a label inside). */
static bool points_at(const struct reloc *r, const struct symbol *g)
{
	long target = r->sym->type == STT_SECTION ? r->addend : (long)r->sym->value + r->addend;

	return target == (long)g->value;
}

/*
 * A function or datum of base b that reaches its own g' without ftrace
 * while this patch replaces g: the callee or pointee, else NULL.
 */
static struct symbol *stale_target(const struct kpb_base *b, const struct reloc *r, size_t nr,
				   bool pointers, const struct replaced *rp)
{
	for (size_t j = 0; j < nr; j++) {
		struct symbol *g = callee(&r[j]);

		if (!g || !manifest_replaces(&b->manifest, NULL, g->name) ||
		    !replaced_here(rp, g->name))
			continue;
		if (!pointers || points_at(&r[j], g))
			return g;
	}
	return NULL;
}

/*
 * A function pointer in the base's data to a function it replaces keeps
 * reaching the base's copy; this patch cannot change the base's data.
 */
static void refuse_stale_pointers(const struct kpb_base *b, struct elf *elf,
				  const struct replaced *rp)
{
	struct section *rs;

	/* Every RELA section: a module has .rela and .klp.rela ones for one section. */
	for_each_section(elf, rs, i) {
		const struct section *sec = rs->base;
		struct symbol *g, *holder;

		if (rs->sh.sh_type != SHT_RELA || !sec ||
		    (strncmp(sec->name, ".data", 5) && strncmp(sec->name, ".rodata", 7)))
			continue;
		for (size_t j = 0; j < rs->nr_relocs; j++) {
			if (!(g = stale_target(b, &rs->relocs[j], 1, true, rp)))
				continue;
			holder = elf_symbol_at(sec, rs->relocs[j].offset);
			fail(EXIT_REFUSED, "%s: function-pointer hazard: its %s (%s) holds the address of its "
			     "own %s, which this patch replaces: calls through it would keep reaching %s's %s; "
			     "build a cumulative replace patch instead", b->name,
			     holder ? holder->name : "data", sec->name, g->name, b->name, g->name);
		}
	}
}

/* The function a symbol is part of: its own name, or the parent of a .cold part. */
static char *function_of(const char *name)
{
	const char *cold = strstr(name, ".cold");

	return cold ? xasprintf("%.*s", (int)(cold - name), name) : xstrdup(name);
}

/*
 * The direct-call hazard: calls between functions inside one module do not
 * pass through ftrace.  If a base's f' calls its g' directly and this patch
 * replaces g, the base's f' keeps calling the stale g'; so this patch
 * replaces f as well (its copy calls the new g).  A caller the base adds
 * (not a replacement) cannot be replaced: refused.  Returns whether it
 * asked for more functions.
 */
static bool force_caller(const struct kpb_base *b, const struct symbol *f, const struct symbol *g,
			 struct replaced *rp)
{
	char *caller = function_of(f->name);

	if (replaced_here(rp, caller)) {
		free(caller);
		return false;
	}
	if (!manifest_replaces(&b->manifest, NULL, caller))
		fail(EXIT_REFUSED, "%s: direct-call hazard: its new function %s calls its own %s, "
		     "which this patch replaces: %s would keep calling %s's %s, and a function a "
		     "base adds cannot be replaced; build a cumulative replace patch instead",
		     b->name, f->name, g->name, f->name, b->name, g->name);
	fprintf(stderr, "%s: %s: direct-call hazard: its %s calls its own %s, which this patch "
		"replaces: replacing %s too\n", progname, b->name, f->name, g->name, caller);
	strlist_add(&rp->forced, caller);
	free(caller);
	return true;
}

static bool force_direct_callers(const struct kpb_base *b, struct elf *elf, struct replaced *rp)
{
	bool added = false;
	struct section *rs;

	/* Every RELA section: the ELF model links one to its section, a module has two. */
	for_each_section(elf, rs, i) {
		if (rs->sh.sh_type != SHT_RELA || !rs->base || !is_text(rs->base))
			continue;
		for (size_t j = 0; j < rs->nr_relocs; j++) {
			struct symbol *f = elf_symbol_at(rs->base, rs->relocs[j].offset), *g;

			if (!f || !is_func(f) || replaced_here(rp, f->name) ||
			    !(g = stale_target(b, &rs->relocs[j], 1, false, rp)))
				continue;
			added |= force_caller(b, f, g, rp);
		}
	}
	return added;
}

/*
 * Every caller the hazard asks for, at once: a forced caller is replaced
 * too, so a base's caller of it is asked for in turn, until none is new.
 * Then the function pointers, against all that is replaced.
 */
struct strlist direct_call_fixes(const struct kpb_results *results)
{
	struct elf **elfs = xcalloc(results->nr_bases, sizeof(*elfs));
	struct replaced rp = { .results = results };
	bool again;

	for (size_t i = 0; i < results->nr_bases; i++)
		elfs[i] = elf_load(results->bases[i].ko);
	do {
		again = false;
		for (size_t i = 0; i < results->nr_bases; i++)
			again |= force_direct_callers(&results->bases[i], elfs[i], &rp);
	} while (again);
	for (size_t i = 0; i < results->nr_bases; i++) {
		refuse_stale_pointers(&results->bases[i], elfs[i], &rp);
		elf_free(elfs[i]);
	}
	free(elfs);
	return rp.forced;
}
