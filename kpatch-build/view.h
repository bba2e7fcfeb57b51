/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_VIEW_H
#define KPB_VIEW_H

/* Views of a tree: hard-link copies, sparse views, applying patches. */
#include "context.h"

/* view.c */
/* Read a patch once: the files it touches, its name and hash. */
void read_patch_files(struct kpb_patch *patch);
void make_view(const char *src, const char *dst);
void make_sparse_view(const char *src, const char *dst, struct strmap *files);
/* Copies of the files patches touch, from the patch root into scratch. */
void copy_patched_files(const char *scratch, const struct kpb_patch *patches, size_t nr);
void apply_patch_list(const char *view, const struct kpb_patch *patches, size_t nr);
/* The bases' patches, then the new ones. */
void apply_patches(const char *view);
void apply_base_patches(const char *view);
void check_patches_apply(void);

#endif
