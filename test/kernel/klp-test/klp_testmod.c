// SPDX-License-Identifier: GPL-2.0
/*
 * A module of the test kernel, for patching module code: /proc/klp_testmod
 * shows what testmod_show() does.  Its alternative reads alt=2 only once
 * applied (every CPU has FEATURE_ALWAYS).  /proc/klp_testmod_trace shows
 * testmod_trace_show(), whose tracepoint (events/klp_testmod/) records
 * which version of it ran.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <asm/alternative.h>

static noinline int testmod_show(struct seq_file *m, void *v)
{
	int alt;

	asm(ALTERNATIVE("mov $1, %0", "mov $2, %0", X86_FEATURE_ALWAYS) : "=r" (alt));
	seq_printf(m, "testmod=orig\nalt=%d\n", alt);
	return 0;
}

#define CREATE_TRACE_POINTS
#include "klp_testmod_trace.h"

static noinline int testmod_trace_show(struct seq_file *m, void *v)
{
	seq_puts(m, "trace=orig\n");
	trace_klp_testmod_show(1);
	return 0;
}

static int __init klp_testmod_init(void)
{
	if (!proc_create_single("klp_testmod", 0444, NULL, testmod_show))
		return -ENOMEM;
	if (!proc_create_single("klp_testmod_trace", 0444, NULL, testmod_trace_show)) {
		remove_proc_entry("klp_testmod", NULL);
		return -ENOMEM;
	}
	return 0;
}

static void __exit klp_testmod_exit(void)
{
	remove_proc_entry("klp_testmod_trace", NULL);
	remove_proc_entry("klp_testmod", NULL);
}

module_init(klp_testmod_init);
module_exit(klp_testmod_exit);
MODULE_LICENSE("GPL");
