// SPDX-License-Identifier: GPL-2.0
/* A pre_patch callback that refuses the patch. */
#include <linux/seq_file.h>
#include "standin.h"

static int new_cmdline(struct seq_file *m, void *v)
{
	seq_puts(m, "fail\n");
	return 0;
}

static int pre(struct klp_object *obj)
{
	STANDIN_LOG("pre_patch(failing)", obj);
	return -EBUSY;
}

STANDIN_FUNC(cmdline, new_cmdline, "cmdline_proc_show", "vmlinux", 0);
STANDIN_CB(a, pre_patch, pre, "vmlinux");
