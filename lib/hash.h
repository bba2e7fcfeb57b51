/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_HASH_H
#define KLP_HASH_H

#include <stddef.h>

struct symbol;

/* "xxh128:<hex>": how manifests identify patch files and code. */
char *content_hash(const void *data, size_t size);
/*
 * The code of a function in an object and what each of its relocations
 * refers to, by name or content rather than by offset: the same source
 * gives the same hash whatever else its unit carries.
 */
char *code_hash(const struct symbol *fn);

#endif
