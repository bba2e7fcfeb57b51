// SPDX-License-Identifier: GPL-2.0
/*
 * The manifest of this build: what the livepatch module is, readable
 * without loading it, in its section .klp.manifest: name, mode, version,
 * the kernel it is for, the patches it was built from (with their series
 * groups), per object the functions it replaces (with a hash of the new
 * code) and the functions and data it adds, its shadow variable ids and
 * klp_states, its bases, the releases it supersedes, and its identity (the
 * hash of the rest).  kpatch-build --info prints one.  The type and its
 * JSON are manifest.h and manifest-json.c.
 */
#include <json-c/json.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "context.h"
#include "files.h"
#include "elf.h"
#include "identity.h"
#include "manifest.h"
#include "release.h"
#include "series.h"
#include "states.h"

/* The functions the module replaces, as the engine reported them per unit. */
void read_replaced(struct kpb_results *results)
{
	for (size_t u = 0; u < results->nr_units; u++) {
		const struct engine_report *r = &results->units[u].report;

		if (results->units[u].status != EXIT_OK)
			continue;
		for (size_t i = 0; i < r->nr_replaced; i++) {
			GROW(results->funcs, results->alloc_funcs, results->nr_funcs);
			results->funcs[results->nr_funcs++] = (struct kpb_func){
				.objname = xstrdup(results->units[u].objname),
				.name = xstrdup(r->replaced[i].name),
				.sympos = r->replaced[i].sympos,
				.hash = xstrdup(r->replaced[i].hash),
			};
		}
	}
}

/* The bases as the manifest records them (a failure before one was read: the module as given). */
static void bases_into(const struct kpb_results *r, struct manifest *m)
{
	for (size_t i = 0; i < r->nr_bases; i++) {
		const struct kpb_base *b = &r->bases[i];

		manifest_add_base(m, b->name ? b->name : b->ko, b->relation ? b->relation : "",
				  b->identity);
	}
}

static void put_patches(const struct kpb_options *o, struct manifest *m)
{
	for (size_t i = 0; i < o->nr_patches; i++)
		manifest_add_patch(m, o->patches[i].name, o->patches[i].hash,
				   patch_label(o, &o->patches[i]));
	for (size_t i = 0; i < o->nr_groups; i++) {
		struct manifest_group *g = manifest_add_group(m, o->groups[i].kind,
							      o->groups[i].label);

		for (size_t k = 0; k < o->nr_patches; k++)
			if (o->patches[k].group == (int)i)
				strlist_add(&g->patches, o->patches[k].name);
	}
}

/* Per object: what it replaces, then what the units add to it. */
static void put_objects(const struct kpb_results *r, struct manifest *m)
{
	for (size_t i = 0; i < r->nr_funcs; i++)
		manifest_add_func(manifest_object(m, r->funcs[i].objname), r->funcs[i].name,
				  r->funcs[i].sympos, r->funcs[i].hash);
	for (size_t i = 0; i < r->nr_units; i++) {
		const struct unit *u = &r->units[i];
		struct manifest_object *obj;

		if (u->status != EXIT_OK)
			continue;
		obj = manifest_object(m, u->objname);
		for (size_t k = 0; k < u->report.nr_funcs; k++)
			if (u->report.funcs[k].is_new)
				strlist_add(&obj->new_functions, u->report.funcs[k].name);
		for (size_t k = 0; k < u->report.data.nr; k++)
			strlist_add(&obj->new_data, u->report.data.v[k]);
	}
}

/* The manifest, complete once the objects are compared; sets r->identity. */
json_object *seal_manifest(const struct kpb_options *o, const struct kpb_build *b,
			   struct kpb_results *r)
{
	struct manifest m = {
		.name = xstrdup(o->name),
		.replace = o->replace,
		.version = o->version ? xstrdup(o->version) : NULL,
		.release = xstrdup(b->release),
		.build_id = build_id_hex(b->vmlinux),
	};
	json_object *manifest;

	put_patches(o, &m);
	put_objects(r, &m);
	shadow_ids(r, &m.shadow_ids);
	states_into(r, &m);
	bases_into(r, &m);
	previous_into(r, &m);
	for (size_t i = 0; i < r->dropped.nr; i++)
		strlist_add(&m.dropped, r->dropped.v[i]);
	manifest = manifest_to_json(&m);
	r->identity = manifest_identity(manifest);
	json_object_object_add(manifest, "identity", json_object_new_string(r->identity));
	manifest_free(&m);
	return manifest;
}

void embed_manifest(struct elf *ko, json_object *manifest)
{
	const char *text = json_object_to_json_string_ext(manifest, JSON_C_TO_STRING_PRETTY);

	elf_create_section(ko, MANIFEST_SECTION, SHT_PROGBITS, 0, 1, 0, text, strlen(text) + 1);
	json_object_put(manifest);
}

static void print_object(FILE *f, const struct manifest_object *o)
{
	fprintf(f, "object %s:\n", o->objname);
	for (size_t i = 0; i < o->nr_funcs; i++)
		fprintf(f, "    replaces %s,%lu  %s\n", o->funcs[i].name, o->funcs[i].sympos,
		       o->funcs[i].hash);
	for (size_t i = 0; i < o->new_functions.nr; i++)
		fprintf(f, "    adds %s\n", o->new_functions.v[i]);
	for (size_t i = 0; i < o->new_data.nr; i++)
		fprintf(f, "    adds data %s\n", o->new_data.v[i]);
}

/* "series: base official-v5 + addition hotfix-123" */
static void print_series(FILE *f, const struct manifest *m)
{
	if (!m->nr_groups)
		return;
	fprintf(f, "series: ");
	for (size_t i = 0; i < m->nr_groups; i++)
		fprintf(f, "%s%s %s", i ? " + " : "", m->groups[i].kind, m->groups[i].label);
	fprintf(f, "\n");
}

static void print_relations(FILE *f, const struct manifest *m)
{
	if (m->shadow_ids.nr) {
		fprintf(f, "shadow variable ids: [");
		for (size_t i = 0; i < m->shadow_ids.nr; i++)
			fprintf(f, "%s\"%s\"", i ? ", " : " ", m->shadow_ids.v[i]);
		fprintf(f, " ]\n");
	}
	for (size_t i = 0; i < m->nr_bases; i++)
		fprintf(f, "base:    %s (%s)\n", m->bases[i].name, m->bases[i].relation);
	for (size_t i = 0; i < m->nr_supersedes; i++) {
		fprintf(f, "supersedes: %s", m->supersedes[i].name);
		if (m->supersedes[i].hotfix)
			fprintf(f, " (hot fix, %s)", m->supersedes[i].hotfix);
		fprintf(f, "\n");
	}
	for (size_t i = 0; i < m->dropped.nr; i++)
		fprintf(f, "drops:   %s (back to the original)\n", m->dropped.v[i]);
}

static void print_text(FILE *f, const struct manifest *m)
{
	fprintf(f, "name:    %s\n", m->name);
	fprintf(f, "mode:    %s\n", m->replace ? "replace" : "stacked");
	if (m->version)
		fprintf(f, "version: %s\n", m->version);
	if (m->identity)
		fprintf(f, "identity: %s\n", m->identity);
	fprintf(f, "kernel:  %s (build id %s)\n", m->release, m->build_id ? m->build_id : "");
	for (size_t i = 0; i < m->nr_patches; i++) {
		fprintf(f, "patch %zu: %s  %s", i + 1, m->patches[i].file, m->patches[i].hash);
		if (m->patches[i].group)
			fprintf(f, "  (%s)", m->patches[i].group);
		fprintf(f, "\n");
	}
	print_series(f, m);
	for (size_t i = 0; i < m->nr_states; i++)
		fprintf(f, "state:   %lu version %lu (%s)\n", m->states[i].id, m->states[i].version,
		       m->states[i].from);
	print_relations(f, m);
	for (size_t i = 0; i < m->nr_objects; i++)
		print_object(f, &m->objects[i]);
}

/* Text from a module someone else built: control characters shown, never obeyed by the terminal. */
static void put_escaped(const char *text, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		unsigned char c = text[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

int print_info(const char *path, bool json, char **why)
{
	size_t size;
	char *text = elf_file_section(path, MANIFEST_SECTION, &size), *err, *out = NULL;
	struct manifest m = { 0 };
	FILE *f;

	if (!text) {
		const char *irregular = not_regular_file(path);

		*why = irregular ? xasprintf("%s: %s", path, irregular)
				 : xasprintf("%s has no %s section: not built by kpatch-build", path,
					     MANIFEST_SECTION);
		return EXIT_BAD_INPUT;
	}
	err = manifest_parse(text, &m);
	if (err) {
		*why = xasprintf("%s: the manifest cannot be read: %s", path, err);
		free(err);
		free(text);
		return EXIT_BAD_INPUT;
	}
	f = open_memstream(&out, &size);
	if (!f)
		die("out of memory");
	if (json) {
		json_object *j = manifest_to_json(&m);

		fprintf(f, "%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY));
		json_object_put(j);
	} else {
		print_text(f, &m);
	}
	fclose(f);
	put_escaped(out, size);
	free(out);
	manifest_free(&m);
	free(text);
	return EXIT_OK;
}
