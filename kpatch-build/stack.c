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
#include <xxhash.h>

#include "kpatch-build.h"

char *ident_of(const char *name)
{
	char *id = xstrdup(name);

	for (char *p = id; *p; p++)
		if (*p == '-')
			*p = '_';
	return id;
}

void add_base(const char *ko)
{
	kpb->bases = xrealloc(kpb->bases, (kpb->nr_bases + 1) * sizeof(*kpb->bases));
	memset(&kpb->bases[kpb->nr_bases], 0, sizeof(*kpb->bases));
	kpb->bases[kpb->nr_bases++].ko = xstrdup(ko);
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

/* A base's patches, found next to its module and checked against its hashes. */
static void find_base_patches(struct kpb_base *b)
{
	json_object *list = get(b->manifest, "patches");
	char *copy = xstrdup(b->ko), *dir = dirname(copy);

	b->nr_patches = json_object_array_length(list);
	b->patches = xcalloc(b->nr_patches, sizeof(*b->patches));
	for (size_t i = 0; i < b->nr_patches; i++) {
		json_object *p = json_object_array_get_idx(list, i);
		const char *file = json_object_get_string(get(p, "file"));
		const char *want = json_object_get_string(get(p, "hash"));
		size_t size;
		char *path = xasprintf("%s/%s", dir, file), *text = read_file(path, &size);
		XXH128_hash_t h;
		char have[64];

		if (!text)
			fail(EXIT_BAD_INPUT, "%s was built from %s: put that patch next to the module (%s)",
			     b->ko, file, path);
		h = XXH3_128bits(text, size);
		snprintf(have, sizeof(have), "xxh128:%016llx%016llx",
			 (unsigned long long)h.high64, (unsigned long long)h.low64);
		if (strcmp(have, want))
			fail(EXIT_BAD_INPUT, "%s is not the %s that %s was built from (hash %s, expected %s)",
			     path, file, b->ko, have, want);
		b->patches[i].path = path;
		read_patch_files(&b->patches[i]);
		free(text);
	}
	free(copy);
}

void load_bases(void)
{
	for (size_t i = 0; i < kpb->nr_bases; i++) {
		struct kpb_base *b = &kpb->bases[i];
		size_t size;
		char *text = elf_section(b->ko, ".klp.manifest", &size);

		if (!text || !(b->manifest = json_tokener_parse(text)))
			fail(EXIT_BAD_INPUT, "%s has no manifest: only modules built by kpatch-build can be bases",
			     b->ko);
		if (strcmp(json_object_get_string(get(get(b->manifest, "kernel"), "release")),
			   kpb->release))
			fail(EXIT_BAD_INPUT, "%s is for Linux %s, this build for %s", b->ko,
			     json_object_get_string(get(get(b->manifest, "kernel"), "release")),
			     kpb->release);
		if (!strcmp(json_object_get_string(get(b->manifest, "mode")), "replace"))
			fail(EXIT_BAD_INPUT, "%s is a replace (cumulative) patch: build a new cumulative "
			     "patch instead of stacking on it", b->ko);
		b->name = xstrdup(json_object_get_string(get(b->manifest, "name")));
		b->ident = ident_of(b->name);
		find_base_patches(b);
		free(text);
	}
}

/* Whether the base replaces function name of objname. */
static bool base_replaces(const struct kpb_base *b, const char *objname, const char *name)
{
	json_object *funcs = get(get(get(b->manifest, "objects"), objname), "functions");

	for (size_t i = 0; funcs && i < json_object_array_length(funcs); i++)
		if (!strcmp(json_object_get_string(get(json_object_array_get_idx(funcs, i), "name")),
			    name))
			return true;
	return false;
}

/* Overlap: this patch changes a function a base replaces (its version includes the base's). */
void classify_against_bases(void)
{
	for (size_t i = 0; i < kpb->nr_bases; i++) {
		struct kpb_base *b = &kpb->bases[i];
		char *why = NULL, *more;

		for (size_t u = 0; u < kpb->nr_units; u++) {
			char *copy = xstrdup(kpb->units[u].changed ? kpb->units[u].changed : "");
			char *line, *save = NULL;

			for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
				if (!str_starts(line, "changed: ") ||
				    !base_replaces(b, kpb->units[u].objname, line + 9))
					continue;
				more = xasprintf("%s%s%s", why ? why : "overlap: ", why ? ", " : "", line + 9);
				free(why);
				why = more;
			}
			free(copy);
		}
		b->relation = why ? why : xstrdup("independent");
		fprintf(stderr, "%s: %s: %s%s\n", progname, b->name,
			why ? "dependent, " : "", b->relation);
	}
}

static bool depends_on(const struct kpb_base *b)
{
	return b->relation && strcmp(b->relation, "independent");
}

/* bases.h for the template: KLP_BASES(X) names each base this patch depends on. */
void write_bases_header(const char *moddir)
{
	char *path = xasprintf("%s/bases.h", moddir), *text = xstrdup("#define KLP_BASES(X)"), *more;

	for (size_t i = 0; i < kpb->nr_bases; i++) {
		if (!depends_on(&kpb->bases[i]))
			continue;
		more = xasprintf("%s X(%s)", text, kpb->bases[i].ident);
		free(text);
		text = more;
	}
	more = xasprintf("/* Written by kpatch-build: the livepatches this one is built on. */\n%s\n", text);
	write_file(path, more, strlen(more));
	free(more);
	free(text);
	free(path);
}

/* Module.symvers lines for what the bases export to dependents, or NULL. */
char *bases_symvers(void)
{
	char *path = NULL, *text = xstrdup(""), *more;

	for (size_t i = 0; i < kpb->nr_bases; i++) {
		char *mod;

		if (!depends_on(&kpb->bases[i]))
			continue;
		mod = xstrdup(kpb->bases[i].ko);
		mod[strlen(mod) - 3] = '\0';
		more = xasprintf("%s0x00000000\tklp_patch_enabled_%s\t%s\tEXPORT_SYMBOL_GPL\t\n", text,
				 kpb->bases[i].ident, mod);
		free(text);
		text = more;
		free(mod);
	}
	if (*text) {
		path = xasprintf("%s/bases.symvers", kpb->workdir);
		write_file(path, text, strlen(text));
	}
	free(text);
	return path;
}

void *bases_to_json(void)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < kpb->nr_bases; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name", json_object_new_string(kpb->bases[i].name));
		json_object_object_add(o, "relation", json_object_new_string(kpb->bases[i].relation ?
									 kpb->bases[i].relation : ""));
		json_object_array_add(a, o);
	}
	return a;
}
