/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_STACK_H
#define KPB_STACK_H

/* A stacked patch (--base) against its bases: dependent or not, their exports. */
#include "context.h"

void classify_against_bases(void);
bool base_depended_on(const struct kpb_base *b);
char *bases_symvers(void);

#endif
