/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_CONVERT_H
#define KLP_CONVERT_H

#include "elf.h"

#define KLP_SYM_PREFIX	".klp.sym."
#define KLP_RELA_PREFIX	".klp.rela."

/*
 * Turn the intermediate form left by create-diff-object (relocations
 * against weak undefined ".klp.sym.<obj>.<name>,<pos>" symbols) into the
 * kernel's livepatch format: SHN_LIVEPATCH symbols and SHF_RELA_LIVEPATCH
 * sections ".klp.rela.<obj>.<section>".  Run it after the final module link,
 * which would drop those markings.  Returns the number of relocations moved.
 */
size_t klp_convert(struct elf *elf);

#endif
