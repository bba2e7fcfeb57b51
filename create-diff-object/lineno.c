// SPDX-License-Identifier: GPL-2.0
/*
 * __LINE__ is baked into code as an immediate argument of a few helpers
 * (might_sleep and friends): a patch that only moves lines must not make
 * every later function look changed.
 */
#include <string.h>

#include "cdo.h"
#include "arch.h"

/* Helpers taking __LINE__, and which argument (0-based) carries it. */
static const struct {
	const char *name;
	int arg;
} line_helpers[] = {
	{ "__might_sleep", 1 },
	{ "__might_resched", 1 },
	{ "__might_fault", 1 },
	{ "__cant_sleep", 1 },
	{ "__cant_migrate", 1 },
	{ "__warn", 1 },
	{ "warn_slowpath_fmt", 1 },
	{ "lockdep_rcu_suspicious", 1 },
	{ "__ext4_error", 2 },
	{ "__ext4_error_inode", 2 },
	{ "__ext4_error_file", 2 },
	{ "__ext4_std_error", 2 },
	{ "__ext4_warning", 2 },
	{ "__ext4_warning_inode", 2 },
	{ "__btrfs_handle_fs_error", 2 },
	{ "btrfs_assertfail", 2 },
	{ "assfail", 3 },
};

static int line_arg_of(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(line_helpers); i++)
		if (!strcmp(line_helpers[i].name, name))
			return line_helpers[i].arg;
	return -1;
}

/* The helper the next call after insn[i] goes to, if no jump comes first. */
static const char *next_call(const struct symbol *func, const struct insn *insn,
			     size_t i, size_t count)
{
	for (; i < count; i++) {
		size_t nr;
		struct reloc *r;

		if (insn[i].kind == INSN_CALL) {
			r = elf_relocs_in(func->sec, func->value + insn[i].address,
					  func->value + insn[i].address + insn[i].size, &nr);
			return nr == 1 ? r->sym->name : NULL;
		}
		if (insn[i].kind == INSN_JUMP || insn[i].kind == INSN_JUMP_COND ||
		    insn[i].kind == INSN_RETURN)
			return NULL;
	}
	return NULL;
}

static bool line_argument(const struct symbol *func, const struct insn *insn,
			  size_t i, size_t count)
{
	const char *callee;

	if (!insn[i].imm_reg)
		return false;
	callee = next_call(func, insn, i + 1, count);
	return callee && insn[i].first_arg >= 0 &&
	       insn[i].first_arg == line_arg_of(callee);
}

bool only_line_numbers_differ(const struct symbol *a, const struct symbol *b,
			      unsigned long *first_diff)
{
	struct insn *ia, *ib;
	size_t na, nb;
	bool ok = true;

	na = insn_decode(a->sec->data + a->value, a->size, 0, &ia);
	nb = insn_decode(b->sec->data + b->value, b->size, 0, &ib);
	*first_diff = 0;
	if (na != nb || !na)
		ok = false;
	for (size_t i = 0; ok && i < na; i++) {
		if (ia[i].address != ib[i].address || ia[i].size != ib[i].size ||
		    ia[i].opcode != ib[i].opcode)
			ok = false;
		else if (memcmp(ia[i].bytes, ib[i].bytes, ia[i].size)) {
			if (!*first_diff)
				*first_diff = ia[i].address;
			ok = line_argument(a, ia, i, na) && line_argument(b, ib, i, nb);
		}
	}
	/* Disassembly must cover the whole function to vouch for it. */
	if (ok && ia[na - 1].address + ia[na - 1].size != a->size)
		ok = false;
	free(ia);
	free(ib);
	return ok;
}
