/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_UNIT_COMMAND_H
#define KPB_UNIT_COMMAND_H

/* kbuild's compile command for one unit, reading another view. */
#include "context.h"

void unit_command(const struct unit *u, const char *view, const char *out, struct cmd *c);

#endif
