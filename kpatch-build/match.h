/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_MATCH_H
#define KPB_MATCH_H

/* The rebuilt original is what runs (exit 5 if not). */
#include "context.h"
#include "target.h"

/* The running vmlinux's symbols (b->vmlinux), read once a run. */
const struct target *vmlinux_symbols(struct kpb_build *b);
/* ours (built from from with b->config) has the functions of theirs, sizes and all */
void check_same_functions(struct kpb_build *b, const char *ours, const char *theirs,
			  const char *from);
/* The unit's original object in b->objdir is what u->target runs. */
void check_unit_is_running(struct kpb_build *b, const struct unit *u);

#endif
