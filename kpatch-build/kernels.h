/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KERNELS_H
#define KPB_KERNELS_H

/* --kernels SPEC: one build per Debian kernel, each a plain kpatch-build --kernel. */

#include <stdbool.h>

#include "util.h"

void check_kernels_options(void);
int build_kernels(void);

#endif
