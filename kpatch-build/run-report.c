// SPDX-License-Identifier: GPL-2.0
/* The machine-readable report (--json): inputs, what changed, the outcome. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "context.h"
#include "files.h"
#include "manifest.h"
#include "release.h"
#include "run-report.h"
#include "stage.h"
#include "states.h"

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *strlist_to_json(const struct strlist *l)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < l->nr; i++)
		json_object_array_add(a, json_object_new_string(l->v[i]));
	return a;
}

static json_object *inputs(const struct kpb_options *o, const struct kpb_build *b)
{
	json_object *in = json_object_new_object(), *patches = json_object_new_array();

	json_object_object_add(in, "sourcedir", str(b->srcdir));
	json_object_object_add(in, "config", str(b->config));
	json_object_object_add(in, "vmlinux", str(b->vmlinux));
	json_object_object_add(in, "release", str(b->release));
	for (size_t i = 0; i < o->nr_patches; i++)
		json_object_array_add(patches, str(o->patches[i].path));
	json_object_object_add(in, "patches", patches);
	return in;
}

/* The report's changed (or new) functions, as names. */
static json_object *funcs_to_json(const struct engine_report *r, bool is_new)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nr_funcs; i++)
		if (r->funcs[i].is_new == is_new)
			json_object_array_add(a, json_object_new_string(r->funcs[i].name));
	return a;
}

static json_object *units(const struct kpb_results *r)
{
	json_object *array = json_object_new_array();

	for (size_t i = 0; i < r->nr_units; i++) {
		const struct unit *u = &r->units[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "object", str(u->obj));
		json_object_object_add(o, "objname", str(u->objname));
		json_object_object_add(o, "status", json_object_new_int(u->status));
		json_object_object_add(o, "changed", funcs_to_json(&u->report, false));
		json_object_object_add(o, "new", funcs_to_json(&u->report, true));
		json_object_object_add(o, "new_data", strlist_to_json(&u->report.data));
		json_object_array_add(array, o);
	}
	return array;
}

void write_report(const struct kpb_options *o, const struct kpb_build *b,
		  const struct kpb_results *results, int status, const char *reason)
{
	json_object *r, *stages;
	struct manifest m = { 0 };
	int err;
	const char *text;

	if (!o->json)
		return;
	/* the manifest's states and superseded releases, as far as they are known */
	states_into(results, &m);
	previous_into(results, &m);
	r = json_object_new_object();
	stages = json_object_new_array();
	json_object_object_add(r, "status", json_object_new_int(status));
	json_object_object_add(r, "reason", str(reason));
	if (results->failure)
		json_object_object_add(r, "failure", str(results->failure));
	json_object_object_add(r, "name", str(o->name));
	json_object_object_add(r, "replace", json_object_new_boolean(o->replace));
	json_object_object_add(r, "inputs", inputs(o, b));
	json_object_object_add(r, "units", units(results));
	json_object_object_add(r, "states", manifest_states_json(&m));
	json_object_object_add(r, "supersedes", manifest_supersedes_json(&m));
	if (results->release_report)
		json_object_object_add(r, "release", json_object_get(results->release_report));
	json_object_object_add(r, "original", str(b->original));
	json_object_object_add(r, "original_build_cached", json_object_new_boolean(b->cache_hit));
	json_object_object_add(r, "output", str(results->output));
	json_object_object_add(r, "deb", str(results->deb));
	json_object_object_add(r, "signed", json_object_new_boolean(results->signed_module));
	if (!results->signed_module && b->checks_signatures)
		json_object_object_add(r, "taints", str("unsigned: loading it taints the kernel "
							  "(refused where signatures are enforced)"));
	json_object_object_add(r, "log", str(b->log));
	stages_to_json(stages);
	json_object_object_add(r, "stages", stages);
	json_object_object_add(r, "seconds", json_object_new_double(stage_elapsed_total()));
	text = json_object_to_json_string_ext(r, JSON_C_TO_STRING_PRETTY);
	err = replace_file(o->json, text, strlen(text), 0644);
	if (err)
		warn("cannot write %s: %s", o->json, strerror(err));
	json_object_put(r);
	manifest_free(&m);
}
