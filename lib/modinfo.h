/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_MODINFO_H
#define KLP_MODINFO_H

#include <stddef.h>

/*
 * The value of key in a module's .modinfo (size bytes of "key=value"
 * strings, each ended by a NUL): the first, allocated; NULL if none.
 */
char *modinfo_value(const char *modinfo, size_t size, const char *key);

#endif
