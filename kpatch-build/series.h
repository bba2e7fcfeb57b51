/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_SERIES_H
#define KPB_SERIES_H

/* Series files (--series): the patches and their groups. */
#include "context.h"

void read_series(struct kpb_options *o, const char *path);
const char *patch_label(const struct kpb_options *o, const struct kpb_patch *p);
/* The patch of o with this hash, or NULL. */
const struct kpb_patch *series_patch_by_hash(const struct kpb_options *o, const char *hash);

#endif
