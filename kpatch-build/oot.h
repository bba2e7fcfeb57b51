/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_OOT_H
#define KPB_OOT_H

/* An out-of-tree module's units (--oot-module). */
#include "context.h"

/* r's units: the objects o's patches change in the out-of-tree module, built against b. */
void oot_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r);

#endif
