// SPDX-License-Identifier: GPL-2.0
/*
 * Built into the test kernel: targets for the livepatch integration tests.
 * Each /proc/klp_test/<name> shows what one function does, so a test sees
 * a patch take effect and go away.  Every function uses the kernel feature
 * its name says (static local, jump label, static call, alternative,
 * exception table, WARN, a .cold part), and each takes the path that
 * feature serves on demand, so a test can see the new code take it too.
 */
#include <linux/init.h>
#include <linux/export.h>
#include <linux/jump_label.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/static_call.h>
#include <linux/uaccess.h>
#include <asm/alternative.h>
#include <asm/cpufeature.h>

/*
 * A number written to a knob file is its value: the show function reads
 * it, and set(), if there is one, acts on it (toggles the key, updates the
 * static call).
 */
struct knob {
	int (*show)(struct seq_file *m, void *v);
	void (*set)(int val);
	int val;
};

static int knob_val(struct seq_file *m)
{
	return ((struct knob *)m->private)->val;
}

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

static void jump_set(int on)
{
	if (on)
		static_branch_enable(&klp_test_key);
	else
		static_branch_disable(&klp_test_key);
}

static int klp_test_double(int x)
{
	return 2 * x;
}

static int klp_test_triple(int x)
{
	return 3 * x;
}

DEFINE_STATIC_CALL(klp_test_call, klp_test_double);

static void static_call_set(int triple)
{
	static_call_update(klp_test_call, triple ? klp_test_triple : klp_test_double);
}

static noinline int static_call_show(struct seq_file *m, void *v)
{
	seq_printf(m, "call=%d\n", static_call(klp_test_call)(21));
	return 0;
}

/* alt=2 only once the alternative is applied: every CPU has FEATURE_ALWAYS. */
static noinline int alternative_show(struct seq_file *m, void *v)
{
	int alt;

	asm(ALTERNATIVE("mov $1, %0", "mov $2, %0", X86_FEATURE_ALWAYS) : "=r" (alt));
	seq_printf(m, "alt=%d fpu=%d\n", alt, static_cpu_has(X86_FEATURE_FPU) ? 1 : 0);
	return 0;
}

/* Fires on every read while its knob is set. */
static noinline int warn_show(struct seq_file *m, void *v)
{
	WARN_ON(knob_val(m));
	seq_puts(m, "warn=none\n");
	return 0;
}

/*
 * A function with a .cold part: the test kernel is built with -Os, which
 * does not split cold paths, so this one asks for -O2.
 */
static noinline __attribute__((optimize("O2"))) int cold_show(struct seq_file *m, void *v)
{
	if (unlikely(knob_val(m))) {
		pr_err("klp_test: cold_show takes its cold path\n");
		dump_stack();
		seq_puts(m, "cold=cold\n");
		return 0;
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

/*
 * '!' reads an unmapped user address instead: the fault is recovered
 * through the exception table entry of the inline unsafe_get_user()
 * (plain get_user() calls out of line on 6.1 and has no entry here).
 */
static noinline ssize_t extable_write(struct file *file, const char __user *buf,
				      size_t len, loff_t *pos)
{
	const char __user *from = buf;
	char c;

	if (!len)
		return 0;
	if (get_user(c, buf))
		return -EFAULT;
	if (c == '!')
		from = (const char __user *)8;
	if (!user_access_begin(from, 1))
		return -EFAULT;
	unsafe_get_user(c, from, fault);
	user_access_end();
	extable_last = c;
	return len;
fault:
	user_access_end();
	extable_last = 'E';
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

static int knob_open(struct inode *inode, struct file *file)
{
	struct knob *k = pde_data(inode);

	return single_open(file, k->show, k);
}

static ssize_t knob_write(struct file *file, const char __user *buf,
			  size_t len, loff_t *pos)
{
	struct knob *k = pde_data(file_inode(file));
	int val, err;

	err = kstrtoint_from_user(buf, len, 0, &val);
	if (err)
		return err;
	k->val = val;
	if (k->set)
		k->set(val);
	return len;
}

static const struct proc_ops knob_ops = {
	.proc_open	= knob_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
	.proc_write	= knob_write,
};

static struct knob jump_knob = { .show = jump_show, .set = jump_set };
static struct knob static_call_knob = { .show = static_call_show, .set = static_call_set };
static struct knob warn_knob = { .show = warn_show };
static struct knob cold_knob = { .show = cold_show };

static int __init klp_test_init(void)
{
	struct proc_dir_entry *dir = proc_mkdir("klp_test", NULL);

	proc_create_single("counter", 0444, dir, counter_show);
	proc_create_data("jump", 0644, dir, &knob_ops, &jump_knob);
	proc_create_data("static_call", 0644, dir, &knob_ops, &static_call_knob);
	proc_create_single("alternative", 0444, dir, alternative_show);
	proc_create_data("warn", 0644, dir, &knob_ops, &warn_knob);
	proc_create_data("cold", 0644, dir, &knob_ops, &cold_knob);
	proc_create_single("pair", 0444, dir, pair_show);
	proc_create("extable", 0666, dir, &extable_ops);
	return 0;
}
late_initcall(klp_test_init);

/* A namespaced export, for a patch to start using (namespace.patch). */
int klp_test_ns_value(void)
{
	return 41;
}
EXPORT_SYMBOL_NS_GPL(klp_test_ns_value, KLP_TEST);
