/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_REPORT_H
#define KPB_REPORT_H

/* The machine-readable report of a run (--json). */
#include "context.h"

/* report.c */
void write_report(int status, const char *reason);

#endif
