// SPDX-License-Identifier: GPL-2.0
/* The context the driver's decision tests build (harness.h). */
#include <stdlib.h>

#include "harness.h"
#include "text.h"

struct kpb_options options;
struct kpb_results results;

int failures;

/* The driver's context lives until it exits, and so do the decisions' results. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

void reset(void)
{
	options = (struct kpb_options){ .replace = true };
	results = (struct kpb_results){ 0 };
	free(refused_why);
	refused_why = NULL;
	refused_code = 0;
}

struct unit *add_unit(const char *obj, const char *objname)
{
	results.units = xrealloc(results.units, (results.nr_units + 1) * sizeof(*results.units));
	results.units[results.nr_units] = (struct unit){
		.obj = xstrdup(obj), .objname = xstrdup(objname),
	};
	return &results.units[results.nr_units++];
}

struct kpb_base *add_deployed(struct kpb_base **list, size_t *nr, const char *name,
				     bool replace)
{
	struct kpb_base *b;

	*list = xrealloc(*list, (*nr + 1) * sizeof(**list));
	b = &(*list)[(*nr)++];
	*b = (struct kpb_base){
		.ko = xasprintf("%s.ko", name), .name = xstrdup(name), .ident = ident_of(name),
		.replace = replace,
	};
	b->manifest.name = xstrdup(name);
	b->manifest.replace = replace;
	return b;
}

void add_func(const char *objname, const char *name, unsigned long pos, const char *hash)
{
	results.funcs = xrealloc(results.funcs, (results.nr_funcs + 1) * sizeof(*results.funcs));
	results.funcs[results.nr_funcs++] = (struct kpb_func){
		.objname = xstrdup(objname), .name = xstrdup(name), .sympos = pos,
		.hash = xstrdup(hash),
	};
}

void add_patch(const char *name, const char *hash, int group)
{
	options.patches = xrealloc(options.patches, (options.nr_patches + 1) * sizeof(*options.patches));
	options.patches[options.nr_patches++] = (struct kpb_patch){
		.path = xstrdup(name), .name = name, .hash = xstrdup(hash), .group = group,
	};
}

void add_group(const char *kind, const char *label)
{
	options.groups = xrealloc(options.groups, (options.nr_groups + 1) * sizeof(*options.groups));
	options.groups[options.nr_groups++] = (struct kpb_group){
		.kind = xstrdup(kind), .label = xstrdup(label),
	};
}

char *scratch_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		failures++;
	return path;
}

int finished(const char *name, const char *what)
{
	if (failures)
		return 1;
	printf("%s: %s: ok\n", name, what);
	return 0;
}
