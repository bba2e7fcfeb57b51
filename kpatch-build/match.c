// SPDX-License-Identifier: GPL-2.0
/*
 * The original is what runs: every function of a rebuilt original object
 * must be in the vmlinux or module that runs, with the same size; else the
 * tree, config or compiler is not the kernel's and nothing is diffed.
 *
 * The originals are compiled with function sections, the running kernel
 * usually was not: a jump or call between functions of one .text section
 * can be encoded short, where across sections it needs a relocation and
 * the long form, so sizes may differ by a few bytes.  An object whose
 * sizes differ is compiled again with kbuild's command without function
 * sections, as the kernel was, and that one must match exactly.
 */
#include <elf.h>
#include <string.h>
#include <sys/stat.h>

#include "context.h"
#include "depscan.h"
#include "disk.h"
#include "match.h"
#include "run.h"
#include "target.h"
#include "unit-command.h"

const struct target *vmlinux_symbols(struct kpb_build *b)
{
	if (!b->vmlinux_syms)
		b->vmlinux_syms = target_load(b->vmlinux);
	return b->vmlinux_syms;
}

/* How many functions of ours are not in theirs alike; the first in *first. */
static size_t functions_differ(struct kpb_build *b, const char *ours, const char *theirs,
			       char **first)
{
	bool vmlinux = !strcmp(theirs, b->vmlinux);
	struct target *built = target_load(ours), *loaded = vmlinux ? NULL : target_load(theirs);
	const struct target *running = vmlinux ? vmlinux_symbols(b) : loaded;
	size_t bad = 0;

	*first = NULL;
	for (size_t i = 0; i < built->nr_syms; i++) {
		const struct target_sym *s = &built->syms[i], *r;

		if (s->type != STT_FUNC || !s->size || target_has_sized(running, s->name, s->size))
			continue;
		/* A weak definition the link may have replaced with a strong one. */
		if (s->bind == STB_WEAK && target_has(running, s->name))
			continue;
		if (bad++)
			continue;
		r = target_find(running, s->name);
		if (r)
			*first = xasprintf("%s (%s): %u bytes in %s, %u in %s", s->name,
					   s->file ? s->file : "global", s->size, ours, r->size, theirs);
		else
			*first = xasprintf("%s (%s, %u bytes in %s) is not in %s", s->name,
					   s->file ? s->file : "global", s->size, ours, theirs);
	}
	target_free(built);
	if (loaded)
		target_free(loaded);
	return bad;
}

static void __attribute__((noreturn)) mismatch(const char *config, const char *theirs,
					       const char *from, size_t bad, const char *first)
{
	fail(EXIT_BAD_INPUT, "%s does not match the kernel built from %s with %s: %zu functions differ, "
	     "first %s; is it another build? Give the source, config and compiler the running "
	     "kernel was built with", theirs, from, config, bad, first);
}

void check_same_functions(struct kpb_build *b, const char *ours, const char *theirs,
			  const char *from)
{
	char *first;
	size_t bad = functions_differ(b, ours, theirs, &first);

	if (bad)
		mismatch(b->config, theirs, from, bad, first);
}

/* kbuild's command for the unit, as the kernel was built: no function sections. */
static void plain_command(const struct kpb_build *b, const struct unit *u, const char *out,
			  struct cmd *c)
{
	struct unit plain = *u;

	plain.cmd = str_replace(xstrdup(u->cmd), "-ffunction-sections", "", true);
	plain.cmd = str_replace(plain.cmd, "-fdata-sections", "", true);
	unit_command(b, &plain, b->view, out, c);
	free(plain.cmd);
}

static bool newer(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) &&
	       (sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
		(sa.st_mtim.tv_sec == sb.st_mtim.tv_sec && sa.st_mtim.tv_nsec >= sb.st_mtim.tv_nsec));
}

/*
 * The unit compiled without function sections.  In a prepared tree (the
 * cache's own) it is kept beside the object for the next run; a given
 * build directory is the user's and is not written.
 */
static char *plain_object(const struct kpb_build *b, const struct unit *u, const char *obj)
{
	bool keep = !strcmp(b->original, "prepared tree");
	char *kept = xasprintf("%s.plain", obj), *out;
	struct cmd cmd = { 0 };

	if (keep && newer(kept, obj))
		return kept;
	out = xasprintf("%s/plain/%s", b->workdir, u->obj);
	make_parents(out);
	plain_command(b, u, out, &cmd);
	if (run_cmd(b->objdir, &cmd))
		fail(EXIT_BUILD, "%s does not compile without function sections (kbuild's command, "
		     "see the log)", u->obj);
	cmd_free(&cmd);
	if (!keep) {
		free(kept);
		return out;
	}
	if (rename(out, kept))
		fail(EXIT_ERROR, "cannot keep %s as %s", out, kept);
	free(out);
	return kept;
}

void check_unit_is_running(struct kpb_build *b, const struct unit *u)
{
	char *obj = xasprintf("%s/%s", b->objdir, u->obj), *first, *plain;
	size_t bad = functions_differ(b, obj, u->target, &first);

	if (bad) {
		log_printf("%s: %zu function sizes differ with function sections (first %s); "
			   "compiling it as the kernel was\n", u->obj, bad, first);
		free(first);
		plain = plain_object(b, u, obj);
		bad = functions_differ(b, plain, u->target, &first);
		if (bad && !strcmp(b->original, "prepared tree"))
			refuse_outside_configuration(b, u->obj);
		if (bad)
			mismatch(b->config, u->target, b->srcdir, bad, first);
		free(plain);
	}
	free(obj);
}
