// SPDX-License-Identifier: GPL-2.0
/* Every author macro once; run.sh checks the sections they produce. */
#include <linux/livepatch.h>
#include <linux/static_call.h>
#include "kpatch-macros.h"

static int my_pre(patch_object *obj) { return 0; }
static void my_post(struct klp_object *obj) { }
static void my_pre_un(struct klp_object *obj) { }
static void my_post_un(struct klp_object *obj) { }
KPATCH_PRE_PATCH_CALLBACK(my_pre);
KLP_POST_PATCH_CALLBACK(my_post);
KPATCH_PRE_UNPATCH_CALLBACK(my_pre_un);
KLP_POST_UNPATCH_CALLBACK(my_post_un);

static noinline int ignored_fn(int x) { return x * 3; }
KPATCH_IGNORE_FUNCTION(ignored_fn);
KPATCH_IGNORE_SECTION(".data.unlikely");
KLP_IGNORE_SECTION("__bug_table");

int macros_printk(int x);
int macros_printk(int x)
{
	if (x > 3)
		KPATCH_PRINTK("x is %d\n", x);
	return ignored_fn(x) + 1;
}

static int sc_default(int a) { return a + 1; }
DEFINE_STATIC_CALL(macros_sc, sc_default);
int macros_static_call(int a);
int macros_static_call(int a)
{
	return KLP_STATIC_CALL(macros_sc)(a) + KPATCH_STATIC_CALL(macros_sc)(a);
}

KLP_STATE(3, 2);

KLP_SYSCALL_DEFINE3(klptest3, int, a, const char __user *, buf, size_t, len)
{
	return a + len + (buf != NULL);
}
