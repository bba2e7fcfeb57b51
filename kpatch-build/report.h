/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_REPORT_H
#define KPB_REPORT_H

/* The machine-readable report of a run (--json). */
#include "context.h"

/* report.c */
struct json_object *strlist_to_json(const struct strlist *l);
/* o[key], or NULL; as a string, or "" */
struct json_object *json_get(struct json_object *o, const char *key);
const char *json_str(struct json_object *o, const char *key);
void write_report(int status, const char *reason);

#endif
