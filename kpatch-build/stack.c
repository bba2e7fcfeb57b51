// SPDX-License-Identifier: GPL-2.0
/*
 * Stacked patches (-R --base A.ko ...): the new patch is built on what
 * really runs, the kernel plus the bases' patches, and classified against
 * each base.  A dependent module gets a real module dependency on its
 * bases (the loader refuses it without them, and they cannot be removed
 * under it) and checks at init that they are enabled.
 */
#include <json-c/json.h>
#include <libgen.h>
#include <string.h>

#include "context.h"
#include "disk.h"
#include "elf.h"
#include "insn.h"
#include "manifest.h"
#include "run.h"
#include "stack.h"
#include "target.h"
#include "text.h"
#include "units.h"
#include "view.h"

void add_base(const char *ko)
{
	res->bases = xrealloc(res->bases, (res->nr_bases + 1) * sizeof(*res->bases));
	memset(&res->bases[res->nr_bases], 0, sizeof(*res->bases));
	res->bases[res->nr_bases++].ko = xstrdup(ko);
}

/* A deployed module's patches, found next to it and checked against its hashes. */
void find_deployed_patches(struct kpb_base *b)
{
	char *copy = xstrdup(b->ko), *dir = dirname(copy);

	b->nr_patches = b->manifest.nr_patches;
	b->patches = xcalloc(b->nr_patches, sizeof(*b->patches));
	for (size_t i = 0; i < b->nr_patches; i++) {
		const char *file = b->manifest.patches[i].file, *want = b->manifest.patches[i].hash;
		char *path = xasprintf("%s/%s", dir, file);

		if (!file_exists(path))
			fail(EXIT_BAD_INPUT, "%s was built from %s: put that patch next to the module (%s)",
			     b->ko, file, path);
		b->patches[i].path = path;
		read_patch_files(&b->patches[i]);
		if (strcmp(b->patches[i].hash, want))
			fail(EXIT_BAD_INPUT, "%s is not the %s that %s was built from (hash %s, expected %s)",
			     path, file, b->ko, b->patches[i].hash, want);
	}
	free(copy);
}

/* A deployed module's manifest; it must be for the kernel this build is for. */
void load_deployed(struct kpb_base *d, bool as_base)
{
	size_t size;
	char *text = elf_file_section(d->ko, MANIFEST_SECTION, &size), *err;
	const struct manifest *m = &d->manifest;

	if (!text)
		fail(EXIT_BAD_INPUT, "%s has no manifest: only modules built by kpatch-build can be %s",
		     d->ko, as_base ? "bases" : "previous releases");
	err = manifest_parse(text, &d->manifest);
	if (err)
		fail(EXIT_BAD_INPUT, "%s: its manifest cannot be read: %s", d->ko, err);
	if (strcmp(m->release, bld->release))
		fail(EXIT_BAD_INPUT, "%s is for Linux %s, this build for %s", d->ko, m->release,
		     bld->release);
	d->name = xstrdup(m->name);
	d->replace = m->replace;
	d->ident = ident_of(d->name);
	d->identity = xstrdup(m->read_identity);
	if (as_base && (!m->identity || strcmp(m->identity, d->identity)))
		fail(EXIT_BAD_INPUT, "%s: %s; rebuild it with this kpatch-build", d->ko,
		     m->identity ? "its manifest does not match its identity"
				 : "its manifest has no identity (an older kpatch-build)");
	free(text);
}

/*
 * A base may be a replace module too: a hot fix stacks on the official
 * cumulative patch.  Either way the new patch builds on the base's patches.
 */
void load_bases(void)
{
	for (size_t i = 0; i < res->nr_bases; i++) {
		load_deployed(&res->bases[i], true);
		find_deployed_patches(&res->bases[i]);
	}
}

/* Reference: this patch's code uses what only a base has. */
static char *references(struct kpb_base *b, char *why)
{
	for (size_t u = 0; u < res->nr_units; u++) {
		const struct engine_report *r = &res->units[u].report;

		for (size_t k = 0; res->units[u].status == EXIT_OK && k < r->nr_refs; k++) {
			if (strcmp(r->refs[k].base, b->ident))
				continue;
			why = add_reason(why, "reference", r->refs[k].name);
			b->referenced = true;
		}
	}
	return why;
}

/* Shared state: a shadow variable id both use ("?" is an id not known). */
static char *shared_state(const struct kpb_base *b, char *why)
{
	const struct strlist *theirs = &b->manifest.shadow_ids;
	struct strlist ours = { 0 };

	shadow_ids(&ours);
	for (size_t i = 0; i < ours.nr; i++) {
		const char *id = ours.v[i];

		for (size_t k = 0; k < theirs->nr; k++) {
			const char *other = theirs->v[k];

			if (!strcmp(id, other) || !strcmp(id, "?") || !strcmp(other, "?")) {
				char *what = xasprintf("shadow variable id %s", strcmp(id, "?") ? id : other);

				why = add_reason(why, "shared state", what);
				free(what);
				break;
			}
		}
	}
	strlist_free(&ours);
	return shared_klp_state(b, why);
}

/*
 * Shared source: a unit of this patch was compiled from a file a base's
 * patches change, so its code may carry the base's changes (an inlined
 * function the base changed, a changed macro or initializer) although no
 * function of it overlaps.
 */
static char *shared_source(const struct kpb_base *b, char *why)
{
	struct strlist seen = { 0 };

	for (size_t p = 0; p < b->nr_patches; p++)
		for (size_t f = 0; f < b->patches[p].nr_files; f++) {
			const char *file = b->patches[p].files[f];

			if (strlist_has(&seen, file))
				continue;
			for (size_t u = 0; u < res->nr_units; u++)
				if (res->units[u].status == EXIT_OK && unit_reads(&res->units[u], file)) {
					strlist_add(&seen, file);
					why = add_reason(why, "shared source", file);
					break;
				}
		}
	strlist_free(&seen);
	return why;
}

/*
 * Overlap: this patch changes a function a base replaces (its version
 * includes the base's).  Reference: it uses a function or datum only the
 * base has.  Shared state: both use one shadow variable id.  Shared
 * source: it was compiled from a file the base changes.  Any of them makes
 * it dependent on the base.
 */
void classify_against_bases(void)
{
	for (size_t i = 0; i < res->nr_bases; i++) {
		struct kpb_base *b = &res->bases[i];
		char *why = NULL;

		for (size_t u = 0; u < res->nr_units; u++) {
			const struct engine_report *r = &res->units[u].report;

			for (size_t k = 0; k < r->nr_funcs; k++)
				if (!r->funcs[k].is_new &&
				    manifest_replaces(&b->manifest, res->units[u].objname, r->funcs[k].name))
					why = add_reason(why, "overlap", r->funcs[k].name);
		}
		why = references(b, why);
		why = shared_state(b, why);
		if (!why)
			why = shared_source(b, why);
		b->relation = why ? why : xstrdup("independent");
		fprintf(stderr, "%s: %s: %s%s\n", progname, b->name,
			why ? "dependent, " : "", b->relation);
	}
}

bool base_depended_on(const struct kpb_base *b)
{
	return b->relation && strcmp(b->relation, "independent");
}

/*
 * The CRC a module exports a symbol with (CONFIG_MODVERSIONS): kbuild's
 * __crc_<name> symbol marks it in the module's __kcrctab; 0 without one.
 */
static unsigned long export_crc(struct target *base, const char *name)
{
	unsigned long crc = 0;

	target_crc(base, name, &crc);
	return crc;
}

/*
 * Module.symvers lines for what the bases export to dependents, with the
 * CRCs they really export them with (else a MODVERSIONS kernel refuses
 * the dependent: "disagrees about version of symbol"), or NULL.
 */
char *bases_symvers(void)
{
	/* templates/livepatch.c: the base's state and its identity */
	static const char *const base_exports[] = { "klp_patch_enabled_", "klp_patch_identity_" };
	char *path = NULL, *text = xstrdup("");

	for (size_t i = 0; i < res->nr_bases; i++) {
		struct target *base;
		char *mod, *sym;

		if (!base_depended_on(&res->bases[i]))
			continue;
		base = target_load(res->bases[i].ko);
		mod = xstrdup(res->bases[i].ko);
		mod[strlen(mod) - 3] = '\0';
		for (size_t k = 0; k < ARRAY_SIZE(base_exports); k++) {
			sym = xasprintf("%s%s", base_exports[k], res->bases[i].ident);
			str_appendf(&text, "0x%08lx\t%s\t%s\tEXPORT_SYMBOL_GPL\t\n",
				    export_crc(base, sym), sym, mod);
			free(sym);
		}
		target_free(base);
		free(mod);
	}
	if (*text) {
		path = xasprintf("%s/bases.symvers", bld->workdir);
		write_file(path, text, strlen(text));
	}
	free(text);
	return path;
}

static bool diff_replaces(const char *name)
{
	for (size_t u = 0; u < res->nr_units; u++)
		if (report_has_changed(&res->units[u].report, name))
			return true;
	return false;
}

/* Whether this patch (so far) replaces or is asked to replace name. */
static bool replaced_here(const char *name)
{
	for (size_t i = 0; i < res->nr_force; i++)
		if (!strcmp(res->force[i], name))
			return true;
	return diff_replaces(name);
}

/* Every function asked for must really be in the module. */
void check_direct_call_fixes(void)
{
	for (size_t i = 0; i < res->nr_force; i++)
		if (!diff_replaces(res->force[i]))
			fail(EXIT_REFUSED, "a base calls %s directly and this patch replaces its callee, but %s "
			     "cannot be replaced here (not in an affected unit, or not traceable): build a "
			     "cumulative replace patch instead", res->force[i], res->force[i]);
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
				   bool pointers)
{
	for (size_t j = 0; j < nr; j++) {
		struct symbol *g = callee(&r[j]);

		if (!g || !manifest_replaces(&b->manifest, NULL, g->name) || !replaced_here(g->name))
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
static void refuse_stale_pointers(const struct kpb_base *b, struct elf *elf)
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
			if (!(g = stale_target(b, &rs->relocs[j], 1, true)))
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
static bool force_caller(const struct kpb_base *b, const struct symbol *f, const struct symbol *g)
{
	char *caller = function_of(f->name);

	if (replaced_here(caller)) {
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
	res->force = xrealloc(res->force, (res->nr_force + 1) * sizeof(char *));
	res->force[res->nr_force++] = caller;
	return true;
}

static bool force_direct_callers(struct kpb_base *b, struct elf *elf)
{
	bool added = false;
	struct section *rs;

	/* Every RELA section: the ELF model links one to its section, a module has two. */
	for_each_section(elf, rs, i) {
		if (rs->sh.sh_type != SHT_RELA || !rs->base || !is_text(rs->base))
			continue;
		for (size_t j = 0; j < rs->nr_relocs; j++) {
			struct symbol *f = elf_symbol_at(rs->base, rs->relocs[j].offset), *g;

			if (!f || !is_func(f) || replaced_here(f->name) ||
			    !(g = stale_target(b, &rs->relocs[j], 1, false)))
				continue;
			added |= force_caller(b, f, g);
		}
	}
	return added;
}

/*
 * Every caller the hazard asks for, at once: a forced caller is replaced
 * too, so a base's caller of it is asked for in turn, until none is new.
 * Then the function pointers, against all that is replaced.  Returns
 * whether the diffs must run again with the callers forced.
 */
bool add_direct_call_fixes(void)
{
	struct elf **elfs = xcalloc(res->nr_bases, sizeof(*elfs));
	size_t before = res->nr_force;
	bool again;

	for (size_t i = 0; i < res->nr_bases; i++)
		elfs[i] = elf_load(res->bases[i].ko);
	do {
		again = false;
		for (size_t i = 0; i < res->nr_bases; i++)
			again |= force_direct_callers(&res->bases[i], elfs[i]);
	} while (again);
	for (size_t i = 0; i < res->nr_bases; i++) {
		refuse_stale_pointers(&res->bases[i], elfs[i]);
		elf_free(elfs[i]);
	}
	free(elfs);
	return res->nr_force > before;
}
