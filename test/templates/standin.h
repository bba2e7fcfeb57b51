/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-made stand-ins for create-diff-object output: metadata entries laid
 * out as in templates/klp-meta.h, each pointer an R_X86_64_64 relocation.
 */
#include <linux/compiler.h>
#include <linux/livepatch.h>
#include <linux/printk.h>

struct standin_func {
	void *new_func;
	const char *old_name;
	const char *objname;
	unsigned long sympos;
};

struct standin_cb {
	void *fn;
	const char *objname;
};

#define STANDIN_FUNC(tag, fn, old, obj, pos)				\
	static const struct standin_func __used __aligned(8)		\
	__section(".kpatch.funcs") standin_f_##tag = { fn, old, obj, pos }

#define STANDIN_CB(tag, kind, fn, obj)					\
	static const struct standin_cb __used __aligned(8)		\
	__section(".kpatch.callbacks." #kind) standin_c_##tag = { fn, obj }

#define STANDIN_LOG(kind, obj)						\
	pr_info("standin %s %s callback for %s\n", KBUILD_MODNAME, kind, \
		(obj)->name ? (obj)->name : "vmlinux")
