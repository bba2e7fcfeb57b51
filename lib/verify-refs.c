// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's reference check (verify.h): each function of the output
 * next to the same function of the patched object, relocation by
 * relocation.  Both sides are read down to what they designate (a symbol
 * and an offset in it, a string, a constant), never through the engine's
 * correlation, so a reference the engine moved, dropped or resolved to the
 * wrong thing shows as two different entities.
 */
#include <string.h>

#include "arch.h"
#include "verify-entity.h"
#include "verify.h"

/* What the displacement at sec+at designates, read from the instruction (no relocation). */
static bool of_branch(const struct symbol *func, unsigned long at, struct entity *e)
{
	const struct section *sec = func->sec;
	unsigned long target = 0;
	bool found = false;
	struct insn *insn;
	size_t count = insn_decode(sec->data + func->value, func->size, func->value, &insn);

	for (size_t i = 0; i < count && !found; i++)
		if (at >= insn[i].address && at < insn[i].address + insn[i].size) {
			found = insn[i].has_target;
			target = insn[i].target;
		}
	free(insn);
	if (found)
		*e = entity_in(sec, (long)target);
	return found;
}

/* The relocation of func's code at offset rel from its start, or NULL. */
static const struct reloc *reloc_at(const struct symbol *func, unsigned long rel)
{
	size_t nr = 0;
	const struct reloc *r = func->sec->rela ?
		elf_relocs_in(func->sec, func->value + rel, func->value + rel + 1, &nr) : NULL;

	return nr ? r : NULL;
}

/* The entity each side designates at rel: both relocations, or the patched side's branch. */
static void compare_at(const struct symbol *fout, const struct symbol *fpat, unsigned long rel,
		       struct strlist *problems)
{
	const struct reloc *ro = reloc_at(fout, rel), *rp = reloc_at(fpat, rel);
	struct entity eo = { NULL, 0 }, ep = { NULL, 0 };

	if (!ro) {
		ep = entity_of_reloc(rp);
		verify_problem(problems, fout, fout->value + rel, "the patched code refers to %s%+ld "
			       "here, the module's copy to nothing", ep.name, ep.off);
		free(ep.name);
		return;
	}
	eo = entity_of_reloc(ro);
	if (rp)
		ep = entity_of_reloc(rp);
	else if (!of_branch(fpat, fpat->value + rel, &ep))
		ep.name = xstrdup("nothing (the bytes themselves)");
	if (!same_entity(&eo, &ep))
		verify_problem(problems, fout, fout->value + rel, "the module refers to %s%+ld where "
			       "the patched code refers to %s%+ld", eo.name, eo.off, ep.name, ep.off);
	free(eo.name);
	free(ep.name);
}

/* Marks in mask each byte a relocation of func writes, in starts each first byte. */
static void mark_relocs(const struct symbol *func, unsigned char *mask, unsigned char *starts)
{
	size_t nr = 0;
	const struct reloc *r = func->sec->rela ?
		elf_relocs_in(func->sec, func->value, func->value + func->size, &nr) : NULL;

	for (size_t k = 0; k < nr; k++) {
		starts[r[k].offset - func->value] = 1;
		for (unsigned int b = 0; b < reloc_width(r[k].type); b++)
			if (r[k].offset - func->value + b < func->size)
				mask[r[k].offset - func->value + b] = 1;
	}
}

void verify_references(const struct symbol *fout, const struct symbol *fpat,
		       const unsigned char *accounted, struct strlist *problems)
{
	unsigned char *mask, *starts;

	if (fout->size < fpat->size) {
		verify_problem(problems, fout, fout->value, "%lu bytes long, %lu in the patched object",
			       fout->size, fpat->size);
		return;
	}
	mask = xcalloc(fout->size, 1);
	starts = xcalloc(fout->size, 1);
	mark_relocs(fout, mask, starts);
	mark_relocs(fpat, mask, starts);
	for (unsigned long b = 0; b < fout->size; b++) {
		if (accounted[b])
			continue;
		if (b >= fpat->size)
			verify_problem(problems, fout, fout->value + b, "code after the end of the "
				       "patched object's function that nothing accounts for");
		else if (starts[b])
			compare_at(fout, fpat, b, problems);
		else if (!mask[b] && fout->sec->data[fout->value + b] !=
			 fpat->sec->data[fpat->value + b])
			verify_problem(problems, fout, fout->value + b,
				       "a byte differs from the patched object's");
		if (b >= fpat->size)
			break;
	}
	free(starts);
	free(mask);
}
