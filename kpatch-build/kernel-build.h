/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KERNEL_BUILD_H
#define KPB_KERNEL_BUILD_H

/* The build the running kernel came from, if the user has it. */
#include "context.h"

/*
 * Its Module.symvers and modules into b, and b->build_dir kept only if it
 * can be the original; packaged: the tree came from --kernel's packages,
 * which hold no build.
 */
void find_kernel_build(struct kpb_build *b, bool packaged);
/* "6.1.0-56-amd64 (...) #1 SMP ... Debian 6.1.192-2 (...)": after "Linux version " */
char *vmlinux_banner(const char *vmlinux);

#endif
