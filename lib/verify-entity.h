/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_VERIFY_ENTITY_H
#define KLP_VERIFY_ENTITY_H

/*
 * What the verifier's checks share: what a reference designates, read the
 * same way in the patched object and in the output, and how a problem is
 * said.
 */
#include "elf.h"
#include "util.h"

/* A symbol's name and the offset in it, or a literal (a string, a constant). */
struct entity {
	char *name;
	long off;
};

/* What the relocation r designates, in its object. */
struct entity entity_of_reloc(const struct reloc *r);
/* What sec + off designates. */
struct entity entity_in(const struct section *sec, long off);
/* How much of name is its stem: count.3 -> count, __UNIQUE_ID_x_4 -> __UNIQUE_ID_x_. */
size_t stem_len(const char *name);
/*
 * The symbol of obj that fits and is named name; else the only one that
 * fits with name's stem (foo.isra.3, __func__.7), or NULL if none or
 * several (which is which is not ours to guess).  exact_numbered: a
 * numbered name found as it is counts (a function's clone); else only a
 * name without a number does (data numbered by the compiler's counter).
 */
const struct symbol *symbol_by_stem(const struct elf *obj, const char *name,
				    bool (*fits)(const struct symbol *), bool exact_numbered);
/* The same symbol (up to the compiler's numbering) and offset, or the same literal. */
bool same_entity(const struct entity *a, const struct entity *b);

/* The data a C compiler writes (.data*, .rodata*, not merged literals): what the engine copies. */
bool compiler_data(const struct section *sec);

/*
 * a's bytes [as, as + size) and b's from bs: the same bytes where no
 * relocation writes, the same entities where one does.  If not, *where is
 * the first difference's offset.
 */
bool ranges_equal(const struct section *a, unsigned long as, const struct section *b,
		  unsigned long bs, unsigned long size, unsigned long *where);

/* Whether a relocation writes into sec's bytes [start, start + size): an instruction's. */
bool relocated_range(const struct section *sec, unsigned long start, unsigned long size);

/* Whether the patch author asked for changes in sec to be left alone (KPATCH_IGNORE_SECTION). */
bool author_ignored(const struct elf *patched, const struct section *sec);
/* The same for a function (KPATCH_IGNORE_FUNCTION), or the section it is in. */
bool author_ignored_function(const struct elf *patched, const struct symbol *func);

/* Code of the kernel's tables' sites, reached through them (.altinstr_aux...), not a function. */
bool site_code(const struct section *sec);

/* The name a symbol of the output stands for in the running kernel (.klp.sym.OBJ.NAME,POS). */
char *running_name(const struct symbol *sym);

/* Adds "FUNC+0xAT: what" to problems, once. */
void verify_problem(struct strlist *problems, const struct symbol *func, unsigned long at,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
