// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>

#include "cdo.h"

void refuse(const struct cdo *cdo, const char *remedy, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: refused: %s (%s): ", progname,
		cdo->file ? cdo->file : "?", cdo->patched_path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s: remedy: %s\n", progname, remedy);
	leave(EXIT_REFUSED);
}
