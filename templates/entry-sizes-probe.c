// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled against the target kernel as an external module, to learn the
 * entry sizes of its special sections: each E() prints a size into the
 * generated assembly ("->entsize <section> <size>"), like asm-offsets,
 * each F() the offset of a field the diff engine reads in those entries
 * ("->entoff <section> <field> <offset>", -1 where the entries lack it),
 * and "->entries N" says how many lines there are, so that a reader can
 * tell a line it failed to parse from one the probe never printed.
 */
#include <linux/module.h>
#include <linux/bug.h>
#include <linux/jump_label.h>
#include <linux/static_call_types.h>
#include <asm/alternative.h>
#include <asm/extable.h>
#include <linux/version.h>
#include <asm/orc_types.h>
#include <asm/paravirt_types.h>

#define E(sec, size) do {							\
	asm volatile("\n.ascii \"->entsize " sec " %c0\"" : : "i" (size));	\
	(void)__COUNTER__;							\
} while (0)

#define F(sec, field, off) do {							\
	asm volatile("\n.ascii \"->entoff " sec " " field " %c0\"" : : "i" (off));	\
	(void)__COUNTER__;							\
} while (0)

enum { FIRST_ENTRY = __COUNTER__ + 1 };

void entsize_probe(void)
{
	E(".altinstructions", sizeof(struct alt_instr));
	E("__bug_table", sizeof(struct bug_entry));
	E("__ex_table", sizeof(struct exception_table_entry));
	E("__jump_table", sizeof(struct jump_entry));
	E(".static_call_sites", sizeof(struct static_call_site));
	E(".orc_unwind", sizeof(struct orc_entry));
	E(".orc_unwind_ip", sizeof(int));           /* ip - . */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)	/* paravirt patching became alternatives */
	E(".parainstructions", sizeof(struct paravirt_patch_site));
#endif
	E(".smp_locks", sizeof(s32));               /* .long 671f - . */
	E(".retpoline_sites", sizeof(s32));         /* objtool: .long insn - . */
	E(".return_sites", sizeof(s32));
	E(".call_sites", sizeof(s32));
	E(".ibt_endbr_seal", sizeof(s32));
	E(".printk_index", sizeof(struct pi_entry *));
	E("__mcount_loc", sizeof(unsigned long));
	E("__patchable_function_entries", sizeof(void *));
#ifdef CONFIG_DEBUG_BUGVERBOSE
	F("__bug_table", "line", offsetof(struct bug_entry, line));
#else
	F("__bug_table", "line", -1);
#endif
	F("__jump_table", "target", offsetof(struct jump_entry, target));
	F("__jump_table", "key", offsetof(struct jump_entry, key));
	F(".static_call_sites", "key", offsetof(struct static_call_site, key));
	asm volatile("\n.ascii \"->entries %c0\"" : : "i" (__COUNTER__ - FIRST_ENTRY));
}
MODULE_LICENSE("GPL");
