// SPDX-License-Identifier: GPL-2.0
/* Reading a member of a JSON object (json.h). */
#include <json-c/json.h>

#include "json.h"

json_object *json_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

const char *json_str(json_object *o, const char *key)
{
	const char *s = json_object_get_string(json_get(o, key));

	return s ? s : "";
}
