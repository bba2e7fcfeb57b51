// SPDX-License-Identifier: GPL-2.0
/*
 * The manifest: what a livepatch module is, readable without loading it.
 * A JSON document in the module's section .klp.manifest: name, mode,
 * version, the kernel it is for, the patches it was built from (with their
 * series groups), per object the functions it replaces (with a hash of the
 * new code) and the functions and data it adds, its shadow variable ids and
 * klp_states, its bases, the releases it supersedes, and its identity (the
 * hash of the rest).  kpatch-build --info
 * prints it.
 */
#include <json-c/json.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
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

static json_object *series(void)
{
	json_object *s = json_object_new_object(), *groups = json_object_new_array();

	for (size_t i = 0; i < kpb->nr_groups; i++) {
		json_object *g = json_object_new_object(), *files = json_object_new_array();

		json_object_object_add(g, "kind", str(kpb->groups[i].kind));
		json_object_object_add(g, "label", str(kpb->groups[i].label));
		for (size_t k = 0; k < kpb->nr_patches; k++)
			if (kpb->patches[k].group == (int)i)
				json_object_array_add(files, str(kpb->patches[k].name));
		json_object_object_add(g, "patches", files);
		json_object_array_add(groups, g);
	}
	json_object_object_add(s, "groups", groups);
	return s;
}

static json_object *patches(void)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < kpb->nr_patches; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "file", str(kpb->patches[i].name));
		json_object_object_add(o, "hash", str(kpb->patches[i].hash));
		if (patch_label(&kpb->patches[i]))
			json_object_object_add(o, "group", str(patch_label(&kpb->patches[i])));
		json_object_array_add(a, o);
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
	json_object_object_add(o, "new_data", json_object_new_array());
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

static void hash_string(XXH3_state_t *st, const char *s)
{
	XXH3_128bits_update(st, s, strlen(s) + 1);
}

/*
 * What a relocation refers to, by name or content rather than by offset:
 * where a string or a datum lands in the output depends on what else the
 * unit carries.
 */
static void hash_target(XXH3_state_t *st, const struct reloc *r)
{
	const struct symbol *sym = r->sym;
	long off = r->addend + (reloc_is_pcrel(r->type) ? 4 : 0);
	const struct symbol *in;
	char buf[32];

	if (sym->type == STT_SECTION && sym->sec && is_string_section(sym->sec) && sym->sec->data &&
	    off >= 0 && (unsigned long)off < sym->sec->size) {
		hash_string(st, "string");
		hash_string(st, (const char *)sym->sec->data + off);
		return;
	}
	if (sym->type == STT_SECTION && sym->sec && (in = elf_symbol_at(sym->sec, off))) {
		hash_string(st, in->name);
		off -= in->value;
	} else {
		hash_string(st, sym->type == STT_SECTION && sym->sec ? sym->sec->name : sym->name);
		off = r->addend;
	}
	snprintf(buf, sizeof(buf), "%ld", off);
	hash_string(st, buf);
}

/* The new code of a function and everything its relocations refer to. */
static char *code_hash(const struct symbol *fn)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h;
	size_t nr = 0;
	struct reloc *r = NULL;

	XXH3_128bits_reset(st);
	if (fn->sec && fn->sec->data) {
		XXH3_128bits_update(st, fn->sec->data + fn->value, fn->size);
		r = elf_relocs_in(fn->sec, fn->value, fn->value + fn->size, &nr);
	}
	for (size_t i = 0; i < nr; i++) {
		unsigned long where[2] = { r[i].offset - fn->value, r[i].type };

		XXH3_128bits_update(st, where, sizeof(where));
		hash_target(st, &r[i]);
	}
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return xasprintf("xxh128:%016llx%016llx", (unsigned long long)h.high64,
			 (unsigned long long)h.low64);
}

/* The functions the module replaces, from each diff output's metadata. */
void read_replaced(void)
{
	for (size_t u = 0; u < kpb->nr_units; u++) {
		struct elf *elf;
		struct section *funcs;

		if (kpb->units[u].status != EXIT_OK)
			continue;
		elf = elf_load(kpb->units[u].output);
		funcs = elf_find_section(elf, KLP_META_FUNCS);
		for (size_t off = 0; funcs && funcs->data && off + 32 <= funcs->size; off += 32) {
			const struct reloc *fn = reloc_at(funcs, off);
			struct klp_meta_func entry;
			struct kpb_func *f;

			memcpy(&entry, funcs->data + off, sizeof(entry));
			kpb->funcs = xrealloc(kpb->funcs, (kpb->nr_funcs + 1) * sizeof(*kpb->funcs));
			f = &kpb->funcs[kpb->nr_funcs++];
			f->name = xstrdup(string_at(reloc_at(funcs, off + 8)));
			f->objname = xstrdup(string_at(reloc_at(funcs, off + 16)));
			f->sympos = entry.sympos;
			f->hash = fn ? code_hash(fn->sym) : xstrdup("");
		}
		elf_free(elf);
	}
}

static void add_replaced(json_object *objects)
{
	for (size_t i = 0; i < kpb->nr_funcs; i++) {
		json_object *f = json_object_new_object(), *arr;

		json_object_object_add(f, "name", str(kpb->funcs[i].name));
		json_object_object_add(f, "sympos", json_object_new_int64(kpb->funcs[i].sympos));
		json_object_object_add(f, "hash", str(kpb->funcs[i].hash));
		json_object_object_get_ex(object(objects, kpb->funcs[i].objname), "functions", &arr);
		json_object_array_add(arr, f);
	}
}

/* New functions and data, as create-diff-object reported them per unit. */
static void add_new(json_object *objects)
{
	for (size_t i = 0; i < kpb->nr_units; i++) {
		const struct unit *u = &kpb->units[i];
		json_object *obj, *arr;

		if (u->status != EXIT_OK)
			continue;
		obj = object(objects, u->objname);
		json_object_object_get_ex(obj, "new_functions", &arr);
		for (size_t k = 0; k < u->added.nr; k++)
			json_object_array_add(arr, str(u->added.v[k]));
		json_object_object_get_ex(obj, "new_data", &arr);
		for (size_t k = 0; k < u->data.nr; k++)
			json_object_array_add(arr, str(u->data.v[k]));
	}
}

/* The shadow variable ids the code uses, as create-diff-object found them. */
void shadow_ids(struct strlist *ids)
{
	for (size_t i = 0; i < kpb->nr_units; i++)
		for (size_t k = 0; k < kpb->units[i].shadow.nr; k++)
			if (kpb->units[i].status == EXIT_OK &&
			    !strlist_has(ids, kpb->units[i].shadow.v[k]))
				strlist_add(ids, kpb->units[i].shadow.v[k]);
}

/*
 * A module's identity: the hash of its manifest without the identity
 * itself.  It names one build of one set of patches for one kernel: a
 * stacked patch records its bases' and checks them at load.
 */
char *manifest_identity(json_object *manifest)
{
	json_object *copy = NULL;
	const char *text;
	char *id;

	if (json_object_deep_copy(manifest, &copy, NULL))
		fail(EXIT_ERROR, "out of memory copying a manifest");
	json_object_object_del(copy, "identity");
	text = json_object_to_json_string_ext(copy, JSON_C_TO_STRING_PLAIN);
	id = content_hash(text, strlen(text));
	json_object_put(copy);
	return id;
}

static json_object *manifest;

/* The manifest, complete once the objects are compared; sets kpb->identity. */
void seal_manifest(void)
{
	json_object *m = json_object_new_object(), *kernel = json_object_new_object();
	json_object *objects = json_object_new_object();
	struct strlist shadow = { 0 };
	char *id = build_id_hex(kpb->vmlinux);

	json_object_object_add(m, "format", json_object_new_int(1));
	json_object_object_add(m, "name", str(kpb->name));
	json_object_object_add(m, "mode", str(kpb->replace ? "replace" : "stacked"));
	if (kpb->version)
		json_object_object_add(m, "version", str(kpb->version));
	json_object_object_add(kernel, "release", str(kpb->release));
	json_object_object_add(kernel, "build_id", str(id));
	json_object_object_add(m, "kernel", kernel);
	json_object_object_add(m, "patches", patches());
	if (kpb->nr_groups)
		json_object_object_add(m, "series", series());
	add_replaced(objects);
	add_new(objects);
	json_object_object_add(m, "objects", objects);
	shadow_ids(&shadow);
	json_object_object_add(m, "shadow_ids", strlist_to_json(&shadow));
	json_object_object_add(m, "states", states_to_json());
	json_object_object_add(m, "bases", bases_to_json());
	json_object_object_add(m, "supersedes", previous_to_json());
	json_object_object_add(m, "dropped", strlist_to_json(&kpb->dropped));
	kpb->identity = manifest_identity(m);
	json_object_object_add(m, "identity", str(kpb->identity));
	manifest = m;
	strlist_free(&shadow);
	free(id);
}

void embed_manifest(struct elf *ko)
{
	const char *text = json_object_to_json_string_ext(manifest, JSON_C_TO_STRING_PRETTY);

	elf_create_section(ko, MANIFEST_SECTION, SHT_PROGBITS, 0, 1, 0, text, strlen(text) + 1);
	json_object_put(manifest);
	manifest = NULL;
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

/* "series: base official-v5 + addition hotfix-123" */
static void print_series(json_object *m)
{
	json_object *s, *groups;

	if (!json_object_object_get_ex(m, "series", &s) ||
	    !json_object_object_get_ex(s, "groups", &groups))
		return;
	printf("series: ");
	for (size_t i = 0; i < json_object_array_length(groups); i++) {
		json_object *g = json_object_array_get_idx(groups, i), *kind, *label;

		json_object_object_get_ex(g, "kind", &kind);
		json_object_object_get_ex(g, "label", &label);
		printf("%s%s %s", i ? " + " : "", json_object_get_string(kind),
		       json_object_get_string(label));
	}
	printf("\n");
}

static void print_states(json_object *m)
{
	json_object *list;

	if (!json_object_object_get_ex(m, "states", &list))
		return;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *s = json_object_array_get_idx(list, i), *id, *v, *from;

		json_object_object_get_ex(s, "id", &id);
		json_object_object_get_ex(s, "version", &v);
		json_object_object_get_ex(s, "from", &from);
		printf("state:   %s version %s (%s)\n", json_object_get_string(id),
		       json_object_get_string(v), json_object_get_string(from));
	}
}

static void print_text(json_object *m)
{
	json_object *v, *k;

	json_object_object_get_ex(m, "name", &v);
	printf("name:    %s\n", json_object_get_string(v));
	json_object_object_get_ex(m, "mode", &v);
	printf("mode:    %s\n", json_object_get_string(v));
	if (json_object_object_get_ex(m, "version", &v))
		printf("version: %s\n", json_object_get_string(v));
	if (json_object_object_get_ex(m, "identity", &v))
		printf("identity: %s\n", json_object_get_string(v));
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
		printf("patch %zu: %s  %s", i + 1, json_object_get_string(f), json_object_get_string(h));
		if (json_object_object_get_ex(p, "group", &f))
			printf("  (%s)", json_object_get_string(f));
		printf("\n");
	}
	print_series(m);
	print_states(m);
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
	json_object_object_get_ex(m, "supersedes", &v);
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *p = json_object_array_get_idx(v, i), *n, *r;

		json_object_object_get_ex(p, "name", &n);
		printf("supersedes: %s", json_object_get_string(n));
		if (json_object_object_get_ex(p, "hotfix", &r))
			printf(" (hot fix, %s)", json_object_get_string(r));
		printf("\n");
	}
	json_object_object_get_ex(m, "dropped", &v);
	for (size_t i = 0; v && i < json_object_array_length(v); i++)
		printf("drops:   %s (back to the original)\n",
		       json_object_get_string(json_object_array_get_idx(v, i)));
	json_object_object_get_ex(m, "objects", &v);
	json_object_object_foreach(v, objname, obj) {
		json_object *list;

		printf("object %s:\n", objname);
		json_object_object_get_ex(obj, "functions", &list);
		print_functions(list, "replaces");
		json_object_object_get_ex(obj, "new_functions", &list);
		print_functions(list, "adds");
		json_object_object_get_ex(obj, "new_data", &list);
		print_functions(list, "adds data");
	}
}

int print_info(const char *path, bool json)
{
	size_t size;
	char *text = elf_section(path, MANIFEST_SECTION, &size);
	json_object *m;

	if (!text) {
		struct stat st;
		int missing = stat(path, &st) ? errno : 0;

		if (missing || !S_ISREG(st.st_mode))
			fprintf(stderr, "%s: %s: %s\n", progname, path,
				missing ? strerror(missing) : "not a file");
		else
			fprintf(stderr, "%s: %s has no %s section: not built by kpatch-build\n",
				progname, path, MANIFEST_SECTION);
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
