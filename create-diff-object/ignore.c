// SPDX-License-Identifier: GPL-2.0
/*
 * What the patch author told the engine to leave alone
 * (templates/kpatch-macros.h): KPATCH_IGNORE_FUNCTION(fn) puts a pointer
 * to fn in .kpatch.ignore.functions, KPATCH_IGNORE_SECTION("name") a
 * pointer to the name in .kpatch.ignore.sections.  Changes there are not
 * patched: the running kernel keeps its version.  KPATCH_FORCE_UNSAFE(fn)
 * (.kpatch.force) asked kpatch's own core to skip its stack check for fn;
 * the kernel's livepatch has no such per-function switch, so the patch is
 * built as any other and the author is told what is left.
 */
#include <string.h>

#include "cdo.h"

#define IGNORE_FUNCTIONS ".kpatch.ignore.functions"
#define IGNORE_SECTIONS ".kpatch.ignore.sections"
#define FORCE_UNSAFE ".kpatch.force"

/* The relocations of one of the marker sections, or NULL. */
static struct section *markers(const struct cdo *cdo, const char *name)
{
	struct section *sec = elf_find_section(cdo->patched, name);

	return sec ? sec->rela : NULL;
}

bool ignored_section(const struct cdo *cdo, const struct section *sec)
{
	struct section *rela = markers(cdo, IGNORE_SECTIONS);

	for (size_t i = 0; rela && i < rela->nr_relocs; i++) {
		struct ref ref;

		resolve_reloc(&rela->relocs[i], &ref);
		if (ref.kind == REF_STRING && !strcmp(ref_string(&ref), sec->name))
			return true;
	}
	return false;
}

/* The function entry i of a marker section points at, made by macro. */
static struct symbol *marked_function(const struct cdo *cdo, const struct section *rela, size_t i,
				      const char *macro)
{
	struct ref ref;

	resolve_reloc(&rela->relocs[i], &ref);
	if (ref.kind != REF_SYMBOL || !is_func(ref.sym))
		die("%s: an entry of %s does not point at a function: not made by %s()",
		    cdo->patched_path, rela->base ? rela->base->name : rela->name, macro);
	return ref.sym;
}

void ignore_functions(struct cdo *cdo)
{
	struct section *rela = markers(cdo, IGNORE_FUNCTIONS);

	for (size_t i = 0; rela && i < rela->nr_relocs; i++) {
		struct symbol *fn = marked_function(cdo, rela, i, "KPATCH_IGNORE_FUNCTION");

		if (fn->status == CHANGED) {
			fn->status = SAME;
			dbg("unchanged: %s: KPATCH_IGNORE_FUNCTION", fn->name);
		}
	}
}

void report_force_unsafe(const struct cdo *cdo)
{
	struct section *rela = markers(cdo, FORCE_UNSAFE);

	for (size_t i = 0; rela && i < rela->nr_relocs; i++) {
		const char *name = marked_function(cdo, rela, i, "KPATCH_FORCE_UNSAFE")->name;

		printf("note: KPATCH_FORCE_UNSAFE(%s) has no effect with the kernel's livepatch: "
		       "the transition waits until no task is inside %s; if one never leaves it, "
		       "write 1 to /sys/kernel/livepatch/<module>/force once it is safe\n",
		       name, name);
	}
}
