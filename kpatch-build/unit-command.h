/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_UNIT_COMMAND_H
#define KPB_UNIT_COMMAND_H

/* kbuild's compile command for one unit, reading another view. */
#include "context.h"

/* b: the original view it was recorded in, the templates */
void unit_command(const struct kpb_build *b, const struct unit *u, const char *view,
		  const char *out, struct cmd *c);

#endif
