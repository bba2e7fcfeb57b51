/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_TEXT_H
#define KPB_TEXT_H

/* Text the driver composes from names. */

/* A module's name as a C identifier, as kbuild spells KBUILD_MODNAME ('-' is '_'). */
char *ident_of(const char *name);
/* why plus "kind: what", grouping what under a kind already there; why is freed. */
char *add_reason(char *why, const char *kind, const char *what);

#endif
