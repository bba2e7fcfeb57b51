/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_STAGE_H
#define KPB_STAGE_H

/* Progress on stderr, and timings for the report. */
#include "context.h"

void stage_begin(const char *what);
void stage_end(void);
double stage_elapsed_total(void);
void stages_to_json(void *array);

#endif
