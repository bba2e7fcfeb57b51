// SPDX-License-Identifier: GPL-2.0
/*
 * Code shapes the kernel has and a livepatch must get right (#28), each
 * shown in /proc/klp_test_shapes/<name>:
 *  - sched: two functions of one named section (__sched), the caller's call
 *    to its static slow path resolved by the assembler, with no relocation;
 *  - interp: a computed-goto interpreter with a static label table
 *    (___bpf_prog_run's shape).
 */
#include <linux/init.h>
#include <linux/proc_fs.h>
#include <linux/sched/debug.h>
#include <linux/seq_file.h>

static noinline __sched int sched_slow(int x)
{
	return x * 3;
}

static noinline __sched int sched_pair_show(struct seq_file *m, void *v)
{
	seq_printf(m, "sched=%d\n", sched_slow(2) + 1);
	return 0;
}

static noinline int interp_run(const u8 *code)
{
	static const void *const jumptable[] = { &&op_add, &&op_dbl, &&op_end };
	int acc = 1;

	goto *jumptable[*code++];
op_add:
	acc += 1;
	goto *jumptable[*code++];
op_dbl:
	acc *= 2;
	goto *jumptable[*code++];
op_end:
	return acc;
}

static noinline int interp_show(struct seq_file *m, void *v)
{
	static const u8 prog[] = { 0, 1, 0, 2 };

	seq_printf(m, "interp=%d\n", interp_run(prog));
	return 0;
}

static int __init klp_test_shapes_init(void)
{
	struct proc_dir_entry *dir = proc_mkdir("klp_test_shapes", NULL);

	proc_create_single("sched", 0444, dir, sched_pair_show);
	proc_create_single("interp", 0444, dir, interp_show);
	return 0;
}
late_initcall(klp_test_shapes_init);
