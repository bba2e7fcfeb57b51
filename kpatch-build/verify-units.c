// SPDX-License-Identifier: GPL-2.0
/*
 * Every unit's diff output checked by the verifier (lib/verify.h) before
 * the module is linked: a problem is a refusal (exit 3) naming the
 * function, the reference and the reason, never a module that jumps into
 * garbage or keeps running old code.
 */
#include <string.h>

#include "context.h"
#include "module.h"
#include "run.h"
#include "verify.h"

/* The problems of one unit's output (none: the engine found no change), appended to all. */
static void verify_one(const char *orig_path, const char *patched_path, const char *out_path,
		       const char *obj, char **all)
{
	struct elf *orig = elf_load(orig_path), *patched = elf_load(patched_path);
	struct elf *out = out_path ? elf_load(out_path) : NULL;
	struct strlist problems = { 0 };

	verify_unit(orig, patched, out, &problems);
	for (size_t i = 0; i < problems.nr; i++)
		str_appendf(all, "%s: %s\n", obj, problems.v[i]);
	strlist_free(&problems);
	if (out)
		elf_free(out);
	elf_free(patched);
	elf_free(orig);
}

void verify_units(const struct kpb_build *b, struct kpb_results *r)
{
	char *all = NULL;

	for (size_t i = 0; i < r->nr_units; i++) {
		const struct unit *u = &r->units[i];
		char *orig = u->orig_obj[0] == '/' ? xstrdup(u->orig_obj)
						   : xasprintf("%s/%s", b->objdir, u->orig_obj);

		if (u->status == EXIT_OK || u->status == EXIT_NOCHANGE)
			verify_one(orig, u->patched_obj, u->status == EXIT_OK ? u->output : NULL,
				   u->obj, &all);
		free(orig);
	}
	if (all) {
		r->failure = "the verifier refused the module";
		fail(EXIT_REFUSED, "the module would not do what the patched kernel does:\n%s"
		     "kpatch-build wrote no module; the change needs another form (or a fix of "
		     "kpatch-build)", all);
	}
}

int verify_command(const char *orig, const char *patched, const char *out)
{
	char *all = NULL;

	verify_one(orig, patched, out, out ? out : patched, &all);
	if (!all) {
		fprintf(stderr, "%s: %s: verified against %s and %s\n", progname,
			out ? out : "no change", patched, orig);
		return EXIT_OK;
	}
	fprintf(stderr, "%s", all);
	free(all);
	return EXIT_REFUSED;
}
