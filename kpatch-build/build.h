/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_BUILD_H
#define KPB_BUILD_H

/* The original build: cached, prepared, or the user's. */
#include "context.h"

void prepare_original(void);

#endif
