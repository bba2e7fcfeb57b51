// SPDX-License-Identifier: GPL-2.0
/*
 * The manifest as JSON: its one writer and its one reader, and the only
 * place its keys are spelled.
 *
 *	{ "format": 1, "name", "mode": "replace"|"stacked", "version"?,
 *	  "kernel": { "release", "build_id" },
 *	  "patches": [ { "file", "hash", "group"? } ],
 *	  "series"?: { "groups": [ { "kind", "label", "patches": [ file ] } ] },
 *	  "objects": { OBJNAME: { "functions": [ { "name", "sympos", "hash" } ],
 *				  "new_functions": [ name ], "new_data": [ name ] } },
 *	  "shadow_ids": [ id ], "states": [ { "id", "version", "from" } ],
 *	  "bases": [ { "name", "relation", "identity"? } ],
 *	  "supersedes": [ { "name", "mode", "hotfix"? } ],
 *	  "dropped": [ "objname/name,pos" ], "identity" }
 */
#include <json-c/json.h>
#include <string.h>

#include "hash.h"
#include "manifest.h"
#include "patch-read.h"

#define MANIFEST_FORMAT 1

static json_object *str(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static json_object *strings(const struct strlist *l)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < l->nr; i++)
		json_object_array_add(a, str(l->v[i]));
	return a;
}

/* Records of up to three string members each: values in the members' order. */
struct record {
	const char *array;
	const char *keys[3];	/* the third is left out when it has no value */
	bool required[3];
	size_t (*count)(const struct manifest *m);
	void (*get)(const struct manifest *m, size_t i, const char *v[3]);
	void (*add)(struct manifest *m, char *const v[3]);
};

static size_t count_patches(const struct manifest *m)
{
	return m->nr_patches;
}

static void get_patch(const struct manifest *m, size_t i, const char *v[3])
{
	v[0] = m->patches[i].file;
	v[1] = m->patches[i].hash;
	v[2] = m->patches[i].group;
}

static size_t count_bases(const struct manifest *m)
{
	return m->nr_bases;
}

static void get_base(const struct manifest *m, size_t i, const char *v[3])
{
	v[0] = m->bases[i].name;
	v[1] = m->bases[i].relation;
	v[2] = m->bases[i].identity;
}

static size_t count_supersedes(const struct manifest *m)
{
	return m->nr_supersedes;
}

static void get_superseded(const struct manifest *m, size_t i, const char *v[3])
{
	v[0] = m->supersedes[i].name;
	v[1] = m->supersedes[i].mode;
	v[2] = m->supersedes[i].hotfix;
}

static void add_patch(struct manifest *m, char *const v[3])
{
	manifest_add_patch(m, v[0] ? v[0] : "", v[1] ? v[1] : "", v[2]);
}

static void add_base(struct manifest *m, char *const v[3])
{
	manifest_add_base(m, v[0] ? v[0] : "", v[1] ? v[1] : "", v[2]);
}

static void add_superseded(struct manifest *m, char *const v[3])
{
	manifest_add_superseded(m, v[0] ? v[0] : "", v[1] ? v[1] : "", v[2]);
}

static const struct record records[] = {
	{ "patches", { "file", "hash", "group" }, { true, true, false },
	  count_patches, get_patch, add_patch },
	{ "bases", { "name", "relation", "identity" }, { true, false, false },
	  count_bases, get_base, add_base },
	{ "supersedes", { "name", "mode", "hotfix" }, { true, false, false },
	  count_supersedes, get_superseded, add_superseded },
};

enum { PATCHES, BASES, SUPERSEDES };

static json_object *write_records(const struct manifest *m, const struct record *rec)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < rec->count(m); i++) {
		json_object *o = json_object_new_object();
		const char *v[3];

		rec->get(m, i, v);
		json_object_object_add(o, rec->keys[0], str(v[0]));
		json_object_object_add(o, rec->keys[1], str(v[1]));
		if (v[2])
			json_object_object_add(o, rec->keys[2], str(v[2]));
		json_object_array_add(a, o);
	}
	return a;
}

json_object *manifest_supersedes_json(const struct manifest *m)
{
	return write_records(m, &records[SUPERSEDES]);
}



static json_object *series(const struct manifest *m)
{
	json_object *s = json_object_new_object(), *groups = json_object_new_array();

	for (size_t i = 0; i < m->nr_groups; i++) {
		json_object *g = json_object_new_object();

		json_object_object_add(g, "kind", str(m->groups[i].kind));
		json_object_object_add(g, "label", str(m->groups[i].label));
		json_object_object_add(g, "patches", strings(&m->groups[i].patches));
		json_object_array_add(groups, g);
	}
	json_object_object_add(s, "groups", groups);
	return s;
}

static json_object *objects(const struct manifest *m)
{
	json_object *all = json_object_new_object();

	for (size_t i = 0; i < m->nr_objects; i++) {
		const struct manifest_object *obj = &m->objects[i];
		json_object *o = json_object_new_object(), *funcs = json_object_new_array();

		for (size_t k = 0; k < obj->nr_funcs; k++) {
			json_object *f = json_object_new_object();

			json_object_object_add(f, "name", str(obj->funcs[k].name));
			json_object_object_add(f, "sympos", json_object_new_int64(obj->funcs[k].sympos));
			json_object_object_add(f, "hash", str(obj->funcs[k].hash));
			json_object_array_add(funcs, f);
		}
		json_object_object_add(o, "functions", funcs);
		json_object_object_add(o, "new_functions", strings(&obj->new_functions));
		json_object_object_add(o, "new_data", strings(&obj->new_data));
		json_object_object_add(all, obj->objname, o);
	}
	return all;
}

json_object *manifest_states_json(const struct manifest *m)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < m->nr_states; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "id", json_object_new_uint64(m->states[i].id));
		json_object_object_add(o, "version", json_object_new_uint64(m->states[i].version));
		json_object_object_add(o, "from", str(m->states[i].from));
		json_object_array_add(a, o);
	}
	return a;
}

json_object *manifest_to_json(const struct manifest *m)
{
	json_object *j = json_object_new_object(), *kernel = json_object_new_object();

	json_object_object_add(j, "format", json_object_new_int(MANIFEST_FORMAT));
	json_object_object_add(j, "name", str(m->name));
	json_object_object_add(j, "mode", str(m->replace ? "replace" : "stacked"));
	if (m->version)
		json_object_object_add(j, "version", str(m->version));
	json_object_object_add(kernel, "release", str(m->release));
	json_object_object_add(kernel, "build_id", str(m->build_id));
	json_object_object_add(j, "kernel", kernel);
	json_object_object_add(j, "patches", write_records(m, &records[PATCHES]));
	if (m->nr_groups)
		json_object_object_add(j, "series", series(m));
	json_object_object_add(j, "objects", objects(m));
	json_object_object_add(j, "shadow_ids", strings(&m->shadow_ids));
	json_object_object_add(j, "states", manifest_states_json(m));
	json_object_object_add(j, "bases", write_records(m, &records[BASES]));
	json_object_object_add(j, "supersedes", write_records(m, &records[SUPERSEDES]));
	json_object_object_add(j, "dropped", strings(&m->dropped));
	if (m->identity)
		json_object_object_add(j, "identity", str(m->identity));
	return j;
}

char *manifest_identity(json_object *manifest)
{
	json_object *copy = NULL;
	const char *text;
	char *id;

	if (json_object_deep_copy(manifest, &copy, NULL))
		die("out of memory copying a manifest");
	json_object_object_del(copy, "identity");
	text = json_object_to_json_string_ext(copy, JSON_C_TO_STRING_PLAIN);
	id = content_hash(text, strlen(text));
	json_object_put(copy);
	return id;
}

/* ---- reading: each getter records the first thing wrong in *err ---- */

struct reader {
	char *err;
};

static json_object *member(struct reader *r, json_object *o, const char *key, json_type type,
			   bool required)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v) {
		if (required && !r->err)
			r->err = xasprintf("'%s' is missing", key);
		return NULL;
	}
	if (!json_object_is_type(v, type)) {
		if (!r->err)
			r->err = xasprintf("'%s' is not a %s", key, json_type_to_name(type));
		return NULL;
	}
	return v;
}

/* A string member; NULL if absent and not required. */
static char *text(struct reader *r, json_object *o, const char *key, bool required)
{
	json_object *v = member(r, o, key, json_type_string, required);

	return v ? xstrdup(json_object_get_string(v)) : NULL;
}

static unsigned long number(struct reader *r, json_object *o, const char *key)
{
	json_object *v = member(r, o, key, json_type_int, true);

	if (v && json_object_get_int64(v) < 0 && !r->err)
		r->err = xasprintf("'%s' is negative", key);
	return v ? json_object_get_uint64(v) : 0;
}

/* The elements of an array member of o, each an object (or, with strings, a string). */
static size_t elements(struct reader *r, json_object *o, const char *key, bool required,
		       json_object **array)
{
	*array = member(r, o, key, json_type_array, required);
	return *array ? json_object_array_length(*array) : 0;
}

static json_object *element(struct reader *r, json_object *array, size_t i, json_type type)
{
	json_object *e = json_object_array_get_idx(array, i);

	if (!json_object_is_type(e, type)) {
		if (!r->err)
			r->err = xasprintf("an element is not a %s", json_type_to_name(type));
		return NULL;
	}
	return e;
}

static void read_strings(struct reader *r, json_object *o, const char *key, struct strlist *l)
{
	json_object *a, *e;
	size_t n = elements(r, o, key, false, &a);

	for (size_t i = 0; i < n; i++)
		if ((e = element(r, a, i, json_type_string)))
			strlist_add(l, json_object_get_string(e));
}

static void read_records(struct reader *r, json_object *j, struct manifest *m,
			 const struct record *rec, bool required)
{
	json_object *a, *e;
	size_t n = elements(r, j, rec->array, required, &a);

	for (size_t i = 0; i < n; i++) {
		char *v[3];

		if (!(e = element(r, a, i, json_type_object)))
			continue;
		for (size_t k = 0; k < 3; k++)
			v[k] = text(r, e, rec->keys[k], rec->required[k]);
		rec->add(m, v);
		for (size_t k = 0; k < 3; k++)
			free(v[k]);
	}
}

static void read_series(struct reader *r, json_object *j, struct manifest *m)
{
	json_object *s = member(r, j, "series", json_type_object, false), *a, *e;
	size_t n = s ? elements(r, s, "groups", true, &a) : 0;

	for (size_t i = 0; i < n; i++) {
		char *kind, *label;
		struct manifest_group *g;

		if (!(e = element(r, a, i, json_type_object)))
			continue;
		kind = text(r, e, "kind", true);
		label = text(r, e, "label", true);
		g = manifest_add_group(m, kind ? kind : "", label ? label : "");
		read_strings(r, e, "patches", &g->patches);
		free(kind);
		free(label);
	}
}

static void read_objects(struct reader *r, json_object *j, struct manifest *m)
{
	json_object *all = member(r, j, "objects", json_type_object, true);

	if (!all)
		return;
	json_object_object_foreach(all, objname, o) {
		struct manifest_object *obj = manifest_object(m, objname);
		json_object *a, *e;
		size_t n;

		if (!json_object_is_type(o, json_type_object)) {
			if (!r->err)
				r->err = xasprintf("object '%s' is not an object", objname);
			continue;
		}
		n = elements(r, o, "functions", true, &a);
		for (size_t i = 0; i < n; i++) {
			char *name, *hash;
			unsigned long pos;

			if (!(e = element(r, a, i, json_type_object)))
				continue;
			name = text(r, e, "name", true);
			pos = number(r, e, "sympos");
			hash = text(r, e, "hash", true);
			manifest_add_func(obj, name ? name : "", pos, hash ? hash : "");
			free(name);
			free(hash);
		}
		read_strings(r, o, "new_functions", &obj->new_functions);
		read_strings(r, o, "new_data", &obj->new_data);
	}
}

static void read_states(struct reader *r, json_object *j, struct manifest *m)
{
	json_object *a, *e;
	size_t n = elements(r, j, "states", false, &a);

	for (size_t i = 0; i < n; i++) {
		char *from;
		unsigned long id, version;

		if (!(e = element(r, a, i, json_type_object)))
			continue;
		id = number(r, e, "id");
		version = number(r, e, "version");
		from = text(r, e, "from", false);
		manifest_add_state(m, id, version, from ? from : "");
		free(from);
	}
}

/*
 * Names from a module someone else built end up in assembler source, file
 * paths and the terminal: modules' names must be module names, patches'
 * plain file names (found next to the module).
 */
static void check_names(struct reader *r, const struct manifest *m)
{
	for (size_t i = 0; !r->err && i < m->nr_bases + m->nr_supersedes + 1; i++) {
		const char *name = !i ? m->name : i <= m->nr_bases ? m->bases[i - 1].name
						     : m->supersedes[i - 1 - m->nr_bases].name;

		if (name && !module_name_ok(name))
			r->err = xasprintf("'%s' is not a module name", name);
	}
	for (size_t i = 0; !r->err && i < m->nr_patches; i++) {
		const char *file = m->patches[i].file;

		if (file && (strchr(file, '/') || bad_path(file)))
			r->err = xasprintf("patch '%s' is not a plain file name", file);
	}
}

static void read_manifest(struct reader *r, json_object *j, struct manifest *m)
{
	json_object *kernel = member(r, j, "kernel", json_type_object, true);
	char *mode;

	if (number(r, j, "format") != MANIFEST_FORMAT && !r->err)
		r->err = xasprintf("format %lu is not %d", number(r, j, "format"), MANIFEST_FORMAT);
	m->name = text(r, j, "name", true);
	mode = text(r, j, "mode", true);
	m->replace = mode && !strcmp(mode, "replace");
	if (mode && strcmp(mode, "replace") && strcmp(mode, "stacked") && !r->err)
		r->err = xasprintf("mode '%s' is neither replace nor stacked", mode);
	free(mode);
	m->version = text(r, j, "version", false);
	if (kernel) {
		m->release = text(r, kernel, "release", true);
		m->build_id = text(r, kernel, "build_id", false);
	}
	read_records(r, j, m, &records[PATCHES], true);
	read_series(r, j, m);
	read_objects(r, j, m);
	read_strings(r, j, "shadow_ids", &m->shadow_ids);
	read_states(r, j, m);
	read_records(r, j, m, &records[BASES], false);
	read_records(r, j, m, &records[SUPERSEDES], false);
	read_strings(r, j, "dropped", &m->dropped);
	m->identity = text(r, j, "identity", false);
	check_names(r, m);
}

char *manifest_parse(const char *json, struct manifest *m)
{
	json_object *j = json_tokener_parse(json);
	struct reader r = { 0 };

	manifest_free(m);
	if (!j || !json_object_is_type(j, json_type_object)) {
		json_object_put(j);
		return xstrdup("not a JSON object");
	}
	read_manifest(&r, j, m);
	m->read_identity = manifest_identity(j);
	json_object_put(j);
	if (r.err)
		manifest_free(m);
	return r.err;
}
