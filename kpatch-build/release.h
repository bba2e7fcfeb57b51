/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_RELEASE_H
#define KPB_RELEASE_H

/* Cumulative releases (--previous): what the new one drops, hot fixes. */
#include "context.h"

void check_hotfixes(void);
void compare_release(void);
void previous_into(struct manifest *m);
char *func_key(const char *objname, const char *name, unsigned long pos);

#endif
