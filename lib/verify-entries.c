// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's check of the tables the module carries for the loader
 * (verify.h).  The loader reads jump labels, static call sites,
 * alternatives and the other tables below while the livepatch loads, and
 * applies the livepatch relocations into another module (.klp.sym.MOD.*)
 * only when that module is there, later; vmlinux's it applies at load,
 * before reading them.  An entry, or replacement code, that reaches
 * another module's symbol that way would keep an unresolved address.
 */
#include <string.h>

#include "arch.h"
#include "klp-convert.h"
#include "verify-entity.h"
#include "verify.h"

static const char *const read_at_load[] = {
	"__jump_table", ".altinstructions", ".altinstr_replacement", "__ex_table", "__bug_table",
	ARCH_LOAD_TABLES
};

/* The object of a .klp.sym.OBJ.NAME,POS symbol, or NULL for any other symbol. */
static char *klp_object(const struct symbol *sym)
{
	const char *obj = sym->name + strlen(KLP_SYM_PREFIX);

	if (sym->sec || !str_starts(sym->name, KLP_SYM_PREFIX) || !strchr(obj, '.'))
		return NULL;
	return xstrndup(obj, strcspn(obj, "."));
}

static void check_table(const struct section *table, struct strlist *problems)
{
	struct symbol what = { .name = table->name };

	for (size_t i = 0; table->rela && i < table->rela->nr_relocs; i++) {
		const struct reloc *r = &table->rela->relocs[i];
		char *obj = klp_object(r->sym), *name;

		if (obj && strcmp(obj, "vmlinux")) {
			name = running_name(r->sym);
			verify_problem(problems, &what, r->offset, "reaches %s of module %s through a "
				       "livepatch relocation, which the loader applies only when %s "
				       "loads, after it has read this table: the entry would keep an "
				       "unresolved address", name, obj, obj);
			free(name);
		}
		free(obj);
	}
}

void verify_entries(const struct elf *out, struct strlist *problems)
{
	for (size_t k = 0; k < ARRAY_SIZE(read_at_load); k++) {
		const struct section *table = elf_find_section(out, read_at_load[k]);

		if (table)
			check_table(table, problems);
	}
}
