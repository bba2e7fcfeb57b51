/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEPSCAN_H
#define KPB_DEPSCAN_H

/* Which units read a header, from kbuild's dry run of a prepared tree. */
#include "context.h"

#define DEPS_DIR ".kpb-deps"
/* Into objs: the units of b's prepared tree that read header, scanned -j jobs. */
void units_including(const struct kpb_build *b, int jobs, const char *header,
		     struct strlist *objs);
/* Exit 5 unless kbuild's dry run of b's configuration compiles obj. */
void refuse_outside_configuration(const struct kpb_build *b, const char *obj);

#endif
