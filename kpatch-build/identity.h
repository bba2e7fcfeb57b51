/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_IDENTITY_H
#define KPB_IDENTITY_H

/* The builds the module is for (build ids). */
#include <stddef.h>

#include "context.h"

/* into id (KLP_BUILD_ID_MAX bytes): its length, 0 if path has none */
size_t build_id(const char *path, unsigned char *id);
char *build_id_hex(const char *path);
void put_build_ids(char **out, int (*put_name)(char **out, const char *name),
		   const struct kpb_build *b, const struct kpb_results *r);

#endif
