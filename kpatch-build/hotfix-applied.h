/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_HOTFIX_APPLIED_H
#define KPB_HOTFIX_APPLIED_H

#include "context.h"

/*
 * The hashes of the hot fixes' patches (r->previous) that are not in o's
 * series but whose change it already makes, as when a fix went upstream
 * in another form: each reverse-applies to the tree with the series
 * applied (scratch trees in workdir).
 */
struct strlist hotfixes_applied(const struct kpb_options *o, struct kpb_results *r,
				const char *workdir);

#endif
