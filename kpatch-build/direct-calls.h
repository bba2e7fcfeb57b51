/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DIRECT_CALLS_H
#define KPB_DIRECT_CALLS_H

/* The direct-call hazard of a stacked patch (--base). */
#include "context.h"

/*
 * The functions this patch must replace too, because a base calls them
 * directly and they call one it replaces (empty: none); refuses a base's
 * pointer to a replaced function, or a caller the base adds.
 */
struct strlist direct_call_fixes(const struct kpb_results *results);
/* Every function asked for must really be in the module (after the diffs ran with them). */
void check_direct_call_fixes(const struct kpb_results *results, const struct strlist *forced);

#endif
