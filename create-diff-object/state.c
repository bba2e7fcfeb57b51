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

/* The constant loaded into argument arg before insn[i], or -1 if unknown. */
static long constant_arg(const struct insn *insn, size_t i, int arg)
{
	for (size_t j = i; j-- > 0 && i - j <= 12;) {
		if (insn[j].kind == INSN_CALL || insn[j].kind == INSN_RETURN)
			return -1;
		if (insn[j].first_arg == arg)
			return insn[j].loads_constant ? insn[j].constant : -1;
	}
	return -1;
}

static void scan_function(struct cdo *cdo, const struct symbol *func)
{
	struct insn *insn;
	size_t n = insn_decode(func->sec->data + func->value, func->size, 0, &insn);

	for (size_t i = 0; i < n; i++) {
		size_t nr;
		struct reloc *r;
		int arg;
		long id;

		if (insn[i].kind != INSN_CALL && insn[i].kind != INSN_JUMP)
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
	free(insn);
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
