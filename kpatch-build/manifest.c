// SPDX-License-Identifier: GPL-2.0
/*
 * The manifest: what a livepatch module is, readable without loading it.
 * A JSON document in the module's section .klp.manifest: name, mode, the
 * kernel it is for, the patches it was built from, per object the functions
 * it replaces (with a hash of the new code) and adds, its dependencies.
 * kpatch-build --info prints it.
 */
#include <json-c/json.h>
#include <string.h>
#include <xxhash.h>

#include "elf.h"
#include "klp-meta.h"
#include "kpatch-build.h"

#define MANIFEST_SECTION ".klp.manifest"

static json_object *str(const char *s)
{
	return json_object_new_string(s ? s : "");
}

char *content_hash(const void *data, size_t size)
{
	XXH128_hash_t h = XXH3_128bits(data, size);

	return xasprintf("xxh128:%016llx%016llx", (unsigned long long)h.high64,
			 (unsigned long long)h.low64);
}

/* NT_GNU_BUILD_ID among the notes (vmlinux keeps them in .notes). */
static char *build_id(const char *vmlinux)
{
	size_t size = 0, off = 0;
	unsigned char *notes = (unsigned char *)elf_section(vmlinux, ".notes", &size);
	char *hex = NULL;

	if (!notes)
		notes = (unsigned char *)elf_section(vmlinux, ".note.gnu.build-id", &size);
	while (notes && !hex && off + sizeof(Elf64_Nhdr) <= size) {
		Elf64_Nhdr n;
		size_t name = off + sizeof(n), desc;

		memcpy(&n, notes + off, sizeof(n));
		desc = name + ((n.n_namesz + 3) & ~3u);
		if (desc + n.n_descsz > size)
			break;
		if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 &&
		    !memcmp(notes + name, "GNU", 4)) {
			char *p = hex = xcalloc(1, 2 * n.n_descsz + 1);

			for (size_t i = 0; i < n.n_descsz; i++)
				p += sprintf(p, "%02x", notes[desc + i]);
		}
		off = desc + ((n.n_descsz + 3) & ~3u);
	}
	free(notes);
	return hex ? hex : xstrdup("");
}

static json_object *patches(void)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < kpb->nr_patches; i++) {
		json_object *o = json_object_new_object();
		size_t size;
		char *text = read_file(kpb->patches[i].path, &size), *h = content_hash(text, size);
		const char *base = strrchr(kpb->patches[i].path, '/');

		json_object_object_add(o, "file", str(base ? base + 1 : kpb->patches[i].path));
		json_object_object_add(o, "hash", str(h));
		json_object_array_add(a, o);
		free(h);
		free(text);
	}
	return a;
}

/* The object entry of objname in objects, created on first use. */
static json_object *object(json_object *objects, const char *objname)
{
	json_object *o;

	if (json_object_object_get_ex(objects, objname, &o))
		return o;
	o = json_object_new_object();
	json_object_object_add(o, "functions", json_object_new_array());
	json_object_object_add(o, "new_functions", json_object_new_array());
	json_object_object_add(objects, objname, o);
	return o;
}

static const char *string_at(const struct reloc *r)
{
	if (!r || !r->sym->sec || !r->sym->sec->data)
		return "";
	return (const char *)r->sym->sec->data + r->sym->value + r->addend;
}

static const struct reloc *reloc_at(const struct section *sec, unsigned long off)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(sec, off, off + 1, &nr);

	return nr ? r : NULL;
}

/* The replaced functions, from the metadata the template consumes. */
static void add_replaced(struct elf *ko, json_object *objects)
{
	struct section *funcs = elf_find_section(ko, KLP_META_FUNCS);

	for (size_t off = 0; funcs && funcs->data && off + 32 <= funcs->size; off += 32) {
		const struct reloc *fn = reloc_at(funcs, off);
		struct klp_meta_func entry;
		json_object *f = json_object_new_object(), *arr;
		char *h = NULL;

		memcpy(&entry, funcs->data + off, sizeof(entry));
		if (fn && fn->sym->sec && fn->sym->sec->data)
			h = content_hash(fn->sym->sec->data + fn->sym->value, fn->sym->size);
		json_object_object_add(f, "name", str(string_at(reloc_at(funcs, off + 8))));
		json_object_object_add(f, "sympos", json_object_new_int64(entry.sympos));
		json_object_object_add(f, "hash", str(h));
		json_object_object_get_ex(object(objects, string_at(reloc_at(funcs, off + 16))),
					  "functions", &arr);
		json_object_array_add(arr, f);
		free(h);
	}
}

/* New functions, from what create-diff-object printed per unit. */
static void add_new(json_object *objects)
{
	for (size_t i = 0; i < kpb->nr_units; i++) {
		char *copy = xstrdup(kpb->units[i].changed ? kpb->units[i].changed : "");
		char *line, *save = NULL;
		json_object *arr;

		for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			if (!str_starts(line, "new: "))
				continue;
			json_object_object_get_ex(object(objects, kpb->units[i].objname),
						  "new_functions", &arr);
			json_object_array_add(arr, str(line + 5));
		}
		free(copy);
	}
}

/* The shadow variable ids the code uses, as create-diff-object found them. */
json_object *shadow_ids(void)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < kpb->nr_units; i++) {
		char *copy = xstrdup(kpb->units[i].changed ? kpb->units[i].changed : "");
		char *line, *save = NULL;

		for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			bool seen = false;

			if (!str_starts(line, "shadow: "))
				continue;
			for (size_t k = 0; k < json_object_array_length(a); k++)
				seen |= !strcmp(json_object_get_string(json_object_array_get_idx(a, k)),
						line + 8);
			if (!seen)
				json_object_array_add(a, str(line + 8));
		}
		free(copy);
	}
	return a;
}

void embed_manifest(struct elf *ko)
{
	json_object *m = json_object_new_object(), *kernel = json_object_new_object();
	json_object *objects = json_object_new_object();
	char *id = build_id(kpb->vmlinux);
	const char *text;

	json_object_object_add(m, "format", json_object_new_int(1));
	json_object_object_add(m, "name", str(kpb->name));
	json_object_object_add(m, "mode", str(kpb->replace ? "replace" : "stacked"));
	json_object_object_add(kernel, "release", str(kpb->release));
	json_object_object_add(kernel, "build_id", str(id));
	json_object_object_add(m, "kernel", kernel);
	json_object_object_add(m, "patches", patches());
	add_replaced(ko, objects);
	add_new(objects);
	json_object_object_add(m, "objects", objects);
	json_object_object_add(m, "shadow_ids", shadow_ids());
	json_object_object_add(m, "states", json_object_new_array());
	json_object_object_add(m, "bases", bases_to_json());
	text = json_object_to_json_string_ext(m, JSON_C_TO_STRING_PRETTY);
	elf_create_section(ko, MANIFEST_SECTION, SHT_PROGBITS, 0, 1, 0, text, strlen(text) + 1);
	json_object_put(m);
	free(id);
}

static void print_functions(json_object *list, const char *label)
{
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *f = json_object_array_get_idx(list, i), *v;

		if (json_object_is_type(f, json_type_string)) {
			printf("    %s %s\n", label, json_object_get_string(f));
			continue;
		}
		json_object_object_get_ex(f, "name", &v);
		printf("    %s %s", label, json_object_get_string(v));
		json_object_object_get_ex(f, "sympos", &v);
		printf(",%d", json_object_get_int(v));
		json_object_object_get_ex(f, "hash", &v);
		printf("  %s\n", json_object_get_string(v));
	}
}

static void print_text(json_object *m)
{
	json_object *v, *k;

	json_object_object_get_ex(m, "name", &v);
	printf("name:    %s\n", json_object_get_string(v));
	json_object_object_get_ex(m, "mode", &v);
	printf("mode:    %s\n", json_object_get_string(v));
	json_object_object_get_ex(m, "kernel", &k);
	json_object_object_get_ex(k, "release", &v);
	printf("kernel:  %s", json_object_get_string(v));
	json_object_object_get_ex(k, "build_id", &v);
	printf(" (build id %s)\n", json_object_get_string(v));
	json_object_object_get_ex(m, "patches", &v);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *p = json_object_array_get_idx(v, i), *f, *h;

		json_object_object_get_ex(p, "file", &f);
		json_object_object_get_ex(p, "hash", &h);
		printf("patch %zu: %s  %s\n", i + 1, json_object_get_string(f), json_object_get_string(h));
	}
	json_object_object_get_ex(m, "shadow_ids", &v);
	if (v && json_object_array_length(v))
		printf("shadow variable ids: %s\n", json_object_to_json_string(v));
	json_object_object_get_ex(m, "bases", &v);
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *b = json_object_array_get_idx(v, i), *n, *r;

		json_object_object_get_ex(b, "name", &n);
		json_object_object_get_ex(b, "relation", &r);
		printf("base:    %s (%s)\n", json_object_get_string(n), json_object_get_string(r));
	}
	json_object_object_get_ex(m, "objects", &v);
	json_object_object_foreach(v, objname, obj) {
		json_object *list;

		printf("object %s:\n", objname);
		json_object_object_get_ex(obj, "functions", &list);
		print_functions(list, "replaces");
		json_object_object_get_ex(obj, "new_functions", &list);
		print_functions(list, "adds");
	}
}

int print_info(const char *path, bool json)
{
	size_t size;
	char *text = elf_section(path, MANIFEST_SECTION, &size);
	json_object *m;

	if (!text) {
		fprintf(stderr, "%s: %s has no %s section: not built by kpatch-build\n", progname,
			path, MANIFEST_SECTION);
		return EXIT_BAD_INPUT;
	}
	m = json_tokener_parse(text);
	if (!m) {
		fprintf(stderr, "%s: %s: the manifest is not valid JSON\n", progname, path);
		free(text);
		return EXIT_BAD_INPUT;
	}
	if (json)
		printf("%s\n", json_object_to_json_string_ext(m, JSON_C_TO_STRING_PRETTY));
	else
		print_text(m);
	json_object_put(m);
	free(text);
	return EXIT_OK;
}
