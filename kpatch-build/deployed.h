/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEPLOYED_H
#define KPB_DEPLOYED_H

/* Deployed modules this build stands on: bases and the previous release. */
#include "context.h"

/*
 * The modules at these paths, one each in their order, read from their
 * manifests (which must be for the kernel release this build is for) with
 * the patches next to them, checked against the hashes the manifests
 * record: the bases (--base), whose identity must hold, and the modules a
 * release replaces (--previous).
 */
struct kpb_base *load_bases(const struct strlist *kos, const char *release);
struct kpb_base *load_previous(const struct strlist *kos, const char *release);

#endif
