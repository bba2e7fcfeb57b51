// SPDX-License-Identifier: GPL-2.0
/*
 * Static branches on a key of the patched module (its tracepoints, its
 * dynamic debug descriptors).  The kernel reads a module's __jump_table
 * when the module loads, but the livepatch reaches a key of another module
 * only through a livepatch relocation, which the loader applies later,
 * when that module is there: an entry for it would name no key at all.
 *
 * So such a branch becomes a test of the key.  Its site jumps to a thunk
 * appended to the function, inside its symbol, that does what the jump
 * label code would have made of the site:
 *
 *	cmpl $0, key(%rip)	static_key_enabled(): the count is above 0
 *	jg   target		(jle when the entry's branch bit is set)
 *	jmp  site + 5
 *
 * and the entry is dropped.  A 5-byte site can reach its thunk anywhere; a
 * 2-byte one (a short jmp, or the nop objtool made of it) only within 127
 * bytes, so the thunks of those come first, and a site farther from the
 * end of its function is refused.  The key is read through a livepatch
 * relocation in the thunk, applied before the function can run.  The
 * thunk moves no stack: its ORC entry is the site's (objtool, where it
 * runs on the final module, finds the same by following the jumps).
 */
#include <string.h>

#include "cdo.h"
#include "insn.h"
#include "special.h"

#define THUNK_SIZE 18
#define CMP_DISP 2		/* cmpl $0, disp32(%rip): 83 3d disp32 00 */
#define JCC_DISP 9		/* jg/jle rel32: 0f 8f/8e rel32 */
#define JMP_DISP 14		/* jmp rel32: e9 rel32 */

/* Where the thunk of a new 2-byte site of func will be, from func's start. */
static unsigned long short_thunk_at(const struct cdo *cdo, const struct symbol *func)
{
	unsigned long at = func->size;

	for (size_t i = 0; i < cdo->nr_branches; i++)
		if (cdo->branches[i].func == func && cdo->branches[i].len == 2)
			at += THUNK_SIZE;
	return at;
}

void note_key_branch(struct cdo *cdo, const struct section *table, unsigned long start,
		     struct symbol *func, const char *key)
{
	const struct special *s = special_lookup(table->name);
	long at_target = entry_field(cdo, s, FIELD_TARGET), at_key = entry_field(cdo, s, FIELD_KEY);
	struct ref code, target, k;
	const unsigned char *p;
	struct key_branch *b;
	unsigned int len;

	if (!reloc_at(table, start, &code) || !reloc_at(table, start + at_target, &target) ||
	    !reloc_at(table, start + at_key, &k) || code.kind != REF_SYMBOL || code.sym != func ||
	    target.kind != REF_SYMBOL || code.offset < 0 || (unsigned long)code.offset >= func->size ||
	    !func->sec->data)
		die("%s: %s+0x%lx: a jump entry of '%s' that is not a site and target in code",
		    cdo->patched_path, table->name, start, func->name);
	for (size_t i = 0; i < cdo->nr_branches; i++)
		if (cdo->branches[i].func == func && cdo->branches[i].site == (unsigned long)code.offset)
			return;
	p = func->sec->data + func->value + code.offset;
	len = jump_site_length(p, func->size - code.offset);
	if (!len)
		die("%s: %s+0x%lx: the jump label site of '%s' is neither a jmp nor a nop",
		    cdo->patched_path, func->name, code.offset, func->name);
	if (len == 2 && short_thunk_at(cdo, func) - (code.offset + 2) > 127)
		refuse(cdo, "test the key with static_key_enabled() instead of a static branch",
		       "function '%s' branches on key '%s' of module '%s' with a 2-byte %s at +0x%lx, more than 127 bytes from the end of the function, where the test of the key that replaces it must go (a jump entry for that key would be resolved only after the module's own initialisation)",
		       func->name, key, cdo->objname, p[0] == 0xeb ? "jump" : "nop", code.offset);
	include_ref(cdo, &target);
	GROW(cdo->branches, cdo->alloc_branches, cdo->nr_branches);
	b = &cdo->branches[cdo->nr_branches++];
	*b = (struct key_branch){
		.func = func, .site = code.offset, .target = target,
		.key = elf_relocs_in(table, start + at_key, start + at_key + 1, &(size_t){ 0 }),
		.branch = k.offset & 1, .len = len,
	};
}

bool in_key_branch_site(const struct cdo *cdo, const struct symbol *func, unsigned long off)
{
	for (size_t i = 0; i < cdo->nr_branches; i++) {
		const struct key_branch *b = &cdo->branches[i];

		if (b->func == func && off >= b->site && off < b->site + b->len)
			return true;
	}
	return false;
}

static void put_rel32(unsigned char *p, long disp)
{
	int32_t v = (int32_t)disp;

	memcpy(p, &v, sizeof(v));
}

static void append_thunk(struct cdo *cdo, struct section *out, unsigned long off,
			 struct key_branch *b)
{
	unsigned char t[THUNK_SIZE] = { 0x83, 0x3d, 0, 0, 0, 0, 0x00, 0x0f, 0x8f, 0, 0, 0, 0, 0xe9 };
	unsigned long thunk = elf_append(out, t, sizeof(t), 1), site = off + b->site;

	if (b->branch)
		out->data[thunk + 8] = 0x8e;
	if (b->target.sym == b->func)
		put_rel32(out->data + thunk + JCC_DISP,
			  (long)(off + b->target.offset) - (long)(thunk + JCC_DISP + 4));
	put_rel32(out->data + thunk + JMP_DISP, (long)(site + b->len) - (long)(thunk + THUNK_SIZE));
	if (b->len == 2) {
		out->data[site] = 0xeb;
		out->data[site + 1] = (unsigned char)(thunk - (site + 2));
	} else {
		out->data[site] = 0xe9;
		put_rel32(out->data + site + 1, (long)thunk - (long)(site + 5));
	}
	b->thunk = thunk;
	note_thunk(cdo, b->func, b->site, thunk);
}

/*
 * After func's bytes at off in out: its thunks (those of 2-byte sites
 * first, in the order short_thunk_at() counted them), each site turned
 * into a jump to its own.  The copy's symbol covers them.
 */
void append_thunks(struct cdo *cdo, const struct symbol *func, struct section *out,
		   unsigned long off)
{
	for (unsigned int len = 2; len <= 5; len += 3) {
		for (size_t i = 0; i < cdo->nr_branches; i++) {
			struct key_branch *b = &cdo->branches[i];

			if (b->func == func && b->len == len)
				append_thunk(cdo, out, off, b);
		}
	}
}

/*
 * The thunks' relocations: the key, and a target outside the function
 * (its .cold part), against the section symbol, which objtool follows as
 * a jump and not as a call.
 */
void emit_thunk_relocs(struct cdo *cdo)
{
	for (size_t i = 0; i < cdo->nr_branches; i++) {
		struct key_branch *b = &cdo->branches[i];
		struct symbol *copy = b->func->priv, *key, *target;
		long addend;

		output_translate(cdo, b->key, &key, &addend);
		elf_add_reloc(copy->sec, b->thunk + CMP_DISP, R_X86_64_PC32, key,
			      (addend & ~3L) - 5);
		if (b->target.sym == b->func)
			continue;
		target = b->target.sym->priv;
		if (!target)
			die("%s: internal error: the branch target %s of %s is not included",
			    cdo->patched_path, b->target.sym->name, b->func->name);
		elf_add_reloc(copy->sec, b->thunk + JCC_DISP, R_X86_64_PC32,
			      elf_section_symbol(target->sec),
			      (long)target->value + b->target.offset - 4);
	}
}
