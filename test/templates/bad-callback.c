// SPDX-License-Identifier: GPL-2.0
/* Must not compile: a pre_patch callback returns int. */
#include <linux/livepatch.h>
#include "kpatch-macros.h"

static void wrong(struct klp_object *obj) { }
KLP_PRE_PATCH_CALLBACK(wrong);
