// SPDX-License-Identifier: GPL-2.0
/* An out-of-tree module for the --oot-module tests: /proc/klp_oot. */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static noinline int oot_show(struct seq_file *m, void *v)
{
	seq_puts(m, "oot=orig\n");
	return 0;
}

static int __init klp_oot_init(void)
{
	if (!proc_create_single("klp_oot", 0444, NULL, oot_show))
		return -ENOMEM;
	return 0;
}

static void __exit klp_oot_exit(void)
{
	remove_proc_entry("klp_oot", NULL);
}

module_init(klp_oot_init);
module_exit(klp_oot_exit);
MODULE_LICENSE("GPL");
