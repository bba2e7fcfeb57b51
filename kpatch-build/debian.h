/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEBIAN_H
#define KPB_DEBIAN_H

/* The kernel of --kernel: Debian's packages, fetched and unpacked. */
#include "context.h"

void use_debian_kernel(const char *release);

#endif
