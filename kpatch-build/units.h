/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_UNITS_H
#define KPB_UNITS_H

/* The translation units the patches affect, and their compiles. */
#include "context.h"

void find_units(void);
void compile_units(void);
/* whether u's compile read file (relative to the tree, its view) */
bool unit_reads(const char *view, const struct unit *u, const char *file);

#endif
