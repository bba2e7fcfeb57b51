/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_TREE_CACHE_H
#define KPB_TREE_CACHE_H

/* A kernel tree kept in the cache: its key, where it is kept. */
#include "cache.h"
#include "context.h"

char *build_key(const char *recipe, const char *extra);
/* The kernel tree kept at dir (src/ and obj/), made by fill(dir, key) unless cached. */
void use_cached_tree(const char *dir, cache_fill fill, void *key, const char *what);

#endif
