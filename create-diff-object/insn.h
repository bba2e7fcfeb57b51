/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_INSN_H
#define CDO_INSN_H

#include <capstone/capstone.h>

#include "elf.h"

csh insn_handle(void);
/* Bytes from a PC-relative relocation to the end of its instruction. */
long pcrel_bias(const struct reloc *reloc);
void insn_cleanup(void);
int arg_of_register(x86_reg reg);
/* The register a "mov $imm, %reg" loads, or X86_REG_INVALID. */
x86_reg mov_imm_target(const cs_insn *insn);

#endif
