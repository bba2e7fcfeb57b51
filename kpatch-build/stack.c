// SPDX-License-Identifier: GPL-2.0
/*
 * Stacked patches (-R --base A.ko ...): the new patch is built on what
 * really runs, the kernel plus the bases' patches, and classified against
 * each base.  A dependent module gets a real module dependency on its
 * bases (the loader refuses it without them, and they cannot be removed
 * under it) and checks at init that they are enabled.
 */
#include <string.h>

#include "context.h"
#include "disk.h"
#include "manifest.h"
#include "stack.h"
#include "states.h"
#include "target.h"
#include "text.h"

/* Reference: this patch's code uses what only a base has. */
static char *references(const struct kpb_results *results, struct kpb_base *b, char *why)
{
	for (size_t u = 0; u < results->nr_units; u++) {
		const struct engine_report *r = &results->units[u].report;

		for (size_t k = 0; results->units[u].status == EXIT_OK && k < r->nr_refs; k++) {
			if (strcmp(r->refs[k].base, b->ident))
				continue;
			why = add_reason(why, "reference", r->refs[k].name);
			b->referenced = true;
		}
	}
	return why;
}

/* Shared state: a shadow variable id both use ("?" is an id not known). */
static char *shared_state(const struct kpb_results *r, const struct kpb_base *b, char *why)
{
	const struct strlist *theirs = &b->manifest.shadow_ids;
	struct strlist ours = { 0 };

	shadow_ids(r, &ours);
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
	return shared_klp_state(r, b, why);
}

/*
 * Shared source: a unit of this patch was compiled from a file a base's
 * patches change, so its code may carry the base's changes (an inlined
 * function the base changed, a changed macro or initializer) although no
 * function of it overlaps.
 */
static char *shared_source(const struct strlist *read, const struct kpb_base *b, char *why)
{
	struct strlist seen = { 0 };

	for (size_t p = 0; p < b->nr_patches; p++)
		for (size_t f = 0; f < b->patches[p].nr_files; f++) {
			const char *file = b->patches[p].files[f];

			if (strlist_has(&seen, file) || !strlist_has(read, file))
				continue;
			strlist_add(&seen, file);
			why = add_reason(why, "shared source", file);
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
void classify_against_bases(struct kpb_results *results, const struct strlist *read)
{
	for (size_t i = 0; i < results->nr_bases; i++) {
		struct kpb_base *b = &results->bases[i];
		char *why = NULL;

		for (size_t u = 0; u < results->nr_units; u++) {
			const struct engine_report *r = &results->units[u].report;
			const char *objname = results->units[u].objname;

			for (size_t k = 0; k < r->nr_funcs; k++)
				if (!r->funcs[k].is_new &&
				    manifest_replaces(&b->manifest, objname, r->funcs[k].name))
					why = add_reason(why, "overlap", r->funcs[k].name);
		}
		why = references(results, b, why);
		why = shared_state(results, b, why);
		if (!why)
			why = shared_source(read, b, why);
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
char *bases_symvers(const struct kpb_results *r, const char *workdir)
{
	/* templates/livepatch.c: the base's state and its identity */
	static const char *const base_exports[] = { "klp_patch_enabled_", "klp_patch_identity_" };
	char *path = NULL, *text = xstrdup("");

	for (size_t i = 0; i < r->nr_bases; i++) {
		struct target *base;
		char *mod, *sym;

		if (!base_depended_on(&r->bases[i]))
			continue;
		base = target_load(r->bases[i].ko);
		mod = xstrdup(r->bases[i].ko);
		mod[strlen(mod) - 3] = '\0';
		for (size_t k = 0; k < ARRAY_SIZE(base_exports); k++) {
			sym = xasprintf("%s%s", base_exports[k], r->bases[i].ident);
			str_appendf(&text, "0x%08lx\t%s\t%s\tEXPORT_SYMBOL_GPL\t\n",
				    export_crc(base, sym), sym, mod);
			free(sym);
		}
		target_free(base);
		free(mod);
	}
	if (*text) {
		path = xasprintf("%s/bases.symvers", workdir);
		write_file(path, text, strlen(text));
	}
	free(text);
	return path;
}
