/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_VERIFY_H
#define KLP_VERIFY_H

/*
 * The verifier: a second, simple check of what create-diff-object wrote
 * for one translation unit, from the objects it came from, sharing none of
 * the engine's decisions.  It reads the output's code instruction by
 * instruction and its relocations, and proves what the engine's rules can
 * miss for a code shape nobody foresaw:
 *
 *  - each function it carries is the patched object's, byte for byte, and
 *    each reference designates the same symbol and offset, string or
 *    constant (verify-refs.c), its static branches switching as the
 *    kernel would switch them (verify-branches.c);
 *  - no PC-relative reference leaves a function without a relocation (the
 *    assembler resolves a call between two functions of one named section,
 *    such as .sched.text, itself: copied alone, it jumps into whatever
 *    lies at that distance in the module);
 *  - nothing the new code reaches in the running kernel lies in memory
 *    freed after boot (.init.*, .exit.* in the original object);
 *  - no table of code addresses the new code reads from the running kernel
 *    points inside a function the module replaces (a computed-goto table:
 *    the new code would jump into the old body);
 *  - the tables the loader reads at load reach no other module's symbol
 *    through a livepatch relocation (verify-entries.c);
 *  - the data it copies is the patched object's (verify-data.c), and what
 *    differs outside functions is carried, never dropped in silence
 *    (verify-account.c), nor is a function that differs
 *    (verify-functions.c).
 */
#include "elf.h"
#include "util.h"

/*
 * The static branch check of fout, the output's copy of fpat: returns a
 * mask of fout's bytes (one per byte) that its tests of module keys account
 * for, each read back and checked.
 */
unsigned char *verify_branches(const struct elf *patched, const struct elf *out,
			       const struct symbol *fout, const struct symbol *fpat,
			       struct strlist *problems);

/*
 * The reference check of fout: the same bytes as fpat, the patched
 * object's function, and each reference designating the same thing (a
 * symbol and offset, a string, a constant); bytes in accounted excepted.
 */
void verify_references(const struct symbol *fout, const struct symbol *fpat,
		       const unsigned char *accounted, struct strlist *problems);

/*
 * The data check: each object (or object-less section, a jump table) the
 * output copies from the compiler's .data and .rodata has the patched
 * object's bytes, its relocations designating the same things.
 */
void verify_data(const struct elf *patched, const struct elf *out, struct strlist *problems);

/*
 * The accounting: each object of the compiler's .data and .rodata that
 * differs between orig and patched is one out (NULL: the engine found no
 * change) defines, and each text section's code outside functions
 * (assembly) is the same.  What would otherwise be dropped in silence.
 */
void verify_accounting(const struct elf *orig, const struct elf *patched, const struct elf *out,
		       struct strlist *problems);

/*
 * The accounting of functions: each function of patched that out does not
 * carry is orig's, up to lines that moved (verify-functions.c).
 */
void verify_functions(const struct elf *orig, const struct elf *patched, const struct elf *out,
		      struct strlist *problems);

/*
 * The tables the loader reads while the livepatch loads (jump labels,
 * static call sites, alternatives...) reach no other module's symbol
 * through a livepatch relocation, which is applied only later.
 */
void verify_entries(const struct elf *out, struct strlist *problems);

/*
 * Each problem, "FUNCTION+0xOFFSET: what and why", into problems; out is
 * NULL where the engine found no change (only the accounting applies).
 */
void verify_unit(const struct elf *orig, const struct elf *patched, const struct elf *out,
		 struct strlist *problems);

#endif
