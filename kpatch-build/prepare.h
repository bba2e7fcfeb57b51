/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_PREPARE_H
#define KPB_PREPARE_H

/* A prepared tree: configured, its originals compiled on demand. */
#include "context.h"

void prepare_tree(void);
void compile_originals(void);

#endif
