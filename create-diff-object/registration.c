// SPDX-License-Identifier: GPL-2.0
/*
 * Tables the kernel reads once, at boot, probe, suspend or module load:
 * initcalls, PCI fixups, module parameters, __setup handlers, exports,
 * tracepoint pointers.  A livepatch cannot add to them, take from them or
 * change them: the kernel never reads the module's copy.  An entry the
 * patch adds, removes or changes is refused by the table's name, never
 * dropped in silence ("no functional change").  Unchanged, they stay with
 * the running kernel and the livepatch carries none of them.
 */
#include <string.h>

#include "cdo.h"

static const struct registration {
	const char *prefix;
	const char *what;
} tables[] = {
	{ ".initcall", "an initcall (run once at boot)" },
	{ ".con_initcall", "a console initcall (run once at boot)" },
	{ ".security_initcall", "an LSM initcall (run once at boot)" },
	{ ".init.setup", "a __setup/early_param handler (read once at boot)" },
	{ ".pci_fixup_", "a PCI quirk (read at probe, suspend and resume)" },
	{ "__param", "a module_param (registered when the object loads)" },
	{ "___ksymtab", "an EXPORT_SYMBOL (read when modules load)" },
	{ "__ksymtab", "an EXPORT_SYMBOL (read when modules load)" },
	{ "__kcrctab", "an export's CRC (read when modules load)" },
	{ ".export_symbol", "an EXPORT_SYMBOL (read when modules load)" },
	{ "__tracepoints_ptrs", "a tracepoint (registered when the object loads)" },
	{ ".x86_cpu_dev.init", "a CPU vendor driver (read once at boot)" },
	{ "__earlycon_table", "an early console (read once at boot)" },
	{ "_kprobe_blacklist", "a NOKPROBE_SYMBOL entry (read when the object loads)" },
};

static const struct registration *registration_of(const struct section *sec)
{
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++)
		if (str_starts(sec->name, tables[i].prefix))
			return &tables[i];
	return NULL;
}

/* Whether two tables hold the same entries: the same bytes, pointing at the same things. */
static bool same_table(const struct section *o, const struct section *p)
{
	size_t no = o->rela ? o->rela->nr_relocs : 0, np = p->rela ? p->rela->nr_relocs : 0;

	if (o->size != p->size || no != np ||
	    (o->data && p->data && memcmp(o->data, p->data, o->size)))
		return false;
	for (size_t i = 0; i < no; i++) {
		const struct reloc *a = &o->rela->relocs[i], *b = &p->rela->relocs[i];
		struct ref ra, rb;

		if (a->offset != b->offset || a->type != b->type)
			return false;
		resolve_reloc(a, &ra);
		resolve_reloc(b, &rb);
		if (!refs_equal(&ra, &rb))
			return false;
	}
	return true;
}

static void refuse_table(const struct cdo *cdo, const struct section *sec, const char *how)
{
	const struct registration *r = registration_of(sec);

	refuse(cdo, "make the fix without it (the running kernel keeps its table), or ship it with a reboot",
	       "the patch %s %s in section '%s': the kernel reads that table only %s, never from a livepatch",
	       how, r->what, sec->name, strchr(r->what, '(') ? strchr(r->what, '(') : "");
}

void check_registrations(struct cdo *cdo)
{
	struct section *sec;

	for_each_section(cdo->patched, sec, i) {
		struct section *o;

		if (sec->sh.sh_type == SHT_RELA || !registration_of(sec))
			continue;
		o = elf_find_section(cdo->orig, sec->name);
		if (!o)
			refuse_table(cdo, sec, "adds");
		if (!same_table(o, sec))
			refuse_table(cdo, sec, "changes");
	}
	for_each_section(cdo->orig, sec, i)
		if (sec->sh.sh_type != SHT_RELA && registration_of(sec) &&
		    !elf_find_section(cdo->patched, sec->name))
			refuse_table(cdo, sec, "removes");
}
