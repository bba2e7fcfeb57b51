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
void copy_patched_files(const char *root, const char *scratch, const struct kpb_patch *patches,
			size_t nr);
/* As o asks (--no-fuzz); a patch that does not apply is noted in *failure, for the report. */
void apply_patch_list(const struct kpb_options *o, const char *view,
		      const struct kpb_patch *patches, size_t nr, const char **failure);
/* r's bases' patches, then o's. */
void apply_patches(const struct kpb_options *o, struct kpb_results *r, const char *view);
void apply_base_patches(const struct kpb_options *o, struct kpb_results *r, const char *view);
/* Whether they all apply, to copies in workdir. */
void check_patches_apply(const struct kpb_options *o, struct kpb_results *r, const char *workdir);

#endif
