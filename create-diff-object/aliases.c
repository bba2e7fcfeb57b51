// SPDX-License-Identifier: GPL-2.0
/*
 * Aliases: two names at one address in the running kernel (__alias,
 * SYM_FUNC_ALIAS, strong_alias).  Livepatch redirects an address, not a
 * name: replacing one of them sends the callers of every other to the new
 * body.  That is right only while they stay one function; a patch that
 * gives one of them a body of its own is refused.
 */
#include "cdo.h"

/* Whether the twins of a and b in the patched object are one function still. */
static bool still_one(const struct symbol *a, const struct symbol *b)
{
	return a->twin && b->twin && a->twin->sec == b->twin->sec &&
	       a->twin->value == b->twin->value;
}

void check_aliases(struct cdo *cdo)
{
	struct symbol *p;

	for_each_symbol(cdo->patched, p, i) {
		const struct symbol *o = p->twin;

		if (!is_func(p) || p->status != CHANGED || !o || !o->sec)
			continue;
		for (size_t s = 0; s < o->sec->nr_syms; s++) {
			const struct symbol *alias = o->sec->syms[s];

			if (alias == o || !is_func(alias) || alias->value != o->value ||
			    still_one(o, alias))
				continue;
			refuse(cdo, "keep the two names one function (change both, or neither), or change the callers that should see the new behaviour",
			       "'%s' and '%s' are one function in the running kernel (aliases at one address), and the patch gives them different bodies: replacing '%s' would send the callers of '%s' to the new body too",
			       p->name, alias->name, p->name, alias->name);
		}
	}
}
