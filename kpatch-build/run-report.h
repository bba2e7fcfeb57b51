/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_RUN_REPORT_H
#define KPB_RUN_REPORT_H

/* The machine-readable report of a run (--json). */
#include "context.h"

/* run-report.c */
void write_report(const struct kpb_options *o, const struct kpb_build *b,
		  const struct kpb_results *results, int status, const char *reason);

#endif
