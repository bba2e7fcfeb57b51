// SPDX-License-Identifier: GPL-2.0
/*
 * Three objects: vmlinux (a function and all four callbacks), another_mod
 * (a function; not loaded) and cb_only_mod (a callback, no function).
 */
#include <linux/seq_file.h>
#include "standin.h"

static int new_cmdline(struct seq_file *m, void *v)
{
	seq_puts(m, "full\n");
	return 0;
}

static int new_foo(void)
{
	return 0;
}

static int pre(struct klp_object *obj)
{
	STANDIN_LOG("pre_patch", obj);
	return 0;
}

static void post(struct klp_object *obj)
{
	STANDIN_LOG("post_patch", obj);
}

static void pre_un(struct klp_object *obj)
{
	STANDIN_LOG("pre_unpatch", obj);
}

static void post_un(struct klp_object *obj)
{
	STANDIN_LOG("post_unpatch", obj);
}

static int pre_mod(struct klp_object *obj)
{
	STANDIN_LOG("pre_patch", obj);
	return 0;
}

STANDIN_FUNC(foo, new_foo, "foo_fn", "another_mod", 0);
STANDIN_FUNC(cmdline, new_cmdline, "cmdline_proc_show", "vmlinux", 0);
STANDIN_CB(a, pre_patch, pre, "vmlinux");
STANDIN_CB(b, post_patch, post, "vmlinux");
STANDIN_CB(c, pre_unpatch, pre_un, "vmlinux");
STANDIN_CB(d, post_unpatch, post_un, "vmlinux");
STANDIN_CB(e, pre_patch, pre_mod, "cb_only_mod");
