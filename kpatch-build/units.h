/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_UNITS_H
#define KPB_UNITS_H

/* The translation units the patches affect, and their compiles. */
#include "context.h"

/* r's units: what o's patches and r's bases touch, in b's original build. */
void find_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r);
/* Each unit compiled patched (and with --base, original) in views b gets. */
void compile_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r);
/* whether u's compile read file (relative to the tree, its view) */
bool unit_reads(const char *view, const struct unit *u, const char *file);

#endif
