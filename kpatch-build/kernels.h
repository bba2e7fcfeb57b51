/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KERNELS_H
#define KPB_KERNELS_H

/* --kernels SPEC: one build per Debian kernel, each a plain kpatch-build --kernel. */

#include <stdbool.h>

#include "util.h"

struct kpb_options;
struct kpb_build;

/* Refuses o's and b's inputs of one kernel, given with --kernels. */
void check_kernels_options(const struct kpb_options *o, const struct kpb_build *b);
/* --kernels: a job per kernel, by o, with b's tools; the exit status. */
int build_kernels(const struct kpb_options *o, const struct kpb_build *b);

#endif
