/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_UNITS_H
#define KPB_UNITS_H

/* The translation units the patches affect, and their patched compile. */
#include "context.h"

/* oot.c */
void oot_units(void);

/* units.c */
void find_units(void);
void compile_units(void);
/* whether u's compile read file (relative to the tree) */
bool unit_reads(const struct unit *u, const char *file);

/* unit-command.c: kbuild's command for u, reading view and writing out */
void unit_command(const struct unit *u, const char *view, const char *out, struct cmd *c);

#endif
