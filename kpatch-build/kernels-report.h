/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KERNELS_REPORT_H
#define KPB_KERNELS_REPORT_H

/* What --kernels tells of its jobs: results, the summary, the plan. */
#include "kernels-run.h"

const char *result_name(enum kresult r);
/* The table on stdout, the JSON (at json, or OUTPUT/kernels.json); the exit status. */
int write_summary(const struct kjobs *all, const char *json);
/* The jobs at path, each building in cache. */
void write_plan(const struct kjobs *all, const char *path, const char *cache);
void kjobs_free(struct kjobs *all);

#endif
