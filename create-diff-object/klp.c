// SPDX-License-Identifier: GPL-2.0
/*
 * References from the livepatch to what stays in the running kernel.  The
 * module loader resolves only exported symbols; everything else becomes a
 * livepatch relocation, here in its intermediate form: a weak undefined
 * symbol ".klp.sym.<obj>.<name>,<sympos>" that survives the module link and
 * that klp-convert turns into SHN_LIVEPATCH afterwards.
 */
#include <string.h>

#include "cdo.h"

static bool loader_can_resolve(const struct cdo *cdo, const char *exporter)
{
	if (!exporter)
		return false;
	if (!strcmp(exporter, "vmlinux"))
		return true;
	/* Another module's export: a normal dependency.  The target's own: klp. */
	return strcmp(cdo->objname, "vmlinux") && strcmp(exporter, cdo->objname);
}

/*
 * Where a symbol lives: the target, or else a stacked module the patch is
 * built on (--base-module), whose object name is then returned.
 */
unsigned long sympos_in(struct cdo *cdo, const struct symbol *orig, const char **objname)
{
	bool local = orig->bind == STB_LOCAL;
	const char *file = local ? cdo->file : NULL;
	unsigned long pos = 0, size = orig->sec ? orig->size : 0;

	*objname = cdo->objname;
	if (target_sympos(cdo->target, orig->name, file, size, &pos) != SYMPOS_NOT_FOUND)
		return sympos_of(cdo, orig);
	for (size_t i = 0; i < cdo->nr_bases; i++) {
		switch (target_sympos(cdo->bases[i], orig->name, file, size, &pos)) {
		case SYMPOS_OK:
			*objname = cdo->bases[i]->objname;
			return pos;
		case SYMPOS_AMBIGUOUS:
			die("%s: '%s' has several copies in %s: cannot tell which one the patch means",
			    cdo->patched_path, orig->name, cdo->bases[i]->path);
		case SYMPOS_NOT_FOUND:
			break;
		}
	}
	return sympos_of(cdo, orig);
}

unsigned long sympos_of(struct cdo *cdo, const struct symbol *orig)
{
	bool local = orig->bind == STB_LOCAL;
	unsigned long pos = 0;

	switch (target_sympos(cdo->target, orig->name, local ? cdo->file : NULL,
			      orig->sec ? orig->size : 0, &pos)) {
	case SYMPOS_OK:
		return pos;
	case SYMPOS_NOT_FOUND:
		if (local && identical_copies(cdo, orig))
			return 1;
		die("%s: symbol '%s' is not in %s (%s): is it the image these objects were built for?",
		    cdo->patched_path, orig->name, cdo->target->path,
		    local ? "as a local of this file" : "as a global");
	case SYMPOS_AMBIGUOUS:
		die("%s: symbol '%s' of %s matches several symbols in %s: cannot tell which one the patch means",
		    cdo->patched_path, orig->name, cdo->file ? cdo->file : "this file",
		    cdo->target->path);
	}
	return 0;
}

/* An export of a symbol namespace must be imported (modpost and the loader check). */
static void note_namespace(struct cdo *cdo, const char *name)
{
	const struct symvers_entry *e = cdo->symvers ? strmap_get(&cdo->symvers->by_name, name) : NULL;

	if (e && e->ns && !strlist_has(&cdo->report.namespaces, e->ns))
		strlist_add(&cdo->report.namespaces, e->ns);
}

struct symbol *undefined_symbol(struct cdo *cdo, const char *name, unsigned char bind)
{
	struct symbol *sym = elf_find_symbol(cdo->out, name);

	if (sym)
		return sym;
	return elf_create_symbol(cdo->out, name, STT_NOTYPE, bind, NULL, 0, 0);
}

struct symbol *reference_symbol(struct cdo *cdo, const struct symbol *sym)
{
	const struct symbol *orig = sym->sec ? sym->twin : sym;
	const char *objname;
	unsigned long pos;
	char *name;
	struct symbol *ref;

	if (!orig)
		die("%s: internal error: '%s' is neither included nor in the original object",
		    cdo->patched_path, sym->name);
	/* An export, or a new global of another object of this livepatch: the link resolves it. */
	if (orig->bind != STB_LOCAL &&
	    (loader_can_resolve(cdo, symvers_exporter(cdo->symvers, orig->name)) ||
	     (!sym->sec && strmap_find(&cdo->provided, orig->name)))) {
		note_namespace(cdo, orig->name);
		return undefined_symbol(cdo, orig->name, orig->bind);
	}
	pos = sympos_in(cdo, orig, &objname);
	if (strcmp(objname, cdo->objname))
		report_add_ref(&cdo->report, objname, orig->name);
	name = xasprintf(".klp.sym.%s.%s,%lu", objname, orig->name, pos);
	ref = undefined_symbol(cdo, name, STB_WEAK);
	free(name);
	return ref;
}
