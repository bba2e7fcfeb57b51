/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Macros for patch authors.  The driver puts this header on the include
 * path of the patched build; a patched source file includes it:
 *
 *	#include "kpatch-macros.h"
 *
 * Both spellings are provided: KPATCH_* (as patches written for kpatch use
 * them) and KLP_* (as the kernel's livepatch helpers name them).
 *
 * Callbacks (function name, not an expression):
 *   KLP_PRE_PATCH_CALLBACK(fn)     KPATCH_PRE_PATCH_CALLBACK(fn)
 *	int fn(struct klp_object *obj); non-zero refuses the patch (or the
 *	loading module it applies to).
 *   KLP_POST_PATCH_CALLBACK(fn)    KPATCH_POST_PATCH_CALLBACK(fn)
 *   KLP_PRE_UNPATCH_CALLBACK(fn)   KPATCH_PRE_UNPATCH_CALLBACK(fn)
 *   KLP_POST_UNPATCH_CALLBACK(fn)  KPATCH_POST_UNPATCH_CALLBACK(fn)
 *	void fn(struct klp_object *obj);
 *   Each puts one 8-byte pointer to fn (an R_X86_64_64 relocation) in
 *   section .kpatch.callbacks.<pre_patch|post_patch|pre_unpatch|
 *   post_unpatch>, in a variable named __klp_cb_<kind>_<fn>.  The diff
 *   engine turns each pointer into a struct klp_meta_callback (lib/
 *   klp-meta.h) for the object (vmlinux or module) the file belongs to.
 *   The callback runs for that object, only while it is loaded.  The
 *   livepatch core runs one callback of each kind per object: a second
 *   one for the same object and kind is refused when the module loads.
 *   patch_object is struct klp_object, the type kpatch callbacks take.
 *
 * System state (struct klp_state, see the kernel's
 * Documentation/livepatch/system-state.rst):
 *   KLP_STATE(id, version)
 *	This patch introduces or keeps the system state id (non-zero) at
 *	version: the module lists it in klp_patch.states, so that the kernel
 *	refuses a later patch that lowers the version or, being a replace
 *	patch, drops the state.  Callbacks find it with klp_get_state().
 *	One {id, version} pair of 8-byte words in section .kpatch.states, no
 *	relocations; the diff engine reports it ("state: ID VERSION") and the
 *	driver builds the list.  A cumulative release built with --previous
 *	carries forward the states of the release it replaces.
 *
 * Telling the diff engine what not to include:
 *   KPATCH_IGNORE_FUNCTION(fn)         KLP_IGNORE_FUNCTION(fn)
 *	One 8-byte pointer to fn (R_X86_64_64 relocation to the function's
 *	symbol) in section .kpatch.ignore.functions, in a variable named
 *	__kpatch_ignore_func_<fn>.  Changes to fn are not patched.  Taking
 *	the address makes the compiler emit fn out of line.
 *   KPATCH_IGNORE_SECTION("name")      KLP_IGNORE_SECTION("name")
 *	One 8-byte pointer to the NUL-terminated section name (an
 *	R_X86_64_64 relocation into the object's string literal section,
 *	e.g. .rodata.str1.1, plus the string's offset as addend) in section
 *	.kpatch.ignore.sections.  Changes to that section are not patched.
 *   Both sections are arrays of such pointers, with no header and no
 *   terminator (size / 8 entries); they are build-time input for the
 *   engine and do not belong in its output.
 *
 *   KPATCH_FORCE_UNSAFE(fn)
 *	One 8-byte pointer to fn in section .kpatch.force.  kpatch's own
 *	core skipped its stack check for such a function; the kernel's
 *	livepatch has no per-function switch, so fn is patched as any
 *	other (if it changed) and the engine prints a note saying so: a
 *	transition that waits on a task inside fn can be forced through
 *	/sys/kernel/livepatch/<module>/force.
 *
 * Other helpers:
 *   KPATCH_PRINTK(fmt, ...)
 *	printk() behind a branch the compiler cannot predict.  printk() is
 *	__cold, so GCC treats the code leading to it as unlikely and may
 *	move it to .text.unlikely or stop inlining there; a printk added by
 *	a patch would then change more code than the patch did.
 *   KPATCH_PRINTK_DEFERRED(fmt, ...)
 *	The same with printk_deferred(), for code that may hold the
 *	scheduler's locks.
 *   KPATCH_STATIC_CALL(name)           KLP_STATIC_CALL(name)
 *	Use as KLP_STATIC_CALL(name)(args) instead of static_call(name)(args):
 *	an ordinary indirect call through the key's current function.  The
 *	kernel fixes up a module's static call sites while the module is
 *	coming, before klp_enable_patch() applies its livepatch relocations,
 *	so a site whose trampoline and key are not exported cannot be
 *	resolved; a read of the key can (through a livepatch relocation).
 *	The function must not be NULL: for a static_call_cond() site, test
 *	static_call_query(name) first.
 *   KLP_SYSCALL_DEFINE0(name) ... KLP_SYSCALL_DEFINE6(name, ...)
 *   KPATCH_SYSCALL_DEFINE1(name, ...) ... KPATCH_SYSCALL_DEFINE6(name, ...)
 *	(also from "kpatch-syscall.h", as patches written for kpatch include it)
 *	Like SYSCALL_DEFINE<n>, for replacing a system call (x86-64 only):
 *	same arguments, and it defines __x64_sys_<name>() (and
 *	__ia32_sys_<name>() with CONFIG_IA32_EMULATION) with the same
 *	pt_regs decoding as the kernel's wrappers, so the diff engine
 *	replaces the existing entry points.  It leaves out the ftrace syscall
 *	metadata, and the body is named __klp_do_sys_<name>() instead of
 *	__do_sys_<name>(): the kernel's "inline" implies notrace, so an
 *	out-of-line __do_sys_<name>() cannot be patched, while its callers
 *	change when they call a function of another name.
 */
#ifndef _KPATCH_MACROS_H_
#define _KPATCH_MACROS_H_

#include <linux/compiler.h>
#include <linux/livepatch.h>
#include <linux/printk.h>
#include <linux/static_call.h>
#include <linux/syscalls.h>

/* Complete, as kpatch's: its callbacks read the object (obj->mod->name). */
typedef struct klp_object patch_object;

/* Callbacks */

#define KLP_PRE_PATCH_CALLBACK(fn)					\
	static int (*__klp_cb_pre_patch_##fn)(struct klp_object *obj)	\
	__used __section(".kpatch.callbacks.pre_patch") = fn

#define KLP_POST_PATCH_CALLBACK(fn)					\
	static void (*__klp_cb_post_patch_##fn)(struct klp_object *obj)	\
	__used __section(".kpatch.callbacks.post_patch") = fn

#define KLP_PRE_UNPATCH_CALLBACK(fn)					\
	static void (*__klp_cb_pre_unpatch_##fn)(struct klp_object *obj) \
	__used __section(".kpatch.callbacks.pre_unpatch") = fn

#define KLP_POST_UNPATCH_CALLBACK(fn)					\
	static void (*__klp_cb_post_unpatch_##fn)(struct klp_object *obj) \
	__used __section(".kpatch.callbacks.post_unpatch") = fn

#define KPATCH_PRE_PATCH_CALLBACK(fn)	KLP_PRE_PATCH_CALLBACK(fn)
#define KPATCH_POST_PATCH_CALLBACK(fn)	KLP_POST_PATCH_CALLBACK(fn)
#define KPATCH_PRE_UNPATCH_CALLBACK(fn)	KLP_PRE_UNPATCH_CALLBACK(fn)
#define KPATCH_POST_UNPATCH_CALLBACK(fn) KLP_POST_UNPATCH_CALLBACK(fn)

/* System state */

#define KLP_STATE(id, version)						\
	static_assert((id) != 0, "klp_state id 0 ends the kernel's list");	\
	static const unsigned long long __used __aligned(8)		\
	__section(".kpatch.states")					\
	__UNIQUE_ID(__klp_state_)[2] = { (id), (version) }

/* What the diff engine must leave alone */

#define KPATCH_IGNORE_FUNCTION(fn)					\
	static void *__used __section(".kpatch.ignore.functions")	\
	__kpatch_ignore_func_##fn = (void *)(fn)

#define KPATCH_IGNORE_SECTION(name)					\
	static const char *__used __section(".kpatch.ignore.sections")	\
	__UNIQUE_ID(__kpatch_ignore_section_) = (name)

#define KLP_IGNORE_FUNCTION(fn)		KPATCH_IGNORE_FUNCTION(fn)
#define KLP_IGNORE_SECTION(name)	KPATCH_IGNORE_SECTION(name)

#define KPATCH_FORCE_UNSAFE(fn)						\
	static void *__used __section(".kpatch.force")			\
	__kpatch_force_func_##fn = (void *)(fn)

/* printk without making the surrounding code cold */

#define __KPATCH_PRINTK(printk_fn, fmt, ...)				\
do {									\
	int __kpatch_printk_taken = 1;					\
									\
	asm volatile("" : "+r" (__kpatch_printk_taken));		\
	if (__kpatch_printk_taken)					\
		printk_fn(fmt, ##__VA_ARGS__);				\
} while (0)

#define KPATCH_PRINTK(fmt, ...)		__KPATCH_PRINTK(printk, fmt, ##__VA_ARGS__)
#define KPATCH_PRINTK_DEFERRED(fmt, ...) __KPATCH_PRINTK(printk_deferred, fmt, ##__VA_ARGS__)

/* Static calls as plain indirect calls */

#define KLP_STATIC_CALL(name)						\
	((typeof(STATIC_CALL_TRAMP(name)) *)static_call_query(name))

#define KPATCH_STATIC_CALL(name)	KLP_STATIC_CALL(name)

/* System calls (x86-64) */

#if defined(CONFIG_X86_64) && defined(CONFIG_ARCH_HAS_SYSCALL_WRAPPER)

/*
 * One pt_regs entry point without arguments; the kernel makes it an alias
 * of __do_sys_<name>, here it is a function of its own.
 */
#define __KLP_SYS_STUB0(abi, sname)					\
	long __##abi##_sys_##sname(const struct pt_regs *__unused);	\
	ALLOW_ERROR_INJECTION(__##abi##_sys_##sname, ERRNO);		\
	long __##abi##_sys_##sname(const struct pt_regs *__unused)	\
	{								\
		return __klp_do_sys_##sname();				\
	}

#ifdef CONFIG_IA32_EMULATION
#define __KLP_IA32_SYS_STUB0(sname)	__KLP_SYS_STUB0(ia32, sname)
#else
#define __KLP_IA32_SYS_STUB0(sname)
#endif

#define KLP_SYSCALL_DEFINE0(sname)					\
	static inline long __klp_do_sys_##sname(void);			\
	__KLP_SYS_STUB0(x64, sname)					\
	__KLP_IA32_SYS_STUB0(sname)					\
	static inline long __klp_do_sys_##sname(void)

/*
 * With arguments: the kernel's own stubs decode pt_regs and call
 * __se_sys<_name>(), which sign-extends as the kernel's does and calls the
 * body.
 */
#define KLP_SYSCALL_DEFINEx(x, name, ...)				\
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__));	\
	static inline long						\
	__klp_do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__));		\
	__X64_SYS_STUBx(x, name, __VA_ARGS__)				\
	__IA32_SYS_STUBx(x, name, __VA_ARGS__)				\
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__))	\
	{								\
		long ret;						\
									\
		ret = __klp_do_sys##name(__MAP(x, __SC_CAST, __VA_ARGS__)); \
		__MAP(x, __SC_TEST, __VA_ARGS__);			\
		__PROTECT(x, ret, __MAP(x, __SC_ARGS, __VA_ARGS__));	\
		return ret;						\
	}								\
	static inline long						\
	__klp_do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#define KLP_SYSCALL_DEFINE1(name, ...) KLP_SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define KLP_SYSCALL_DEFINE2(name, ...) KLP_SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define KLP_SYSCALL_DEFINE3(name, ...) KLP_SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define KLP_SYSCALL_DEFINE4(name, ...) KLP_SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)
#define KLP_SYSCALL_DEFINE5(name, ...) KLP_SYSCALL_DEFINEx(5, _##name, __VA_ARGS__)
#define KLP_SYSCALL_DEFINE6(name, ...) KLP_SYSCALL_DEFINEx(6, _##name, __VA_ARGS__)

#define KPATCH_SYSCALL_DEFINE1(name, ...) KLP_SYSCALL_DEFINE1(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE2(name, ...) KLP_SYSCALL_DEFINE2(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE3(name, ...) KLP_SYSCALL_DEFINE3(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE4(name, ...) KLP_SYSCALL_DEFINE4(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE5(name, ...) KLP_SYSCALL_DEFINE5(name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE6(name, ...) KLP_SYSCALL_DEFINE6(name, __VA_ARGS__)

#endif /* CONFIG_X86_64 && CONFIG_ARCH_HAS_SYSCALL_WRAPPER */

#endif /* _KPATCH_MACROS_H_ */
