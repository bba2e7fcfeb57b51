// SPDX-License-Identifier: GPL-2.0
/* One replaced function: cmdline_proc_show in vmlinux, sympos 0. */
#include <linux/seq_file.h>
#include "standin.h"

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "this has been live patched by the template\n");
	return 0;
}

static const char name_cmdline[] __section(".kpatch.strings") = "cmdline_proc_show";
static const char name_vmlinux[] __section(".kpatch.strings") = "vmlinux";

STANDIN_FUNC(cmdline, new_cmdline_proc_show, name_cmdline, name_vmlinux, 0);
