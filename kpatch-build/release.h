/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_RELEASE_H
#define KPB_RELEASE_H

/* Cumulative releases (--previous): what the new one drops, hot fixes. */
#include "context.h"

/*
 * Each hot fix of r->previous: folded into o's series (the same patch, or
 * one whose change is already applied: its hash in applied), let go, or
 * refused.
 */
void check_hotfixes(const struct kpb_options *o, struct kpb_results *r,
		    const struct strlist *applied);
/* r's functions, states, o's patches and labels against r->previous, into r->release_report. */
void compare_release(const struct kpb_options *o, struct kpb_results *r);
void previous_into(const struct kpb_results *r, struct manifest *m);
char *func_key(const char *objname, const char *name, unsigned long pos);

#endif
