// SPDX-License-Identifier: GPL-2.0
/*
 * What the module says about itself once the objects are compared: its
 * modinfo (version, and what klp-manage checks before an upgrade), its
 * klp_states, the stacked patches it depends on and those whose symbols
 * its code uses, its own identity, and the builds of the vmlinux and
 * modules it is for.  Written as an assembler file, facts.s, in the metadata
 * sections templates/livepatch.c reads (templates/klp-meta.h), assembled and
 * linked into patch.o.  Nothing of it is C: the template, which is, can be
 * compiled while the objects are still being compared.
 */
#include <stdio.h>
#include <string.h>

#include "context.h"
#include "disk.h"
#include "elf.h"
#include "facts.h"
#include "identity.h"
#include "klp-meta.h"
#include "release.h"
#include "run.h"
#include "stack.h"
#include "target.h"
#include "text.h"

/* s as the operand of .string: quotes, backslashes and control bytes escaped. */
static void put_string(char **out, const char *s)
{
	str_appendf(out, "\t.string \"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			str_appendf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			str_appendf(out, "\\%03o", *p);
		else
			str_appendf(out, "%c", *p);
	}
	str_appendf(out, "\"\n");
}

static void modinfo(char **out, const char *tag, const char *value)
{
	char *line = xasprintf("%s=%s", tag, value);

	str_appendf(out, "\t.section .modinfo,\"a\"\n");
	put_string(out, line);
	free(line);
}

/* A string in KLP_META_STRINGS, by its label .Lname<n>. */
static int put_name(char **out, const char *name)
{
	static int n;

	str_appendf(out, "\t.section %s,\"aMS\",@progbits,1\n.Lname%d:\n", KLP_META_STRINGS, n);
	put_string(out, name);
	return n++;
}

static void put_states(char **out, const struct kpb_results *r)
{
	char *info = xstrdup("");

	for (size_t i = 0; i < r->nr_states; i++) {
		char *state = xasprintf("%lu:%lu", r->states[i].id, r->states[i].version);

		str_appendf(out, "\t.section %s,\"a\"\n\t.balign 8\n\t.quad %lu, %lu\n",
			    KLP_META_PATCH_STATES, r->states[i].id, r->states[i].version);
		str_append_word(&info, state);
		free(state);
	}
	modinfo(out, "klp_states", info);
	free(info);
}

/*
 * Each base it depends on, by its klp_patch_enabled_<base> export: the
 * reference makes the loader load the base first and keep it while this
 * module is loaded; and by the identity it was built on, which init
 * compares with the loaded base's klp_patch_identity_<base>().  Each base
 * its code uses, by name: it needs a klp_object so that the core applies
 * the relocations into that module.
 */
static void put_bases(char **out, const struct kpb_results *r)
{
	for (size_t i = 0; i < r->nr_bases; i++) {
		const struct kpb_base *b = &r->bases[i];
		int name;

		if (!base_depended_on(b) && !b->referenced)
			continue;
		name = put_name(out, b->ident);
		if (base_depended_on(b)) {
			int identity = put_name(out, b->identity);

			str_appendf(out, "\t.section %s,\"a\"\n\t.balign 8\n"
				    "\t.quad klp_patch_enabled_%s, .Lname%d\n"
				    "\t.quad klp_patch_identity_%s, .Lname%d\n",
				    KLP_META_BASES, b->ident, name, b->ident, identity);
		}
		if (b->referenced)
			str_appendf(out, "\t.section %s,\"a\"\n\t.balign 8\n\t.quad .Lname%d\n",
				    KLP_META_REF_OBJECTS, name);
	}
}

/* This module's own identity, for patches built on it (templates/livepatch.c). */
static void put_identity(char **out, const char *identity)
{
	str_appendf(out, "\t.section %s,\"a\"\n", KLP_META_IDENTITY);
	put_string(out, identity);
}

/*
 * The releases loading this one replaces: into names their module names,
 * into ids "ident=identity" each.  Those it was built on (--previous) and,
 * through their own klp_previous_ids, what they replaced in turn, for a
 * machine that skipped a release.
 */
static void superseded(const struct kpb_results *r, struct strlist *names, struct strlist *ids)
{
	for (size_t i = 0; i < r->nr_previous; i++) {
		const struct kpb_base *p = &r->previous[i];
		char *id = ident_of(p->name), *pair = xasprintf("%s=%s", id, p->identity);

		strlist_add(names, id);
		strlist_add(ids, pair);
		free(pair);
		free(id);
	}
	for (size_t i = 0; i < r->nr_previous; i++)
		for (size_t j = 0; j < r->previous[i].superseded.nr; j++) {
			const char *pair = r->previous[i].superseded.v[j];
			char *id = xstrndup(pair, strcspn(pair, "="));

			if (!strlist_has(names, id)) {
				strlist_add(names, id);
				strlist_add(ids, pair);
			}
			free(id);
		}
}

/*
 * The functions loading this release reverts: those it let go, and those
 * a previous release let go that it does not patch again.
 */
static struct strlist dropped_funcs(const struct kpb_results *r, const struct strlist *funcs)
{
	struct strlist dropped = { 0 };

	for (size_t i = 0; i < r->dropped.nr; i++)
		strlist_add(&dropped, r->dropped.v[i]);
	for (size_t i = 0; i < r->nr_previous; i++)
		for (size_t j = 0; j < r->previous[i].dropped.nr; j++) {
			const char *key = r->previous[i].dropped.v[j];

			if (!strlist_has(funcs, key) && !strlist_has(&dropped, key))
				strlist_add(&dropped, key);
		}
	return dropped;
}

static char *words(const struct strlist *l)
{
	char *s = xstrdup("");

	for (size_t i = 0; i < l->nr; i++)
		str_append_word(&s, l->v[i]);
	return s;
}

/* What klp-manage reads: r's functions and the releases, and version (MODULE_VERSION) */
static void put_release(char **out, const struct kpb_results *r, const char *version)
{
	struct strlist funcs = { 0 }, ids = { 0 }, names = { 0 }, dropped;
	char *built_on = xstrdup(""), *s;

	for (size_t i = 0; i < r->nr_funcs; i++) {
		char *key = func_key(r->funcs[i].objname, r->funcs[i].name,
				     r->funcs[i].sympos ? r->funcs[i].sympos : 1);

		strlist_add(&funcs, key);
		free(key);
	}
	dropped = dropped_funcs(r, &funcs);
	superseded(r, &names, &ids);
	for (size_t i = 0; i < r->nr_bases; i++) {
		char *pair;

		if (!base_depended_on(&r->bases[i]))
			continue;
		pair = xasprintf("%s=%s", r->bases[i].ident, r->bases[i].identity);
		str_append_word(&built_on, pair);
		free(pair);
	}
	if (version)
		modinfo(out, "version", version);
	modinfo(out, "klp_functions", s = words(&funcs));
	free(s);
	modinfo(out, "klp_supersedes", s = words(&names));
	free(s);
	modinfo(out, "klp_dropped", s = words(&dropped));
	free(s);
	/* klp-manage: which builds this is, was built on, and supersedes */
	modinfo(out, "klp_identity", r->identity);
	modinfo(out, "klp_built_on", built_on);
	modinfo(out, "klp_previous_ids", s = words(&ids));
	free(s);
	free(built_on);
	strlist_free(&dropped);
	strlist_free(&names);
	strlist_free(&ids);
	strlist_free(&funcs);
}

/*
 * A namespaced export the patched code uses must be imported, as the
 * unit's own MODULE_IMPORT_NS does (and built-in code need not): modpost
 * and the loader refuse the module otherwise.  The engine names them.
 */
static void put_namespaces(char **out, const struct kpb_results *r)
{
	struct strlist seen = { 0 };

	for (size_t i = 0; i < r->nr_units; i++) {
		const struct strlist *ns = &r->units[i].report.namespaces;

		for (size_t k = 0; r->units[i].status == EXIT_OK && k < ns->nr; k++) {
			if (strlist_has(&seen, ns->v[k]))
				continue;
			strlist_add(&seen, ns->v[k]);
			modinfo(out, "import_ns", ns->v[k]);
		}
	}
	strlist_free(&seen);
}

/* moddir/facts.o, from moddir/facts.s. */
char *write_facts(const struct kpb_build *b, const struct kpb_results *r, const char *version,
		  const char *moddir)
{
	char *text = xstrdup("# Written by kpatch-build: what the module says about itself.\n");
	char *src = xasprintf("%s/facts.s", moddir), *obj = xasprintf("%s/facts.o", moddir);
	char *argv[] = { b->cc, "-c", "-o", obj, src, NULL };

	put_release(&text, r, version);
	put_states(&text, r);
	put_bases(&text, r);
	put_identity(&text, r->identity);
	put_build_ids(&text, put_name, b, r);
	put_namespaces(&text, r);
	/* as every compiled object says: no executable stack (ld warns otherwise) */
	str_appendf(&text, "\t.section .note.GNU-stack,\"\",%%progbits\n");
	write_file(src, text, strlen(text));
	if (run_argv(NULL, argv))
		fail(EXIT_ERROR, "cannot assemble %s", src);
	free(text);
	free(src);
	return obj;
}
