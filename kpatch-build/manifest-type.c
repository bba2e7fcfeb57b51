// SPDX-License-Identifier: GPL-2.0
/* Building a struct manifest up, asking it, and freeing it. */
#include <ctype.h>
#include <string.h>

#include "manifest.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct manifest_object *manifest_object(struct manifest *m, const char *objname)
{
	for (size_t i = 0; i < m->nr_objects; i++)
		if (!strcmp(m->objects[i].objname, objname))
			return &m->objects[i];
	GROW(m->objects, m->alloc_objects, m->nr_objects);
	m->objects[m->nr_objects] = (struct manifest_object){ .objname = xstrdup(objname) };
	return &m->objects[m->nr_objects++];
}

const struct manifest_object *manifest_find_object(const struct manifest *m, const char *objname)
{
	for (size_t i = 0; i < m->nr_objects; i++)
		if (!strcmp(m->objects[i].objname, objname))
			return &m->objects[i];
	return NULL;
}

void manifest_add_func(struct manifest_object *o, const char *name, unsigned long sympos,
		       const char *hash)
{
	GROW(o->funcs, o->alloc_funcs, o->nr_funcs);
	o->funcs[o->nr_funcs++] = (struct manifest_func){
		.name = xstrdup(name), .sympos = sympos, .hash = xstrdup(hash),
	};
}

void manifest_add_patch(struct manifest *m, const char *file, const char *hash, const char *group)
{
	GROW(m->patches, m->alloc_patches, m->nr_patches);
	m->patches[m->nr_patches++] = (struct manifest_patch){
		.file = xstrdup(file), .hash = xstrdup(hash), .group = dup_or_null(group),
	};
}

struct manifest_group *manifest_add_group(struct manifest *m, const char *kind, const char *label)
{
	GROW(m->groups, m->alloc_groups, m->nr_groups);
	m->groups[m->nr_groups] = (struct manifest_group){
		.kind = xstrdup(kind), .label = xstrdup(label),
	};
	return &m->groups[m->nr_groups++];
}

void manifest_add_state(struct manifest *m, unsigned long id, unsigned long version,
			const char *from)
{
	GROW(m->states, m->alloc_states, m->nr_states);
	m->states[m->nr_states++] = (struct manifest_state){
		.id = id, .version = version, .from = xstrdup(from),
	};
}

void manifest_add_base(struct manifest *m, const char *name, const char *relation,
		       const char *identity)
{
	GROW(m->bases, m->alloc_bases, m->nr_bases);
	m->bases[m->nr_bases++] = (struct manifest_base){
		.name = xstrdup(name), .relation = xstrdup(relation), .identity = dup_or_null(identity),
	};
}

void manifest_add_superseded(struct manifest *m, const char *name, const char *mode,
			     const char *hotfix)
{
	GROW(m->supersedes, m->alloc_supersedes, m->nr_supersedes);
	m->supersedes[m->nr_supersedes++] = (struct manifest_superseded){
		.name = xstrdup(name), .mode = xstrdup(mode), .hotfix = dup_or_null(hotfix),
	};
}

bool manifest_replaces(const struct manifest *m, const char *objname, const char *name)
{
	for (size_t i = 0; i < m->nr_objects; i++) {
		const struct manifest_object *o = &m->objects[i];

		if (objname && strcmp(o->objname, objname))
			continue;
		for (size_t k = 0; k < o->nr_funcs; k++)
			if (!strcmp(o->funcs[k].name, name))
				return true;
	}
	return false;
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->nr_patches; i++) {
		free(m->patches[i].file);
		free(m->patches[i].hash);
		free(m->patches[i].group);
	}
	for (size_t i = 0; i < m->nr_groups; i++) {
		free(m->groups[i].kind);
		free(m->groups[i].label);
		strlist_free(&m->groups[i].patches);
	}
	for (size_t i = 0; i < m->nr_objects; i++) {
		struct manifest_object *o = &m->objects[i];

		for (size_t k = 0; k < o->nr_funcs; k++) {
			free(o->funcs[k].name);
			free(o->funcs[k].hash);
		}
		free(o->funcs);
		free(o->objname);
		strlist_free(&o->new_functions);
		strlist_free(&o->new_data);
	}
	for (size_t i = 0; i < m->nr_states; i++)
		free(m->states[i].from);
	for (size_t i = 0; i < m->nr_bases; i++) {
		free(m->bases[i].name);
		free(m->bases[i].relation);
		free(m->bases[i].identity);
	}
	for (size_t i = 0; i < m->nr_supersedes; i++) {
		free(m->supersedes[i].name);
		free(m->supersedes[i].mode);
		free(m->supersedes[i].hotfix);
	}
	free(m->patches);
	free(m->groups);
	free(m->objects);
	free(m->states);
	free(m->bases);
	free(m->supersedes);
	strlist_free(&m->shadow_ids);
	strlist_free(&m->dropped);
	free(m->name);
	free(m->version);
	free(m->release);
	free(m->build_id);
	free(m->identity);
	free(m->read_identity);
	*m = (struct manifest){ 0 };
}

bool module_name_ok(const char *name)
{
	if (!*name || strlen(name) > 55)
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	return true;
}
