// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's report on one unit, as text: a header line, then one
 * record a line, its fields separated by tabs:
 *
 *	changed	NAME
 *	new	NAME
 *	replaces	NAME	SYMPOS	HASH
 *	data	NAME
 *	shadow	ID
 *	state	ID	VERSION
 *	reference	BASE	NAME
 *	namespace	NS
 *
 * The one writer and the one reader of it; the record kinds live in the
 * table below and nowhere else.
 */
#include <errno.h>
#include <string.h>

#include "engine-report.h"

#define REPORT_HEADER "create-diff-object report 1"
#define MAX_FIELDS 4

void report_add_func(struct engine_report *r, const char *name, bool is_new)
{
	GROW(r->funcs, r->alloc_funcs, r->nr_funcs);
	r->funcs[r->nr_funcs++] = (struct report_func){ .name = xstrdup(name), .is_new = is_new };
}

void report_add_replaced(struct engine_report *r, const char *name, unsigned long sympos,
			 const char *hash)
{
	GROW(r->replaced, r->alloc_replaced, r->nr_replaced);
	r->replaced[r->nr_replaced++] = (struct report_replaced){
		.name = xstrdup(name), .sympos = sympos, .hash = xstrdup(hash),
	};
}

void report_add_state(struct engine_report *r, unsigned long id, unsigned long version)
{
	GROW(r->states, r->alloc_states, r->nr_states);
	r->states[r->nr_states++] = (struct report_state){ .id = id, .version = version };
}

void report_add_ref(struct engine_report *r, const char *base, const char *name)
{
	for (size_t i = 0; i < r->nr_refs; i++)
		if (!strcmp(r->refs[i].base, base) && !strcmp(r->refs[i].name, name))
			return;
	GROW(r->refs, r->alloc_refs, r->nr_refs);
	r->refs[r->nr_refs++] = (struct report_ref){ .base = xstrdup(base), .name = xstrdup(name) };
}

bool report_has_changed(const struct engine_report *r, const char *name)
{
	for (size_t i = 0; i < r->nr_funcs; i++)
		if (!r->funcs[i].is_new && !strcmp(r->funcs[i].name, name))
			return true;
	return false;
}

/* A field must not hold the separators. */
static bool plain(const char *s)
{
	return *s && !strpbrk(s, "\t\n");
}

int engine_report_write(const struct engine_report *r, FILE *f)
{
	fprintf(f, "%s\n", REPORT_HEADER);
	for (size_t i = 0; i < r->nr_funcs; i++) {
		if (!plain(r->funcs[i].name))
			goto inval;
		fprintf(f, "%s\t%s\n", r->funcs[i].is_new ? "new" : "changed", r->funcs[i].name);
	}
	for (size_t i = 0; i < r->nr_replaced; i++) {
		const struct report_replaced *fn = &r->replaced[i];

		if (!plain(fn->name) || !plain(fn->hash))
			goto inval;
		fprintf(f, "replaces\t%s\t%lu\t%s\n", fn->name, fn->sympos, fn->hash);
	}
	for (size_t i = 0; i < r->data.nr; i++) {
		if (!plain(r->data.v[i]))
			goto inval;
		fprintf(f, "data\t%s\n", r->data.v[i]);
	}
	for (size_t i = 0; i < r->shadow.nr; i++) {
		if (!plain(r->shadow.v[i]))
			goto inval;
		fprintf(f, "shadow\t%s\n", r->shadow.v[i]);
	}
	for (size_t i = 0; i < r->nr_states; i++)
		fprintf(f, "state\t%lu\t%lu\n", r->states[i].id, r->states[i].version);
	for (size_t i = 0; i < r->nr_refs; i++) {
		if (!plain(r->refs[i].base) || !plain(r->refs[i].name))
			goto inval;
		fprintf(f, "reference\t%s\t%s\n", r->refs[i].base, r->refs[i].name);
	}
	for (size_t i = 0; i < r->namespaces.nr; i++) {
		if (!plain(r->namespaces.v[i]))
			goto inval;
		fprintf(f, "namespace\t%s\n", r->namespaces.v[i]);
	}
	return ferror(f) ? -1 : 0;
inval:
	errno = EINVAL;
	return -1;
}

static bool number(const char *s, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return !*end && !errno;
}

static bool read_changed(struct engine_report *r, char **f)
{
	report_add_func(r, f[0], false);
	return true;
}

static bool read_new(struct engine_report *r, char **f)
{
	report_add_func(r, f[0], true);
	return true;
}

static bool read_replaces(struct engine_report *r, char **f)
{
	unsigned long pos;

	if (!number(f[1], &pos))
		return false;
	report_add_replaced(r, f[0], pos, f[2]);
	return true;
}

static bool read_data(struct engine_report *r, char **f)
{
	strlist_add(&r->data, f[0]);
	return true;
}

static bool read_shadow(struct engine_report *r, char **f)
{
	unsigned long id;

	if (strcmp(f[0], "?") && !number(f[0], &id))
		return false;
	strlist_add(&r->shadow, f[0]);
	return true;
}

static bool read_state(struct engine_report *r, char **f)
{
	unsigned long id, version;

	if (!number(f[0], &id) || !number(f[1], &version))
		return false;
	report_add_state(r, id, version);
	return true;
}

static bool read_reference(struct engine_report *r, char **f)
{
	report_add_ref(r, f[0], f[1]);
	return true;
}

static bool read_namespace(struct engine_report *r, char **f)
{
	if (!strlist_has(&r->namespaces, f[0]))
		strlist_add(&r->namespaces, f[0]);
	return true;
}

static const struct {
	const char *kind;
	size_t fields;
	bool (*read)(struct engine_report *r, char **fields);
} records[] = {
	{ "changed", 1, read_changed },
	{ "new", 1, read_new },
	{ "replaces", 3, read_replaces },
	{ "data", 1, read_data },
	{ "shadow", 1, read_shadow },
	{ "state", 2, read_state },
	{ "reference", 2, read_reference },
	{ "namespace", 1, read_namespace },
};

/* One line, split at tabs in place: its record kind's reader, or false. */
static bool read_record(struct engine_report *r, char *line)
{
	char *field[MAX_FIELDS + 1];
	size_t n = 0;

	for (char *p = line; n <= MAX_FIELDS; p++) {
		field[n++] = p;
		p = strchrnul(p, '\t');
		if (!*p)
			break;
		*p = '\0';
	}
	for (size_t k = 0; k < ARRAY_SIZE(records); k++) {
		if (strcmp(field[0], records[k].kind))
			continue;
		if (n != records[k].fields + 1)
			return false;
		for (size_t i = 1; i < n; i++)
			if (!*field[i])
				return false;
		return records[k].read(r, field + 1);
	}
	return false;
}

char *engine_report_read(const char *text, struct engine_report *r)
{
	char *copy = xstrdup(text), *line, *save = NULL, *err = NULL;
	size_t nr = 1;

	engine_report_free(r);
	line = strtok_r(copy, "\n", &save);
	if (!line || strcmp(line, REPORT_HEADER)) {
		free(copy);
		return xstrdup("not a create-diff-object report (no header line)");
	}
	while ((line = strtok_r(NULL, "\n", &save)) && !err) {
		nr++;
		char *orig = xstrdup(line);

		if (!read_record(r, line))
			err = xasprintf("line %zu: not a record: '%s'", nr, orig);
		free(orig);
	}
	free(copy);
	if (err)
		engine_report_free(r);
	return err;
}

void engine_report_free(struct engine_report *r)
{
	for (size_t i = 0; i < r->nr_funcs; i++)
		free(r->funcs[i].name);
	for (size_t i = 0; i < r->nr_replaced; i++) {
		free(r->replaced[i].name);
		free(r->replaced[i].hash);
	}
	for (size_t i = 0; i < r->nr_refs; i++) {
		free(r->refs[i].base);
		free(r->refs[i].name);
	}
	free(r->funcs);
	free(r->replaced);
	free(r->states);
	free(r->refs);
	strlist_free(&r->data);
	strlist_free(&r->shadow);
	strlist_free(&r->namespaces);
	*r = (struct engine_report){ 0 };
}
