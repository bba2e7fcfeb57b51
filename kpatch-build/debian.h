/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEBIAN_H
#define KPB_DEBIAN_H

/* The kernel of --kernel: Debian's packages, fetched and unpacked. */
#include "context.h"

/* Into b: release's tree, config, vmlinux and symvers, from packages kept in packages or cache. */
void use_debian_kernel(struct kpb_build *b, const char *release, const char *cache,
		       const char *packages);

#endif
