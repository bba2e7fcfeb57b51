/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_MATCH_H
#define KPB_MATCH_H

/* The rebuilt original is what runs (exit 5 if not). */
#include "context.h"

void check_same_functions(const char *ours, const char *theirs, const char *from);
void check_unit_is_running(const struct unit *u);

#endif
