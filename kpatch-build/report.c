// SPDX-License-Identifier: GPL-2.0
/* The machine-readable report (--json): inputs, what changed, the outcome. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "kpatch-build.h"

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* "changed: foo\nnew: bar\n" as {"changed": [...], "new": [...]} */
static void add_functions(json_object *unit, const char *text)
{
	json_object *changed = json_object_new_array(), *added = json_object_new_array();
	char *copy = xstrdup(text ? text : ""), *line, *save = NULL;

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (str_starts(line, "changed: "))
			json_object_array_add(changed, str(line + 9));
		else if (str_starts(line, "new: "))
			json_object_array_add(added, str(line + 5));
	}
	json_object_object_add(unit, "changed", changed);
	json_object_object_add(unit, "new", added);
	free(copy);
}

static json_object *inputs(void)
{
	json_object *in = json_object_new_object(), *patches = json_object_new_array();

	json_object_object_add(in, "sourcedir", str(kpb->srcdir));
	json_object_object_add(in, "config", str(kpb->config));
	json_object_object_add(in, "vmlinux", str(kpb->vmlinux));
	json_object_object_add(in, "release", str(kpb->release));
	for (size_t i = 0; i < kpb->nr_patches; i++)
		json_object_array_add(patches, str(kpb->patches[i].path));
	json_object_object_add(in, "patches", patches);
	return in;
}

static json_object *units(void)
{
	json_object *array = json_object_new_array();

	for (size_t i = 0; i < kpb->nr_units; i++) {
		const struct unit *u = &kpb->units[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "object", str(u->obj));
		json_object_object_add(o, "objname", str(u->objname));
		json_object_object_add(o, "status", json_object_new_int(u->status));
		add_functions(o, u->changed);
		json_object_array_add(array, o);
	}
	return array;
}

void write_report(int status, const char *reason)
{
	json_object *r, *stages;
	char *tmp;
	const char *text;

	if (!kpb->json)
		return;
	r = json_object_new_object();
	stages = json_object_new_array();
	json_object_object_add(r, "status", json_object_new_int(status));
	json_object_object_add(r, "reason", str(reason));
	json_object_object_add(r, "name", str(kpb->name));
	json_object_object_add(r, "replace", json_object_new_boolean(kpb->replace));
	json_object_object_add(r, "inputs", inputs());
	json_object_object_add(r, "units", units());
	json_object_object_add(r, "original_build_cached", json_object_new_boolean(kpb->cache_hit));
	json_object_object_add(r, "output", str(kpb->output));
	json_object_object_add(r, "log", str(kpb->log));
	stages_to_json(stages);
	json_object_object_add(r, "stages", stages);
	json_object_object_add(r, "seconds", json_object_new_double(stage_elapsed_total()));
	text = json_object_to_json_string_ext(r, JSON_C_TO_STRING_PRETTY);
	tmp = xasprintf("%s.tmp", kpb->json);
	write_file(tmp, text, strlen(text));
	if (rename(tmp, kpb->json))
		warn("cannot write %s", kpb->json);
	free(tmp);
	json_object_put(r);
}
