// SPDX-License-Identifier: GPL-2.0
/* Text the driver composes from names (text.h). */
#include <string.h>

#include "text.h"
#include "util.h"

char *ident_of(const char *name)
{
	char *id = xstrdup(name);

	for (char *p = id; *p; p++)
		if (*p == '-')
			*p = '_';
	return id;
}

char *add_reason(char *why, const char *kind, const char *what)
{
	char *more;

	if (!why)
		more = xasprintf("%s: %s", kind, what);
	else if (strstr(why, kind))
		more = xasprintf("%s, %s", why, what);
	else
		more = xasprintf("%s; %s: %s", why, kind, what);
	free(why);
	return more;
}
