// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's check of branches the engine rewrites (verify.h), both
 * through code it appends to the function.  Each jump label site of a
 * patched function is either kept (the same bytes, and a jump entry of the
 * output for it) or, for a key of another module, a jump to a test of the
 * key, read back here: it must branch as the kernel would patch the site,
 * to the entry's target when "the key is enabled" differs from the entry's
 * branch bit.  Each short (rel8) jump that leaves the function (a tail call
 * within a shared named section) must lead to a rel32 jump whose
 * relocation designates where the patched code's jump goes.
 */
#include <string.h>

#include "arch.h"
#include "verify-entity.h"
#include "verify.h"

/* x86-64 struct jump_entry: s32 code, s32 target, long key (bit 0: branch). */
#define ENTRY_SIZE	16
#define ENTRY_TARGET	4
#define ENTRY_KEY	8

struct site {
	unsigned long at;		/* from the start of the patched function */
	const struct reloc *target, *key;
};

/* The relocation of sec at exactly off, or NULL. */
static const struct reloc *reloc_exactly(const struct section *sec, unsigned long off)
{
	size_t nr = 0;
	const struct reloc *r = sec->rela ? elf_relocs_in(sec, off, off + 1, &nr) : NULL;

	return nr && r->offset == off ? r : NULL;
}

/* Where in func the relocation r (of a table, so no instruction to skip) points, or -1. */
static long offset_in(const struct reloc *r, const struct symbol *func)
{
	long off = (r->sym->type == STT_SECTION ? 0 : (long)r->sym->value) + r->addend -
		   (long)func->value;

	return r->sym->sec == func->sec && off >= 0 && off < (long)func->size ? off : -1;
}

/* Whether out's __jump_table has an entry for fout + at. */
static bool entry_kept(const struct elf *out, const struct symbol *fout, unsigned long at)
{
	const struct section *table = elf_find_section(out, "__jump_table");

	for (size_t i = 0; table && table->rela && i < table->rela->nr_relocs; i++) {
		const struct reloc *r = &table->rela->relocs[i];

		if (r->offset % ENTRY_SIZE == 0 && offset_in(r, fout) == (long)at)
			return true;
	}
	return false;
}

/* Where the jump at a site of fout leads, from fout's start; -1 if it is no jump. */
static long jump_at(const struct symbol *fout, unsigned long at, unsigned int len)
{
	long to;

	return read_jump(fout->sec->data + fout->value + at, len, &to) ? (long)at + to : -1;
}

/* Where the test's conditional jump leads: its relocation, or within fout (target from t). */
static struct entity test_target(const struct symbol *fout, unsigned long t, long target)
{
	const struct reloc *far = reloc_exactly(fout->sec, fout->value + t + KEY_TEST_TARGET);
	struct entity e = { NULL, (long)t + target };

	if (far)
		return entity_of_reloc(far);
	e.name = xstrdup(fout->name);
	return e;
}

/* The test of the key at t of fout, for the site s of len bytes: the key, the sense, the targets. */
static bool thunk_right(const struct symbol *fout, const struct site *s, unsigned int len,
			unsigned long t)
{
	const struct reloc *key = reloc_exactly(fout->sec, fout->value + t + KEY_TEST_KEY);
	struct entity want_key, got_key, want_target, got_target;
	long target, back;
	bool inverted, right;

	/* the kernel jumps to the target when "enabled" differs from the branch bit */
	if (t + KEY_TEST_SIZE > fout->size || !key ||
	    !read_key_test(fout->sec->data + fout->value + t, &inverted, &target, &back) ||
	    inverted != (bool)(s->key->addend & 1) || (long)t + back != (long)(s->at + len))
		return false;
	want_key = entity_of_reloc(s->key);
	want_key.off &= ~3L;
	got_key = entity_of_reloc(key);
	want_target = entity_of_reloc(s->target);
	got_target = test_target(fout, t, target);
	right = same_entity(&want_key, &got_key) && same_entity(&want_target, &got_target);
	free(want_key.name);
	free(got_key.name);
	free(want_target.name);
	free(got_target.name);
	return right;
}

/* One site: kept with its jump entry, or a jump to a right test of its key. */
static void check_site(const struct elf *out, const struct symbol *fout,
		       const struct symbol *fpat, const struct site *s, unsigned char *mask,
		       struct strlist *problems)
{
	const unsigned char *q = fpat->sec->data + fpat->value + s->at;
	unsigned int len = jump_site_length(q, fpat->size - s->at);
	long t;

	if (!len || s->at + len > fout->size)
		return;		/* not a site the verifier knows: its bytes are compared */
	if (!memcmp(fout->sec->data + fout->value + s->at, q, len)) {
		if (!entry_kept(out, fout, s->at))
			verify_problem(problems, fout, fout->value + s->at, "a static branch whose "
				       "jump entry the module dropped: the kernel would never switch it");
		return;
	}
	t = jump_at(fout, s->at, len);
	if (t < (long)fpat->size || !thunk_right(fout, s, len, t)) {
		verify_problem(problems, fout, fout->value + s->at, "the static branch's site jumps "
			       "to code that is not a test of its key branching as the kernel would");
		return;
	}
	memset(mask + s->at, 1, len);
	memset(mask + t, 1, KEY_TEST_SIZE);
}

/* The short jump insn of fpat that leaves it, against fout's, at the same place. */
static void check_far_jump(const struct symbol *fout, const struct symbol *fpat,
			   const struct insn *insn, unsigned long target, unsigned char *mask,
			   struct strlist *problems)
{
	unsigned long disp = insn->address + insn->size - 1 - fpat->value;
	long t = (long)(insn->address + insn->size - fpat->value) +
		 (signed char)fout->sec->data[fout->value + disp];
	long to;
	const struct reloc *r = t >= (long)fpat->size && t + JUMP32_SIZE <= (long)fout->size &&
				read_jump(fout->sec->data + fout->value + t, JUMP32_SIZE, &to) ?
				reloc_exactly(fout->sec, fout->value + t + JUMP32_DISP) : NULL;
	struct entity want, got;

	if (fout->sec->data[fout->value + disp] == fpat->sec->data[fpat->value + disp])
		return;		/* kept as it is: the escape check says where it lands */
	if (!r) {
		verify_problem(problems, fout, fout->value + disp - 1, "the short jump leads to no "
			       "jump a relocation directs");
		return;
	}
	want = entity_in(fpat->sec, (long)target);
	got = entity_of_reloc(r);
	if (!same_entity(&want, &got))
		verify_problem(problems, fout, fout->value + disp - 1, "the short jump leads to "
			       "%s%+ld where the patched code's leads to %s%+ld", got.name, got.off,
			       want.name, want.off);
	mask[disp] = 1;
	memset(mask + t, 1, JUMP32_SIZE);
	free(want.name);
	free(got.name);
}

/* Each short jump of fpat whose target is outside it. */
static void check_far_jumps(const struct symbol *fout, const struct symbol *fpat,
			    unsigned char *mask, struct strlist *problems)
{
	struct insn *insn;
	size_t count = insn_decode(fpat->sec->data + fpat->value, fpat->size, fpat->value, &insn);

	for (size_t i = 0; i < count; i++) {
		unsigned long target = insn[i].target;

		if (insn[i].branch_width == 1 && insn[i].has_target &&
		    (target < fpat->value || target >= fpat->value + fpat->size))
			check_far_jump(fout, fpat, &insn[i], target, mask, problems);
	}
	free(insn);
}

unsigned char *verify_branches(const struct elf *patched, const struct elf *out,
			       const struct symbol *fout, const struct symbol *fpat,
			       struct strlist *problems)
{
	const struct section *table = elf_find_section(patched, "__jump_table");
	unsigned char *mask = xcalloc(fout->size, 1);

	for (size_t i = 0; table && table->rela && i < table->rela->nr_relocs; i++) {
		const struct reloc *r = &table->rela->relocs[i];
		struct site s = { 0 };
		long at = offset_in(r, fpat);

		if (r->offset % ENTRY_SIZE || at < 0)
			continue;
		s.at = (unsigned long)at;
		s.target = reloc_exactly(table, r->offset + ENTRY_TARGET);
		s.key = reloc_exactly(table, r->offset + ENTRY_KEY);
		if (s.target && s.key)
			check_site(out, fout, fpat, &s, mask, problems);
	}
	check_far_jumps(fout, fpat, mask, problems);
	return mask;
}
