/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_STACK_H
#define KPB_STACK_H

/* A stacked patch (--base) against its bases: dependent or not, their exports. */
#include "context.h"

/* Each of r's bases' relation to r's units (read: the bases' files they read). */
void classify_against_bases(struct kpb_results *r, const struct strlist *read);
bool base_depended_on(const struct kpb_base *b);
/* In workdir: what r's bases export to this module, or NULL. */
char *bases_symvers(const struct kpb_results *r, const char *workdir);

#endif
