// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <xxhash.h>

#include "strmap.h"
#include "util.h"

static size_t bucket_of(const struct strmap *map, const char *key)
{
	return XXH3_64bits(key, strlen(key)) & (map->nbuckets - 1);
}

void strmap_init(struct strmap *map, size_t expected)
{
	size_t n = 64;

	while (n < expected * 2)
		n *= 2;
	map->nbuckets = n;
	map->count = 0;
	map->buckets = xcalloc(n, sizeof(*map->buckets));
}

static void free_chain(struct strmap_node *node)
{
	while (node) {
		struct strmap_node *next = node->next;

		while (node) {
			struct strmap_node *dup = node->dup;

			free(node);
			node = dup;
		}
		node = next;
	}
}

void strmap_free(struct strmap *map)
{
	for (size_t i = 0; i < map->nbuckets; i++)
		free_chain(map->buckets[i]);
	free(map->buckets);
	map->buckets = NULL;
	map->nbuckets = map->count = 0;
}

void strmap_free_keys(struct strmap *map)
{
	for (size_t i = 0; i < map->nbuckets; i++)
		for (struct strmap_node *n = map->buckets[i]; n; n = n->next)
			for (struct strmap_node *d = n; d; d = d->dup)
				free((char *)d->key);
	strmap_free(map);
}

static void rehash(struct strmap *map)
{
	struct strmap old = *map;

	map->nbuckets *= 2;
	map->buckets = xcalloc(map->nbuckets, sizeof(*map->buckets));
	for (size_t i = 0; i < old.nbuckets; i++) {
		struct strmap_node *node = old.buckets[i], *next;

		for (; node; node = next) {
			size_t b = bucket_of(map, node->key);

			next = node->next;
			node->next = map->buckets[b];
			map->buckets[b] = node;
		}
	}
	free(old.buckets);
}

void strmap_add(struct strmap *map, const char *key, void *value)
{
	struct strmap_node *node = xcalloc(1, sizeof(*node)), *head, **tail;
	size_t b;

	node->key = key;
	node->value = value;
	head = strmap_find(map, key);
	if (head) {
		for (tail = &head->dup; *tail; tail = &(*tail)->dup)
			;
		*tail = node;
		return;
	}
	if (map->count + 1 > map->nbuckets / 2)
		rehash(map);
	b = bucket_of(map, key);
	node->next = map->buckets[b];
	map->buckets[b] = node;
	map->count++;
}

void strmap_remove(struct strmap *map, const char *key, void *value)
{
	size_t b = bucket_of(map, key);
	struct strmap_node **link, *head, **dl, *victim;

	for (link = &map->buckets[b]; *link; link = &(*link)->next)
		if (!strcmp((*link)->key, key))
			break;
	head = *link;
	if (!head)
		return;
	for (dl = link; *dl && (*dl)->value != value; dl = &(*dl)->dup)
		;
	victim = *dl;
	if (!victim)
		return;
	if (victim == head) {
		if (head->dup) {
			head->dup->next = head->next;
			*link = head->dup;
		} else {
			*link = head->next;
			map->count--;
		}
	} else {
		*dl = victim->dup;
	}
	free(victim);
}

struct strmap_node *strmap_find(const struct strmap *map, const char *key)
{
	struct strmap_node *node;

	if (!map->nbuckets)
		return NULL;
	for (node = map->buckets[bucket_of(map, key)]; node; node = node->next)
		if (!strcmp(node->key, key))
			return node;
	return NULL;
}

void *strmap_get(const struct strmap *map, const char *key)
{
	struct strmap_node *node = strmap_find(map, key);

	return node ? node->value : NULL;
}
