/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_UNITS_H
#define KPB_UNITS_H

/* The translation units the patches affect, and their compiles. */
#include "context.h"

/* r's units: what o's patches and r's bases touch, in b's original build. */
void find_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r);
/* Each unit compiled patched (and with --base, original) in views b gets. */
void compile_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r);
/* The files r's bases' patches change that r's compiled units read (in view). */
struct strlist base_files_read(const struct kpb_results *r, const char *view);

#endif
