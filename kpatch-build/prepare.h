/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_PREPARE_H
#define KPB_PREPARE_H

/* A prepared tree: configured, its originals compiled on demand. */
#include "context.h"

void prepare_tree(const struct kpb_options *o, struct kpb_build *b);
/* The original objects of what o's patches and r's bases touch. */
void compile_originals(const struct kpb_options *o, const struct kpb_build *b,
		       const struct kpb_results *r);

#endif
