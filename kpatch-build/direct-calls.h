/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DIRECT_CALLS_H
#define KPB_DIRECT_CALLS_H

/* The direct-call hazard of a stacked patch (--base). */
#include "util.h"

/*
 * The functions this patch must replace too, because a base calls them
 * directly and they call one it replaces (empty: none); refuses a base's
 * pointer to a replaced function, or a caller the base adds.
 */
struct strlist direct_call_fixes(void);
/* Every function asked for must really be in the module (after the diffs ran with them). */
void check_direct_call_fixes(const struct strlist *forced);

#endif
