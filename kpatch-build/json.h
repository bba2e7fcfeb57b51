/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_JSON_H
#define KPB_JSON_H

/* Small json-c helpers: reading a member. */
struct json_object;
/* o[key], or NULL; as a string, or "" */
struct json_object *json_get(struct json_object *o, const char *key);
const char *json_str(struct json_object *o, const char *key);

#endif
