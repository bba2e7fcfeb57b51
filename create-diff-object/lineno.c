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
static const char *next_call(const struct symbol *func, const cs_insn *insn,
			     size_t i, size_t count)
{
	for (; i < count; i++) {
		size_t nr;
		struct reloc *r;

		if (insn[i].id == X86_INS_CALL) {
			r = elf_relocs_in(func->sec, func->value + insn[i].address,
					  func->value + insn[i].address + insn[i].size, &nr);
			return nr == 1 ? r->sym->name : NULL;
		}
		if (cs_insn_group(insn_handle(), &insn[i], CS_GRP_JUMP) ||
		    cs_insn_group(insn_handle(), &insn[i], CS_GRP_RET))
			return NULL;
	}
	return NULL;
}

static bool line_argument(const struct symbol *func, const cs_insn *insn,
			  size_t i, size_t count)
{
	x86_reg reg = mov_imm_target(&insn[i]);
	const char *callee;

	if (reg == X86_REG_INVALID)
		return false;
	callee = next_call(func, insn, i + 1, count);
	return callee && arg_of_register(reg) >= 0 &&
	       arg_of_register(reg) == line_arg_of(callee);
}

bool only_line_numbers_differ(const struct symbol *a, const struct symbol *b,
			      unsigned long *first_diff)
{
	cs_insn *ia = NULL, *ib = NULL;
	size_t na, nb;
	bool ok = true;

	na = cs_disasm(insn_handle(), a->sec->data + a->value, a->size, 0, 0, &ia);
	nb = cs_disasm(insn_handle(), b->sec->data + b->value, b->size, 0, 0, &ib);
	*first_diff = 0;
	if (na != nb || !na)
		ok = false;
	for (size_t i = 0; ok && i < na; i++) {
		if (ia[i].address != ib[i].address || ia[i].size != ib[i].size ||
		    ia[i].id != ib[i].id)
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
	cs_free(ia, na);
	cs_free(ib, nb);
	return ok;
}
