/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEPSCAN_H
#define KPB_DEPSCAN_H

/* Which units read a header, from kbuild's dry run of a prepared tree. */
#include "context.h"

#define DEPS_DIR ".kpb-deps"
void units_including(const char *header, struct strlist *objs);
/* Exit 5 unless kbuild's dry run of the configuration compiles obj. */
void refuse_outside_configuration(const char *obj);

#endif
