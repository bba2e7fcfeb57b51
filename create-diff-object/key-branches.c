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
#include "cdo.h"
#include "arch.h"
#include "special.h"

/* Where the thunk of a new 2-byte site of func will be, from func's start. */
static unsigned long short_thunk_at(const struct cdo *cdo, const struct symbol *func)
{
	unsigned long at = func->size;

	for (size_t i = 0; i < cdo->nr_branches; i++)
		if (cdo->branches[i].func == func && cdo->branches[i].len == 2)
			at += KEY_TEST_SIZE;
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
