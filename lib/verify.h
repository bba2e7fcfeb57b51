/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_VERIFY_H
#define KLP_VERIFY_H

/*
 * The verifier: a second, simple check of what create-diff-object wrote
 * for one translation unit, from the objects it came from, sharing none of
 * the engine's decisions.  It reads the output's code instruction by
 * instruction and its relocations, and proves three things the engine's
 * rules can miss for a code shape nobody foresaw:
 *
 *  - no PC-relative reference leaves a function without a relocation (the
 *    assembler resolves a call between two functions of one named section,
 *    such as .sched.text, itself: copied alone, it jumps into whatever
 *    lies at that distance in the module);
 *  - nothing the new code reaches in the running kernel lies in memory
 *    freed after boot (.init.*, .exit.* in the original object);
 *  - no table of code addresses the new code reads from the running kernel
 *    points inside a function the module replaces (a computed-goto table:
 *    the new code would jump into the old body).
 */
#include "elf.h"
#include "util.h"

/* Each problem, "FUNCTION+0xOFFSET: what and why", into problems. */
void verify_unit(const struct elf *orig, const struct elf *patched, const struct elf *out,
		 struct strlist *problems);

#endif
