// SPDX-License-Identifier: GPL-2.0
/*
 * The state a livepatch shares with others: the shadow variable ids its
 * code uses (the constant id argument of its klp_shadow_* calls) and the
 * klp_state ids and versions it declares (KLP_STATE, .kpatch.states).  Two
 * stacked patches using one id share state, which makes the later one
 * depend on the earlier; a cumulative release carries states forward.
 */
#include <string.h>

#include "cdo.h"
#include "arch.h"
#include "klp-meta.h"

static const struct {
	const char *name;
	int id_arg;
} shadow_api[] = {
	{ "klp_shadow_get", 1 },
	{ "klp_shadow_alloc", 1 },
	{ "klp_shadow_get_or_alloc", 1 },
	{ "klp_shadow_free", 1 },
	{ "klp_shadow_free_all", 0 },
};

static int id_arg_of(const char *callee)
{
	for (size_t i = 0; i < ARRAY_SIZE(shadow_api); i++)
		if (!strcmp(shadow_api[i].name, callee))
			return shadow_api[i].id_arg;
	return -1;
}

static bool writes_arg(const cs_insn *insn, int arg)
{
	const cs_x86 *x = &insn->detail->x86;

	return x->op_count >= 1 && x->operands[0].type == X86_OP_REG &&
	       arg_of_register(x->operands[0].reg) == arg;
}

/* The constant loaded into argument arg before insn[i], or -1 if unknown. */
static long constant_arg(const cs_insn *insn, size_t i, int arg)
{
	for (size_t j = i; j-- > 0 && i - j <= 12;) {
		const cs_x86 *x = &insn[j].detail->x86;

		if (insn[j].id == X86_INS_CALL || insn[j].id == X86_INS_RET)
			return -1;
		if (!writes_arg(&insn[j], arg))
			continue;
		if (mov_imm_target(&insn[j]) != X86_REG_INVALID)
			return x->operands[1].imm;
		if (insn[j].id == X86_INS_XOR && x->op_count == 2 &&
		    x->operands[1].type == X86_OP_REG && x->operands[1].reg == x->operands[0].reg)
			return 0;
		/* -Os: push $imm; pop %reg */
		if (insn[j].id == X86_INS_POP && j > 0 && insn[j - 1].id == X86_INS_PUSH &&
		    insn[j - 1].detail->x86.operands[0].type == X86_OP_IMM)
			return insn[j - 1].detail->x86.operands[0].imm;
		return -1;
	}
	return -1;
}

static void scan_function(struct cdo *cdo, const struct symbol *func)
{
	cs_insn *insn;
	size_t n = cs_disasm(insn_handle(), func->sec->data + func->value, func->size, 0, 0, &insn);

	for (size_t i = 0; i < n; i++) {
		size_t nr;
		struct reloc *r;
		int arg;
		long id;

		if (insn[i].id != X86_INS_CALL && insn[i].id != X86_INS_JMP)
			continue;
		r = elf_relocs_in(func->sec, func->value + insn[i].address,
				  func->value + insn[i].address + insn[i].size, &nr);
		if (nr != 1 || (arg = id_arg_of(r->sym->name)) < 0)
			continue;
		id = constant_arg(insn, i, arg);
		if (id < 0) {
			strlist_add(&cdo->report.shadow, "?");
		} else {
			char *s = xasprintf("%ld", id);

			strlist_add(&cdo->report.shadow, s);
			free(s);
		}
	}
	cs_free(insn, n);
}

void report_shadow_ids(struct cdo *cdo)
{
	struct symbol *sym;

	for_each_symbol(cdo->patched, sym, i)
		if (is_func(sym) && sym->include && sym->sec && sym->sec->data)
			scan_function(cdo, sym);
}

/*
 * KLP_STATE(id, version) entries: two 8-byte words each, no relocations.
 * The driver collects them from every unit and builds klp_patch.states.
 */
void report_states(struct cdo *cdo)
{
	struct section *sec = elf_find_section(cdo->patched, KLP_META_STATES);

	if (!sec || !sec->data)
		return;
	if (sec->size % 16)
		die("%s: %s is %lu bytes, not a multiple of 16: not made by KLP_STATE()",
		    cdo->patched_path, KLP_META_STATES, (unsigned long)sec->size);
	for (size_t off = 0; off < sec->size; off += 16) {
		uint64_t entry[2];

		memcpy(entry, sec->data + off, sizeof(entry));
		if (!entry[0])
			die("%s: a KLP_STATE() with id 0, which ends the kernel's state list",
			    cdo->patched_path);
		report_add_state(&cdo->report, entry[0], entry[1]);
	}
}
