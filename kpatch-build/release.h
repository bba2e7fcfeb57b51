/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_RELEASE_H
#define KPB_RELEASE_H

/* Series files and cumulative releases (--previous). */
#include "context.h"

/* series.c */
void read_series(struct kpb_options *o, const char *path);
const char *patch_label(const struct kpb_patch *p);

/* release.c */
void add_previous(const char *ko);
void load_previous(void);
void check_hotfixes(void);
void compare_release(void);
void previous_into(struct manifest *m);
char *func_key(const char *objname, const char *name, unsigned long pos);

#endif
