// SPDX-License-Identifier: GPL-2.0
/*
 * Calls to another module's static call trampoline, where objtool runs on
 * the final module (IBT kernels) and makes each call to a __SCT__
 * trampoline a static call site.  The site names the key when the module's
 * symbol table has it (the compiler's __ADDRESSABLE(key) of static_call()
 * puts it there; that entry of .discard.addressable has no function, so
 * nothing carries it into the output), else the trampoline.  The loader
 * maps only vmlinux's trampolines to their keys and refuses the module
 * (EINVAL) for another module's: the output names the key itself.
 */
#include <string.h>

#include "arch.h"
#include "cdo.h"

/* What __ADDRESSABLE(key) does: an entry of .discard.addressable naming it. */
static void addressable(struct cdo *cdo, const char *key)
{
	struct section *sec = elf_find_section(cdo->out, ".discard.addressable");
	const unsigned long zero = 0;

	if (elf_find_symbol(cdo->out, key))
		return;
	if (!sec)
		sec = elf_create_section(cdo->out, ".discard.addressable", SHT_PROGBITS, 0, 8, 0,
					 NULL, 0);
	elf_add_reloc(sec, elf_append(sec, &zero, sizeof(zero), 8), R_ABS64,
		      undefined_symbol(cdo, key, STB_GLOBAL), 0);
}

void static_call_key(struct cdo *cdo, const struct reloc *r, const struct symbol *sym)
{
	const char *exporter;
	const struct symbol *func;
	char *key;

	/* every symbol reference passes here: the cheap tests first */
	if (!cdo->objtool_later || sym->sec || !str_starts(sym->name, "__SCT__") ||
	    !(exporter = symvers_exporter(cdo->symvers, sym->name)) || !strcmp(exporter, "vmlinux"))
		return;
	key = xasprintf("__SCK__%s", sym->name + strlen("__SCT__"));
	func = elf_symbol_at(r->sec->base, r->offset);
	if (!symvers_exporter(cdo->symvers, key))
		refuse(cdo, "write the call as KLP_STATIC_CALL(name)(args) in the patch (kpatch-macros.h): an indirect call through the key",
		       "'%s' calls '%s', the static call trampoline of module %s, whose key is not exported: objtool makes that a static call site naming the trampoline, which the loader cannot fix up for another module's (the module would not load)",
		       func ? func->name : r->sec->base->name, sym->name, exporter);
	addressable(cdo, key);
	free(key);
}
