// SPDX-License-Identifier: GPL-2.0
/*
 * Each relocation of an included piece re-aimed in the output: at the
 * copy, the original (via klp.c) or the copied literal, with the checks
 * that the running kernel can resolve it when it must.
 */
#include <string.h>

#include "arch.h"
#include "cdo.h"
#include "special.h"

struct section *output_section_for(struct cdo *cdo, const struct section *sec)
{
	struct section *out = elf_find_section(cdo->out, sec->name);

	if (out && !out->link && out->sh.sh_type == sec->sh.sh_type)
		return out;
	return elf_create_section(cdo->out, sec->name, sec->sh.sh_type,
				  sec->sh.sh_flags & ~(unsigned long)SHF_GROUP,
				  sec->sh.sh_addralign, sec->sh.sh_entsize, NULL, 0);
}

/*
 * Where offset off (an addend: a PC-relative one may point before the start)
 * of a section included whole or in pieces landed, in *out.
 */
static bool piece_offset(const struct section *sec, const struct pieces *ps, long off, long *out)
{
	if (ps->nr == 1 && !ps->p[0].start && ps->p[0].end == sec->size) {
		*out = ps->p[0].base + off;
		return true;
	}
	for (size_t i = 0; off >= 0 && i < ps->nr; i++) {
		if ((unsigned long)off >= ps->p[i].start && (unsigned long)off <= ps->p[i].end) {
			*out = ps->p[i].base + (off - ps->p[i].start);
			return true;
		}
	}
	return false;
}

/*
 * Offset of a copy of the literal (a string, or a constant of the section's
 * entry size) in the output's section of that name, each literal once.
 */
static unsigned long output_literal(struct cdo *cdo, const struct ref *ref,
				    struct section **outp)
{
	struct section *out = output_section_for(cdo, ref->sec);
	const unsigned char *bytes = ref->sec->data + ref->start;
	size_t len = ref->kind == REF_STRING ? strlen(ref_string(ref)) + 1 : ref->sec->sh.sh_entsize;
	struct strmap *seen = out->priv;
	unsigned long off;
	char *key;

	if (!seen) {
		seen = out->priv = xcalloc(1, sizeof(*seen));
		strmap_init(seen, 64);
	}
	*outp = out;
	if (ref->kind == REF_STRING) {
		key = xstrdup(ref_string(ref));
	} else {
		key = xmalloc(2 * len + 1);
		for (size_t i = 0; i < len; i++)
			sprintf(key + 2 * i, "%02x", bytes[i]);
	}
	off = (unsigned long)strmap_get(seen, key);
	if (off) {
		free(key);
		return off - 1;
	}
	off = elf_append(out, bytes, len, ref->sec->sh.sh_addralign);
	strmap_add(seen, key, (void *)(off + 1));
	return off;
}

/*
 * A replaced function's address taken by the new code or data, not called:
 * the running one, the address every other user has (skb->destructor ==
 * sock_wfree), and one that outlives the module.  Calls go to the new copy,
 * where ftrace sends the running one anyway; special tables keep theirs.
 */
static bool running_address(const struct reloc *r, const struct ref *ref)
{
	return is_func(ref->sym) && ref->sym->status == CHANGED && ref->sym->twin &&
	       takes_address(r, ref) && !special_lookup(r->sec->base->name);
}

void output_translate(struct cdo *cdo, const struct reloc *r,
		      struct symbol **sym, long *addend)
{
	struct ref ref;
	struct section *out;
	struct pieces *ps;
	bool use_copy;
	long base;

	resolve_reloc(r, &ref);
	switch (ref.kind) {
	case REF_SYMBOL:
		use_copy = ref.sym->include && !running_address(r, &ref);
		if (!use_copy)
			static_call_key(cdo, r, ref.sym);
		*sym = use_copy ? ref.sym->priv : reference_symbol(cdo, ref.sym);
		*addend = ref.offset;
		return;
	case REF_STRING:
	case REF_CONSTANT:
		*addend = output_literal(cdo, &ref, &out) + ref.offset;
		*sym = elf_section_symbol(out);
		return;
	case REF_SECTION:
		ps = ref.sec->priv;
		if (!ps || !ps->out || !piece_offset(ref.sec, ps, ref.offset, &base))
			die("%s: internal error: %s+0x%lx is referenced but not included",
			    cdo->patched_path, ref.sec->name, ref.offset);
		*sym = elf_section_symbol(ps->out);
		*addend = base;
		return;
	}
}

/*
 * The loader applies a module's livepatch relocations only when the patched
 * module is there, after the livepatch module's alternatives were patched in
 * and its special tables read: one in replacement code or in a table entry
 * would leave an unresolved address in place.  vmlinux's are applied at
 * load, before those.
 */
static void check_applied_in_time(const struct cdo *cdo, const struct section *outsec,
				  const struct symbol *sym)
{
	const struct special *s = special_lookup(outsec->name);

	if (!strcmp(cdo->objname, "vmlinux") || !str_starts(sym->name, ".klp.sym.") ||
	    (!str_starts(outsec->name, ".altinstr_replacement") && (!s || s->kind != ENTRIES)))
		return;
	refuse(cdo, "keep the module's own symbols out of the alternative's replacement and of WARN/BUG/extable sites (use them in plain code next to it)",
	       "replacement code or a table entry in %s refers to '%s' of module '%s' through a livepatch relocation, which the loader applies only after the livepatch's alternatives and tables are set up: the copy would keep an unresolved address",
	       outsec->name, sym->name, cdo->objname);
}

/*
 * objtool reads its annotations (.discard.reachable and the like) only as
 * "section symbol + offset"; given a function symbol it gives up on the
 * whole object, and on a kernel where it runs on the final module (IBT)
 * the module is then left without ORC data or return-thunk sites.
 */
static void annotation_target(const struct section *outsec, struct symbol **sym, long *addend)
{
	if (!str_starts(outsec->name, ".discard.") || !(*sym)->sec || (*sym)->type == STT_SECTION)
		return;
	*addend += (*sym)->value;
	*sym = elf_section_symbol((*sym)->sec);
}

void output_relocs(struct cdo *cdo, struct section *outsec, unsigned long outoff,
		   const struct section *insec, unsigned long start,
		   unsigned long end)
{
	size_t nr;
	struct reloc *r = elf_relocs_in(insec, start, end, &nr);

	for (size_t i = 0; i < nr; i++) {
		struct symbol *sym = NULL;
		long addend = 0;

		/* a short jump's site leads to an appended rel32 jump: that carries it */
		if (is_far_jump(&r[i])) {
			output_translate(cdo, &r[i], &sym, &addend);
			elf_add_reloc(outsec, far_jump_at(cdo, &r[i]) + JUMP32_DISP, R_BRANCH32, sym,
				      addend + 1 - 4);	/* the rel8's addend counted 1 byte, not 4 */
			continue;
		}
		/* a site made a jump to its thunk keeps no relocation */
		if (cdo->nr_branches && is_text(insec)) {
			struct symbol *func = elf_symbol_at(insec, r[i].offset);

			if (func && in_key_branch_site(cdo, func, r[i].offset - func->value))
				continue;
		}
		output_translate(cdo, &r[i], &sym, &addend);
		check_applied_in_time(cdo, outsec, sym);
		annotation_target(outsec, &sym, &addend);
		elf_add_reloc(outsec, outoff + r[i].offset - start, r[i].type, sym,
			      addend);
	}
}
