/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEBIAN_SOURCE_H
#define KPB_DEBIAN_SOURCE_H

/* The packaged source is the kernel's (exit 5 if not). */
#include "context.h"

void check_debian_source(const char *release, const char *version, const char *srcdir,
			 const char *root, const char *package);

#endif
