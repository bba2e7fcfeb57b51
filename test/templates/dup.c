// SPDX-License-Identifier: GPL-2.0
/* Two post_patch callbacks for one object: the template refuses them. */
#include "standin.h"

static void post1(struct klp_object *obj) { }
static void post2(struct klp_object *obj) { }

STANDIN_CB(a, post_patch, post1, "vmlinux");
STANDIN_CB(b, post_patch, post2, "vmlinux");
