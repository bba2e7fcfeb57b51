/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_BUILD_H
#define KPB_BUILD_H

/* The original build: cached, prepared, or the user's. */
#include "context.h"

/* The original of o's build into b: its tree, objdir and view (r: the bases it compiles for). */
void prepare_original(const struct kpb_options *o, struct kpb_build *b,
		      const struct kpb_results *r);

#endif
