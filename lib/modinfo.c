// SPDX-License-Identifier: GPL-2.0
/* The one reader of a module's .modinfo. */
#include <string.h>

#include "modinfo.h"
#include "util.h"

char *modinfo_value(const char *modinfo, size_t size, const char *key)
{
	size_t klen = strlen(key);

	for (size_t off = 0; off < size;) {
		const char *s = modinfo + off;
		size_t len = strnlen(s, size - off);

		if (len < size - off && len > klen && !strncmp(s, key, klen) && s[klen] == '=')
			return xstrdup(s + klen + 1);
		off += len + 1;
	}
	return NULL;
}
