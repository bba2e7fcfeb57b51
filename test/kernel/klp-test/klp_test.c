// SPDX-License-Identifier: GPL-2.0
/*
 * Built into the test kernel: targets for the livepatch integration tests.
 * Each /proc/klp_test/<name> shows what one function does, so a test sees
 * a patch take effect and go away.  Every function uses the kernel feature
 * its name says (static local, jump label, static call, alternative,
 * exception table, WARN, a .cold part).
 */
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/static_call.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>

static noinline int counter_show(struct seq_file *m, void *v)
{
	static int count;

	count++;
	seq_printf(m, "count=%d\n", count);
	return 0;
}

DEFINE_STATIC_KEY_FALSE(klp_test_key);

static noinline int jump_show(struct seq_file *m, void *v)
{
	if (static_branch_unlikely(&klp_test_key))
		seq_puts(m, "key=on\n");
	else
		seq_puts(m, "key=off\n");
	return 0;
}

static int klp_test_double(int x)
{
	return 2 * x;
}

DEFINE_STATIC_CALL(klp_test_call, klp_test_double);

static noinline int static_call_show(struct seq_file *m, void *v)
{
	seq_printf(m, "call=%d\n", static_call(klp_test_call)(21));
	return 0;
}

static noinline int alternative_show(struct seq_file *m, void *v)
{
	seq_printf(m, "fpu=%d\n", static_cpu_has(X86_FEATURE_FPU) ? 1 : 0);
	return 0;
}

static noinline int warn_show(struct seq_file *m, void *v)
{
	WARN_ON_ONCE(!m);
	seq_puts(m, "warn=none\n");
	return 0;
}

/*
 * A function with a .cold part: the test kernel is built with -Os, which
 * does not split cold paths, so this one asks for -O2.
 */
static noinline __attribute__((optimize("O2"))) int cold_show(struct seq_file *m, void *v)
{
	if (unlikely(!m)) {
		pr_err("klp_test: cold_show without a seq_file\n");
		dump_stack();
		return -EINVAL;
	}
	seq_puts(m, "cold=hot\n");
	return 0;
}

/*
 * pair_show calls pair_g directly: a patch replacing both and a stacked
 * patch replacing pair_g alone make the direct-call hazard.
 */
static noinline __attribute__((noipa)) int pair_g(int x)
{
	return x + 1;
}

static noinline int pair_show(struct seq_file *m, void *v)
{
	seq_printf(m, "pair=%d\n", pair_g(1));
	return 0;
}

static char extable_last = '-';

static noinline ssize_t extable_write(struct file *file, const char __user *buf,
				      size_t len, loff_t *pos)
{
	char c;

	if (!len)
		return 0;
	if (__get_user(c, buf))
		return -EFAULT;
	extable_last = c;
	return len;
}

static int extable_show(struct seq_file *m, void *v)
{
	seq_printf(m, "last=%c\n", extable_last);
	return 0;
}

static int extable_open(struct inode *inode, struct file *file)
{
	return single_open(file, extable_show, NULL);
}

static const struct proc_ops extable_ops = {
	.proc_open	= extable_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
	.proc_write	= extable_write,
};

static int __init klp_test_init(void)
{
	struct proc_dir_entry *dir = proc_mkdir("klp_test", NULL);

	proc_create_single("counter", 0444, dir, counter_show);
	proc_create_single("jump", 0444, dir, jump_show);
	proc_create_single("static_call", 0444, dir, static_call_show);
	proc_create_single("alternative", 0444, dir, alternative_show);
	proc_create_single("warn", 0444, dir, warn_show);
	proc_create_single("cold", 0444, dir, cold_show);
	proc_create_single("pair", 0444, dir, pair_show);
	proc_create("extable", 0666, dir, &extable_ops);
	return 0;
}
late_initcall(klp_test_init);
