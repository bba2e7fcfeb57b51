/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEPLOYED_H
#define KPB_DEPLOYED_H

/* Deployed modules this build stands on: bases and the previous release. */
#include "context.h"

/* --base ko */
void add_base(const char *ko);
/* A deployed module's manifest, for this kernel; a base's identity must hold. */
void load_deployed(struct kpb_base *d, bool as_base);
/* Its patches, next to it, with the hashes its manifest records. */
void find_deployed_patches(struct kpb_base *d);
void load_bases(void);

#endif
