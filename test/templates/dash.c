// SPDX-License-Identifier: GPL-2.0
/* An object name with '-', which no loaded module's name can match. */
#include "standin.h"

static void post1(struct klp_object *obj) { }

STANDIN_CB(a, post_patch, post1, "bad-name");
