/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_INSN_H
#define KLP_INSN_H

#include <capstone/capstone.h>

#include "elf.h"

csh insn_handle(void);
/* Bytes from a PC-relative relocation to the end of its instruction. */
long pcrel_bias(const struct reloc *reloc);
/*
 * Where a relocation points, relative to its symbol: its addend, plus, for
 * a PC-relative one in code, the bytes to the end of its instruction (an
 * immediate may follow the displacement: "cmpl $0, x(%rip)").
 */
long reloc_target_offset(const struct reloc *reloc);
void insn_cleanup(void);
int arg_of_register(x86_reg reg);
/* The register a "mov $imm, %reg" loads, or X86_REG_INVALID. */
x86_reg mov_imm_target(const cs_insn *insn);
/* Where a relative branch or a RIP-relative operand of insn points, if it has one. */
bool insn_pcrel_target(const cs_insn *insn, unsigned long *target);
/* The length of a jump label site at p: a jmp or a nop of 5 or 2 bytes; 0 if neither. */
unsigned int jump_site_length(const unsigned char *p, unsigned long room);

#endif
