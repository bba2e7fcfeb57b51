// SPDX-License-Identifier: GPL-2.0
/*
 * Cumulative releases (--previous OLD.ko ...): compare the new replace
 * module with what it will replace when loaded, the deployed release and
 * any hot fixes stacked on it.  Functions the new module no longer
 * replaces go back to the original, patches or labels left out of the
 * series disappear, a hot fix not folded into the series vanishes: each is
 * refused unless --allow-drop names it.
 */
#include <json-c/json.h>
#include <string.h>

#include "context.h"
#include "fail.h"
#include "json.h"
#include "manifest.h"
#include "release.h"
#include "series.h"
#include "states.h"
#include "text.h"

/* Whether --allow-drop (allow) names one of these (NULLs are skipped). */
static bool allowed(const struct strlist *allow, const char *a, const char *b, const char *c)
{
	const char *names[] = { a, b, c };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i] && strlist_has(allow, names[i]))
			return true;
	return false;
}

/* What becomes of one hot fix patch: where the series has it, or NULL. */
static char *patch_fate(const struct kpb_options *o, const struct strlist *applied,
			const struct kpb_patch *hotfix, const char *hash)
{
	const struct kpb_patch *same = series_patch_by_hash(o, hash);
	const char *file = hotfix->name;

	if (same)
		return patch_label(o, same) ? xasprintf("%s is in the series (%s)", file, patch_label(o, same))
					 : xasprintf("%s is in the series", file);
	if (strlist_has(applied, hash))
		return xasprintf("the change of %s is already in the series", file);
	return NULL;
}

/*
 * A hot fix stacked on the deployed release disappears when the new
 * release replaces it: refused unless its patches are part of the series
 * (the same patch, or one whose change the series already makes, as when
 * the fix was upstreamed) or --allow-drop names it.
 */
void check_hotfixes(const struct kpb_options *o, struct kpb_results *r,
		    const struct strlist *applied)
{
	for (size_t i = 0; i < r->nr_previous; i++) {
		struct kpb_base *p = &r->previous[i];
		char *why = NULL;

		if (p->replace)
			continue;
		for (size_t k = 0; k < p->nr_patches; k++) {
			char *fate = patch_fate(o, applied, &p->patches[k], p->manifest.patches[k].hash);

			if (!fate) {
				free(why);
				why = NULL;
				break;
			}
			why = add_reason(why, "included", fate);
			free(fate);
		}
		if (!why && !allowed(&o->allow_drop, p->name, NULL, NULL))
			fail(EXIT_REFUSED, "hot fix %s (%s) is loaded on top of the deployed release and is "
			     "not in this series: loading the new release would remove it. Add its patches "
			     "to the series (an 'addition' group), or --allow-drop %s", p->name, p->ko,
			     p->name);
		p->relation = why ? why : xstrdup("dropped (--allow-drop)");
		fprintf(stderr, "%s: hot fix %s: %s\n", progname, p->name, p->relation);
	}
}

/* "objname/name,pos": how functions are compared across releases. */
char *func_key(const char *objname, const char *name, unsigned long pos)
{
	return xasprintf("%s/%s,%lu", objname, name, pos);
}

static bool may_drop(const struct strlist *allow, const char *objname, const char *name,
		     const char *key)
{
	char *qualified = xasprintf("%s/%s", objname, name);
	bool ok = allowed(allow, name, qualified, key);

	free(qualified);
	return ok;
}

struct comparison {
	json_object *report;	/* {"functions": {"added": [...], ...}, "patches": ...} */
	char *refused;		/* what is dropped without --allow-drop */
};

/* Record what under report[part][kind]. */
static void note(struct comparison *c, const char *part, const char *kind, const char *what)
{
	json_object *sub = json_get(c->report, part), *list;

	if (!sub) {
		sub = json_object_new_object();
		json_object_object_add(c->report, part, sub);
	}
	list = json_get(sub, kind);
	if (!list) {
		list = json_object_new_array();
		json_object_object_add(sub, kind, list);
	}
	json_object_array_add(list, json_object_new_string(what));
}

static void refuse_drop(struct comparison *c, const char *what, const char *allow)
{
	str_appendf(&c->refused, "\n  %s: --allow-drop %s", what, allow);
}

/* key -> hash of the newest previous version: later modules run over earlier ones. */
static json_object *previous_functions(const struct kpb_results *r)
{
	json_object *hashes = json_object_new_object();

	for (size_t i = 0; i < r->nr_previous; i++) {
		const struct manifest *m = &r->previous[i].manifest;

		for (size_t o = 0; o < m->nr_objects; o++) {
			const struct manifest_object *obj = &m->objects[o];

			for (size_t k = 0; k < obj->nr_funcs; k++) {
				char *key = func_key(obj->objname, obj->funcs[k].name, obj->funcs[k].sympos);

				json_object_object_add(hashes, key,
						       json_object_new_string(obj->funcs[k].hash));
				free(key);
			}
		}
	}
	return hashes;
}

/* The functions dropped that allow lets go into r->dropped. */
static void compare_functions(const struct strlist *allow, struct kpb_results *r,
			      struct comparison *c)
{
	json_object *was = previous_functions(r), *ours = json_object_new_object();

	for (size_t i = 0; i < r->nr_funcs; i++) {
		const struct kpb_func *f = &r->funcs[i];
		char *key = func_key(f->objname, f->name, f->sympos);
		const char *hash = json_str(was, key);

		note(c, "functions", !*hash ? "added" : strcmp(hash, f->hash) ? "changed" : "unchanged", key);
		json_object_object_add(ours, key, NULL);
		free(key);
	}
	json_object_object_foreach(was, key, hash) {
		char *objname = strndup(key, strcspn(key, "/"));
		char *name = strndup(key + strlen(objname) + 1, strcspn(key + strlen(objname) + 1, ","));

		(void)hash;
		if (!json_object_object_get_ex(ours, key, NULL)) {
			note(c, "functions", "dropped", key);
			if (may_drop(allow, objname, name, key)) {
				char *sysfs = func_key(objname, name, strtoul(strchr(key, ',') + 1, NULL, 10) ?: 1);

				strlist_add(&r->dropped, sysfs);
				free(sysfs);
			}
			else
				refuse_drop(c, "function reverts to the original", key);
		}
		free(name);
		free(objname);
	}
	json_object_put(was);
	json_object_put(ours);
}

static const struct kpb_patch *our_patch(const struct kpb_options *o, const char *file)
{
	for (size_t i = 0; i < o->nr_patches; i++)
		if (!strcmp(o->patches[i].name, file))
			return &o->patches[i];
	return NULL;
}

static bool folded_hotfix(const struct kpb_base *p)
{
	return !p->replace && str_starts(p->relation, "included");
}

/* Patches by file name: added, updated (another hash), kept, removed. */
static void compare_patches(const struct kpb_options *o, const struct kpb_results *r,
			    struct comparison *c)
{
	json_object *seen = json_object_new_object();

	for (size_t i = 0; i < r->nr_previous; i++) {
		const struct kpb_base *p = &r->previous[i];

		for (size_t k = 0; k < p->manifest.nr_patches; k++) {
			const struct manifest_patch *e = &p->manifest.patches[k];
			const char *file = e->file, *label = e->group;
			const struct kpb_patch *here = our_patch(o, file);

			if (json_object_object_get_ex(seen, file, NULL))
				continue;
			json_object_object_add(seen, file, NULL);
			if (here)
				note(c, "patches", strcmp(here->hash, e->hash) ? "updated" : "kept", file);
			else if (!folded_hotfix(p)) {
				note(c, "patches", "removed", file);
				if (!allowed(&o->allow_drop, file, label, p->name))
					refuse_drop(c, "patch removed from the series", file);
			}
		}
	}
	for (size_t i = 0; i < o->nr_patches; i++)
		if (!json_object_object_get_ex(seen, o->patches[i].name, NULL))
			note(c, "patches", "added", o->patches[i].name);
	json_object_put(seen);
}

static bool our_label(const struct kpb_options *o, const char *label)
{
	for (size_t i = 0; i < o->nr_groups; i++)
		if (!strcmp(o->groups[i].label, label))
			return true;
	return false;
}

/* Series labels: an addition label that disappears is a hot fix gone. */
static void compare_labels(const struct kpb_options *o, const struct kpb_results *r,
			   struct comparison *c)
{
	json_object *seen = json_object_new_object();

	for (size_t i = 0; i < r->nr_previous; i++) {
		const struct manifest *m = &r->previous[i].manifest;

		for (size_t k = 0; k < m->nr_groups; k++) {
			const char *label = m->groups[k].label;
			bool addition = !strcmp(m->groups[k].kind, "addition");

			json_object_object_add(seen, label, NULL);
			if (our_label(o, label))
				note(c, "labels", "kept", label);
			else if (!addition)
				note(c, "labels", "replaced base", label);
			else {
				note(c, "labels", "removed", label);
				if (!allowed(&o->allow_drop, label, NULL, NULL))
					refuse_drop(c, "addition removed from the series", label);
			}
		}
	}
	for (size_t i = 0; i < o->nr_groups; i++)
		if (!json_object_object_get_ex(seen, o->groups[i].label, NULL))
			note(c, "labels", "added", o->groups[i].label);
	json_object_put(seen);
}

static void compare_states(const struct kpb_results *r, struct comparison *c)
{
	json_object *seen = json_object_new_object();

	for (size_t i = 0; i < r->nr_previous; i++) {
		const struct manifest *m = &r->previous[i].manifest;

		for (size_t k = 0; k < m->nr_states; k++) {
			unsigned long id = m->states[k].id, was = m->states[k].version;
			char *key = xasprintf("%lu", id), *what;

			json_object_object_add(seen, key, NULL);
			what = xasprintf("%lu: version %lu -> %lu", id, was, state_version(r, id));
			note(c, "states", state_version(r, id) == was ? "kept" : "changed", what);
			free(what);
			free(key);
		}
	}
	for (size_t i = 0; i < r->nr_states; i++) {
		char *key = xasprintf("%lu", r->states[i].id), *what;

		if (!json_object_object_get_ex(seen, key, NULL)) {
			what = xasprintf("%lu: version %lu", r->states[i].id, r->states[i].version);
			note(c, "states", "added", what);
			free(what);
		}
		free(key);
	}
	json_object_put(seen);
}

static void print_comparison(json_object *report)
{
	json_object_object_foreach(report, part, kinds) {
		json_object_object_foreach(kinds, kind, list) {
			bool brief = !strcmp(kind, "unchanged") || !strcmp(kind, "kept");

			fprintf(stderr, "%s: release: %s %s: %zu%s", progname, part, kind,
				json_object_array_length(list), brief ? "\n" : ":");
			for (size_t i = 0; !brief && i < json_object_array_length(list); i++)
				fprintf(stderr, " %s", json_object_get_string(json_object_array_get_idx(list, i)));
			if (!brief)
				fputc('\n', stderr);
		}
	}
}

/*
 * What loading this release changes, against the deployed modules it
 * replaces; refused if it drops anything --allow-drop does not name.
 */
void compare_release(const struct kpb_options *o, struct kpb_results *r)
{
	struct comparison c = { 0 };

	if (!r->nr_previous)
		return;
	c.report = json_object_new_object();
	compare_functions(&o->allow_drop, r, &c);
	compare_patches(o, r, &c);
	compare_labels(o, r, &c);
	compare_states(r, &c);
	print_comparison(c.report);
	r->release_report = c.report;
	if (c.refused)
		fail(EXIT_REFUSED, "this release drops what the deployed one has; if that is intended, "
		     "say so:%s", c.refused);
}

/* The releases this one supersedes (a failure before one was read: the module as given). */
void previous_into(const struct kpb_results *r, struct manifest *m)
{
	for (size_t i = 0; i < r->nr_previous; i++) {
		const struct kpb_base *p = &r->previous[i];

		manifest_add_superseded(m, p->name ? p->name : p->ko, p->replace ? "replace" :
					p->name ? "stacked" : "", p->relation);
	}
}

