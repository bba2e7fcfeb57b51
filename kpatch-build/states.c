// SPDX-License-Identifier: GPL-2.0
/*
 * System states (klp_state): a patch declares the states it introduces or
 * keeps with KLP_STATE(id, version); the module lists them in
 * klp_patch.states.  The kernel refuses a patch that lowers the version of
 * a state an enabled patch has, and a replace patch that lacks one; so a
 * release carries forward every state of the releases it replaces, and a
 * lower version is refused here, before the kernel would.
 */
#include <json-c/json.h>
#include <string.h>

#include "context.h"
#include "fail.h"
#include "manifest.h"
#include "states.h"
#include "text.h"

static struct kpb_state *find_state(const struct kpb_results *r, unsigned long id)
{
	for (size_t i = 0; i < r->nr_states; i++)
		if (r->states[i].id == id)
			return &r->states[i];
	return NULL;
}

static void add_state(struct kpb_results *r, unsigned long id, unsigned long version,
		      const char *from, bool carried)
{
	struct kpb_state *s = find_state(r, id);

	if (s && s->version != version)
		fail(EXIT_BAD_INPUT, "state %lu is declared at version %lu in %s and %lu in %s: one "
		     "patch set has one version of a state", id, s->version, s->from, version, from);
	if (s)
		return;
	r->states = xrealloc(r->states, (r->nr_states + 1) * sizeof(*r->states));
	r->states[r->nr_states++] = (struct kpb_state){
		.id = id, .version = version, .from = xstrdup(from), .carried = carried,
	};
}

/* A deployed module's states, from its manifest: id -> version. */
static void deployed_states(struct kpb_results *r, const struct kpb_base *d,
			    void (*each)(struct kpb_results *, const struct kpb_base *, unsigned long,
					 unsigned long))
{
	for (size_t i = 0; i < d->manifest.nr_states; i++)
		each(r, d, d->manifest.states[i].id, d->manifest.states[i].version);
}

static void not_lower(struct kpb_results *r, const struct kpb_base *d, unsigned long id,
		      unsigned long version)
{
	struct kpb_state *s = find_state(r, id);

	if (s && s->version < version)
		fail(EXIT_REFUSED, "state %lu: version %lu here (%s), but %s has version %lu: the "
		     "kernel refuses a livepatch that lowers a state's version; keep KLP_STATE(%lu, "
		     "%lu) or raise it", id, s->version, s->from, d->ko, version, id, version);
}

static void carry(struct kpb_results *r, const struct kpb_base *d, unsigned long id,
		  unsigned long version)
{
	char *from = xasprintf("carried from %s", d->name);

	if (!find_state(r, id))
		add_state(r, id, version, from, true);
	free(from);
}

/*
 * The states of this build: those declared in the units it carries code
 * from (a unit without change may hold a base's declaration, not this
 * patch's); with --previous (a replace release) also every state of the
 * releases it replaces.  No version may be lower than a deployed one,
 * base or previous release.
 */
void collect_states(struct kpb_results *r)
{
	for (size_t u = 0; u < r->nr_units; u++) {
		const struct engine_report *e = &r->units[u].report;

		for (size_t k = 0; r->units[u].status == EXIT_OK && k < e->nr_states; k++)
			add_state(r, e->states[k].id, e->states[k].version, r->units[u].obj, false);
	}
	for (size_t i = 0; i < r->nr_bases; i++)
		deployed_states(r, &r->bases[i], not_lower);
	for (size_t i = 0; i < r->nr_previous; i++)
		deployed_states(r, &r->previous[i], not_lower);
	for (size_t i = 0; i < r->nr_previous; i++)
		deployed_states(r, &r->previous[i], carry);
}

/* The version of state id in this build; 0 if it has none. */
unsigned long state_version(const struct kpb_results *r, unsigned long id)
{
	struct kpb_state *s = find_state(r, id);

	return s ? s->version : 0;
}

/* Whether a base uses one of this build's klp_state ids. */
char *shared_klp_state(const struct kpb_results *r, const struct kpb_base *b, char *why)
{
	for (size_t i = 0; i < b->manifest.nr_states; i++) {
		unsigned long id = b->manifest.states[i].id;
		char *what;

		if (!find_state(r, id))
			continue;
		what = xasprintf("klp_state id %lu", id);
		why = add_reason(why, "shared state", what);
		free(what);
	}
	return why;
}

void states_into(const struct kpb_results *r, struct manifest *m)
{
	for (size_t i = 0; i < r->nr_states; i++)
		manifest_add_state(m, r->states[i].id, r->states[i].version, r->states[i].from);
}

/* The shadow variable ids the code uses, as create-diff-object found them. */
void shadow_ids(const struct kpb_results *r, struct strlist *ids)
{
	for (size_t i = 0; i < r->nr_units; i++) {
		const struct strlist *shadow = &r->units[i].report.shadow;

		for (size_t k = 0; r->units[i].status == EXIT_OK && k < shadow->nr; k++)
			if (!strlist_has(ids, shadow->v[k]))
				strlist_add(ids, shadow->v[k]);
	}
}
