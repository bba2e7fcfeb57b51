/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_INSN_H
#define CDO_INSN_H

#include <capstone/capstone.h>

#include "elf.h"

csh insn_handle(void);
/* Bytes from a PC-relative relocation to the end of its instruction. */
long pcrel_bias(const struct reloc *reloc);
void insn_cleanup(void);

#endif
