/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_STRMAP_H
#define KLP_STRMAP_H

#include <stddef.h>

/*
 * A string-keyed multimap: several values may share a key (a symbol table
 * can hold many locals of one name).  Values of one key come back in the
 * order they were added.
 */
struct strmap_node {
	const char *key;
	void *value;
	struct strmap_node *next;	/* next node in the bucket */
	struct strmap_node *dup;	/* next value with the same key */
};

struct strmap {
	struct strmap_node **buckets;
	size_t nbuckets, count;
};

void strmap_init(struct strmap *map, size_t expected);
void strmap_free(struct strmap *map);
/* Also free() every key: for maps whose keys were allocated for them. */
void strmap_free_keys(struct strmap *map);
/* The key is not copied: it must live as long as the map. */
void strmap_add(struct strmap *map, const char *key, void *value);
void strmap_remove(struct strmap *map, const char *key, void *value);
/* The first node of key, or NULL; follow ->dup for the others. */
struct strmap_node *strmap_find(const struct strmap *map, const char *key);
void *strmap_get(const struct strmap *map, const char *key);

#endif
