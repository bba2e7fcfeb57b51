/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_OOT_H
#define KPB_OOT_H

/* An out-of-tree module's units (--oot-module). */
#include "context.h"

void oot_units(void);

#endif
