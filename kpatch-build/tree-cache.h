/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_TREE_CACHE_H
#define KPB_TREE_CACHE_H

/* A kernel tree kept in the cache: its key, where it is kept. */
#include "cache.h"
#include "context.h"

/* The key of b's tree as o's targets build it by recipe, with the file extra. */
char *build_key(const struct kpb_options *o, const struct kpb_build *b, const char *recipe,
		const char *extra);

/* What fill() is given to make a tree: it returns the key as the stamp. */
struct tree_fill {
	const struct kpb_options *o;
	const struct kpb_build *b;	/* b->view and b->objdir: where it goes */
	const char *key;
};

/* The kernel tree kept at dir (src/ and obj/ into b), made by fill(dir, &tree_fill) unless cached. */
void use_cached_tree(const struct kpb_options *o, struct kpb_build *b, const char *dir,
		     cache_fill fill, const char *key, const char *what);

#endif
