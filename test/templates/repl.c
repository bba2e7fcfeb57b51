// SPDX-License-Identifier: GPL-2.0
/* Built with KLP_REPLACE=1: replaces whatever was enabled before. */
#include <linux/seq_file.h>
#include "standin.h"

static int new_cmdline(struct seq_file *m, void *v)
{
	seq_puts(m, "replaced\n");
	return 0;
}

STANDIN_FUNC(cmdline, new_cmdline, "cmdline_proc_show", "vmlinux", 0);
