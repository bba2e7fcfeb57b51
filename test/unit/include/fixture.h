/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fixture.h - kernel-like macros for the create-diff-object unit fixtures.
 *
 * Fixtures are compiled with the kernel's x86-64 code generation flags but
 * without kernel headers.  The macros below emulate what the 6.1 kernel's
 * headers (and objtool, for the sections it generates) put into an object
 * file, with the same section names and entry layouts:
 *
 *   __bug_table            struct bug_entry (DEBUG_BUGVERBOSE)     12 bytes
 *   __ex_table             struct exception_table_entry            12 bytes
 *   __jump_table           struct jump_entry                       16 bytes
 *   .altinstructions       struct alt_instr                        12 bytes
 *   .static_call_sites     struct static_call_site                  8 bytes
 *   .parainstructions      struct paravirt_patch_site              16 bytes
 *   .smp_locks             s32 offset                               4 bytes
 *   .retpoline_sites, .return_sites, .call_sites  s32 offset        4 bytes
 *   .orc_unwind_ip / .orc_unwind   s32 offset / struct orc_entry  4 / 6 bytes
 *   .printk_index          const struct pi_entry *                  8 bytes
 *   .discard.reachable     s32 offset                               4 bytes
 *
 * plus the compiler-private statics of printk_once/WARN_ONCE (.data.once),
 * printk_ratelimited (_rs), mutex_init (__key), pr_debug (a __dyndbg
 * descriptor named by __UNIQUE_ID) and printk's index entry (_entry).
 * Define CONFIG_PRINTK_INDEX before including this file to get the
 * .printk_index entries.
 *
 * Nothing here ever runs; the fixtures only have to compile to objects that
 * look like kernel objects.
 */
#ifndef _FIXTURE_H
#define _FIXTURE_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed int s32;
typedef unsigned long size_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)
#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define __section(s)		__attribute__((__section__(s)))
#define __used			__attribute__((__used__))
#define __cold			__attribute__((__cold__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define noinline		__attribute__((__noinline__))
#define __always_inline		inline __attribute__((__always_inline__))
#define notrace			__attribute__((__no_instrument_function__))
#define asm_inline		asm __inline

#define __init			__section(".init.text") __cold
#define __initdata		__section(".init.data")
#define __exit			__section(".exit.text") __cold
#define __read_mostly		__section(".data..read_mostly")

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		asm volatile("" : : : "memory")
#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile typeof(x) *)&(x) = (val))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* min()/max() name their temporaries with __UNIQUE_ID, as in the kernel. */
#define __cmp_once(x, y, ux, uy, op)					\
	({								\
		typeof(x) ux = (x);					\
		typeof(y) uy = (y);					\
		ux op uy ? ux : uy;					\
	})
#define min(x, y)	__cmp_once(x, y, __UNIQUE_ID(__x), __UNIQUE_ID(__y), <)
#define max(x, y)	__cmp_once(x, y, __UNIQUE_ID(__x), __UNIQUE_ID(__y), >)

#define KBUILD_MODNAME		"fixture"

/* Registers a call from inline asm may clobber (x86-64 SysV). */
#define CALL_CLOBBERS "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc"

/* ---- printk, printk index ------------------------------------------- */

#define KERN_SOH	"\001"
#define KERN_ERR	KERN_SOH "3"
#define KERN_INFO	KERN_SOH "6"

__printf(1, 2) int _printk(const char *fmt, ...);

#ifdef CONFIG_PRINTK_INDEX
struct pi_entry {
	const char *fmt;
	const char *func;
	const char *file;
	unsigned int line;
	const char *level;
	const char *subsys_fmt_prefix;
} __packed;

#define __printk_index_emit(_fmt)					\
	do {								\
		static const struct pi_entry _entry __used = {		\
			.fmt = (_fmt),					\
			.func = __func__,				\
			.file = __FILE__,				\
			.line = __LINE__,				\
		};							\
		static const struct pi_entry *_entry_ptr		\
			__used __section(".printk_index") = &_entry;	\
	} while (0)
#else
#define __printk_index_emit(_fmt) do { } while (0)
#endif

#define printk(fmt, ...)						\
	({								\
		__printk_index_emit(fmt);				\
		_printk(fmt, ##__VA_ARGS__);				\
	})
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)

/* DO_ONCE_LITE: the 6.1 printk_once()/WARN_ONCE() machinery. */
#define DO_ONCE_LITE_IF(condition, func, ...)				\
	({								\
		static bool __section(".data.once") __already_done;	\
		bool __ret_do_once = !!(condition);			\
									\
		if (unlikely(__ret_do_once && !__already_done)) {	\
			__already_done = true;				\
			func(__VA_ARGS__);				\
		}							\
		unlikely(__ret_do_once);				\
	})
#define printk_once(fmt, ...)	DO_ONCE_LITE_IF(true, printk, fmt, ##__VA_ARGS__)

struct ratelimit_state {
	int lock;
	int interval;
	int burst;
	int printed;
	int missed;
	unsigned long begin;
	unsigned long flags;
};
#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init)	\
	struct ratelimit_state name = {					\
		.interval = (interval_init),				\
		.burst = (burst_init),					\
	}
int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state)	___ratelimit(state, __func__)
#define printk_ratelimited(fmt, ...)					\
	({								\
		static DEFINE_RATELIMIT_STATE(_rs, 5 * 250, 10);	\
		if (__ratelimit(&_rs))					\
			printk(fmt, ##__VA_ARGS__);			\
	})

/* ---- BUG/WARN: __bug_table, .discard.reachable ---------------------- */

struct bug_entry {
	s32 bug_addr_disp;
	s32 file_disp;
	u16 line;
	u16 flags;
};

#define BUGFLAG_WARNING		(1 << 0)
#define BUGFLAG_ONCE		(1 << 1)
#define BUGFLAG_NO_CUT_HERE	(1 << 3)
#define BUGFLAG_TAINT(taint)	((taint) << 8)
#define TAINT_WARN		9

#define ASM_UD2			".byte 0x0f, 0x0b"
#define ASM_REACHABLE							\
	"998:\n\t"							\
	".pushsection .discard.reachable\n\t"				\
	".long 998b - .\n\t"						\
	".popsection\n\t"

#define _BUG_FLAGS(ins, flags, extra)					\
	asm_inline volatile("1:\t" ins "\n"				\
		".pushsection __bug_table,\"aw\"\n"			\
		"2:\t.long 1b - .\n"					\
		"\t.long %c0 - .\n"					\
		"\t.word %c1\n"						\
		"\t.word %c2\n"						\
		"\t.org 2b+%c3\n"					\
		".popsection\n"						\
		extra							\
		: : "i" (__FILE__), "i" (__LINE__),			\
		    "i" (flags), "i" (sizeof(struct bug_entry)))

#define BUG()								\
	do {								\
		_BUG_FLAGS(ASM_UD2, 0, "");				\
		__builtin_unreachable();				\
	} while (0)
#define BUG_ON(condition)						\
	do {								\
		if (unlikely(condition))				\
			BUG();						\
	} while (0)

#define __WARN_FLAGS(flags)						\
	_BUG_FLAGS(ASM_UD2, BUGFLAG_WARNING | (flags), ASM_REACHABLE)
#define __WARN()		__WARN_FLAGS(BUGFLAG_TAINT(TAINT_WARN))

__printf(1, 2) void __warn_printk(const char *fmt, ...);

#define WARN_ON(condition)						\
	({								\
		int __ret_warn_on = !!(condition);			\
		if (unlikely(__ret_warn_on))				\
			__WARN();					\
		unlikely(__ret_warn_on);				\
	})
#define WARN_ON_ONCE(condition)						\
	({								\
		int __ret_warn_on = !!(condition);			\
		if (unlikely(__ret_warn_on))				\
			__WARN_FLAGS(BUGFLAG_ONCE |			\
				     BUGFLAG_TAINT(TAINT_WARN));	\
		unlikely(__ret_warn_on);				\
	})
#define WARN(condition, format...)					\
	({								\
		int __ret_warn_on = !!(condition);			\
		if (unlikely(__ret_warn_on)) {				\
			__warn_printk(format);				\
			__WARN_FLAGS(BUGFLAG_NO_CUT_HERE |		\
				     BUGFLAG_TAINT(TAINT_WARN));	\
		}							\
		unlikely(__ret_warn_on);				\
	})
/* The pre-5.18 WARN_ONCE(), with its private __warned flag. */
#define WARN_ONCE(condition, format...)					\
	({								\
		static bool __section(".data.once") __warned;		\
		int __ret_warn_once = !!(condition);			\
									\
		if (unlikely(__ret_warn_once && !__warned)) {		\
			__warned = true;				\
			WARN(1, format);				\
		}							\
		unlikely(__ret_warn_once);				\
	})

void __might_sleep(const char *file, int line, int preempt_offset);
#define might_sleep()	__might_sleep(__FILE__, __LINE__, 0)

/* ---- lockdep: the private __key of *_init() macros ------------------ */

struct lock_class_key {
	unsigned long subkeys[2];
};
struct mutex {
	long owner;
	int wait_lock;
	void *wait_list[2];
};
void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key);
#define mutex_init(mutex)						\
	do {								\
		static struct lock_class_key __key;			\
		__mutex_init((mutex), #mutex, &__key);			\
	} while (0)

/* ---- jump labels: __jump_table --------------------------------------- */

struct static_key {
	int enabled;
	union {
		unsigned long type;
		void *entries;
	};
};
struct static_key_true {
	struct static_key key;
};
struct static_key_false {
	struct static_key key;
};

#define JUMP_TYPE_FALSE		0UL
#define JUMP_TYPE_TRUE		1UL
#define DEFINE_STATIC_KEY_TRUE(name)					\
	struct static_key_true name = { .key = { .enabled = 1, { .type = JUMP_TYPE_TRUE } } }
#define DEFINE_STATIC_KEY_FALSE(name)					\
	struct static_key_false name = { .key = { .enabled = 0, { .type = JUMP_TYPE_FALSE } } }
#define DECLARE_STATIC_KEY_TRUE(name)	extern struct static_key_true name
#define DECLARE_STATIC_KEY_FALSE(name)	extern struct static_key_false name

static __always_inline bool arch_static_branch(struct static_key *const key, const bool branch)
{
	asm goto("1:\t.byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - .\n\t"
		 ".long %l[l_yes] - .\n\t"
		 ".quad %c0 + %c1 - .\n\t"
		 ".popsection\n\t"
		 : : "i" (key), "i" (branch) : : l_yes);
	return false;
l_yes:
	return true;
}

/* A static branch as objtool leaves a short one: a 2-byte nop. */
static __always_inline bool arch_static_branch_short(struct static_key *const key)
{
	asm goto("1:\t.byte 0x66, 0x90\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - .\n\t"
		 ".long %l[l_yes] - .\n\t"
		 ".quad %c0 - .\n\t"
		 ".popsection\n\t"
		 : : "i" (key) : : l_yes);
	return false;
l_yes:
	return true;
}

#define static_branch_likely(x)		likely(!arch_static_branch(&(x)->key, true))
#define static_branch_unlikely(x)	unlikely(arch_static_branch(&(x)->key, false))

/* ---- dynamic debug: descriptors in __dyndbg ------------------------- */

struct _ddebug {
	const char *modname;
	const char *function;
	const char *filename;
	const char *format;
	unsigned int lineno:18;
	unsigned int class_id:6;
	unsigned int flags:8;
	union {
		struct static_key_true dd_key_true;
		struct static_key_false dd_key_false;
	} key;
} __aligned(8);

__printf(2, 3) void __dynamic_pr_debug(struct _ddebug *descriptor, const char *fmt, ...);

#define __dynamic_pr_debug_id(id, fmt, ...)				\
	do {								\
		static struct _ddebug __aligned(8)			\
		__section("__dyndbg") id = {				\
			.modname = KBUILD_MODNAME,			\
			.function = __func__,				\
			.filename = __FILE__,				\
			.format = (fmt),				\
			.lineno = __LINE__,				\
			.class_id = 63,					\
		};							\
		if (static_branch_unlikely(&id.key.dd_key_false))	\
			__dynamic_pr_debug(&id, fmt, ##__VA_ARGS__);	\
	} while (0)
#define pr_debug(fmt, ...)	__dynamic_pr_debug_id(__UNIQUE_ID(ddebug), fmt, ##__VA_ARGS__)

/* ---- alternatives: .altinstructions + .altinstr_replacement --------- */

struct alt_instr {
	s32 instr_offset;
	s32 repl_offset;
	u16 cpuid;
	u8 instrlen;
	u8 replacementlen;
} __packed;

#define X86_FEATURE_LFENCE_RDTSC	(3 * 32 + 18)
#define X86_FEATURE_CLFLUSHOPT		(9 * 32 + 23)

/* Old instruction padded with NOPs to the replacement's length. */
#define ALTERNATIVE(oldinstr, newinstr, feature)			\
	"661:\n\t" oldinstr "\n662:\n\t"				\
	".skip -(((6651f-6641f)-(662b-661b)) > 0) * "			\
		"((6651f-6641f)-(662b-661b)),0x90\n"			\
	"663:\n\t"							\
	".pushsection .altinstructions,\"a\"\n\t"			\
	".long 661b - .\n\t"						\
	".long 6641f - .\n\t"						\
	".word " __stringify(feature) "\n\t"				\
	".byte 663b-661b\n\t"						\
	".byte 6651f-6641f\n\t"						\
	".popsection\n\t"						\
	".pushsection .altinstr_replacement, \"ax\"\n"			\
	"6641:\n\t" newinstr "\n6651:\n\t"				\
	".popsection\n"

#define alternative(oldinstr, newinstr, feature)			\
	asm_inline volatile(ALTERNATIVE(oldinstr, newinstr, feature) : : : "memory")
#define barrier_nospec()	alternative("", "lfence", X86_FEATURE_LFENCE_RDTSC)

/* ---- exception table: __ex_table ------------------------------------ */

struct exception_table_entry {
	int insn, fixup, data;
};
#define EX_TYPE_DEFAULT		1
#define EX_TYPE_UACCESS		3

#define _ASM_EXTABLE_TYPE(from, to, type)				\
	" .pushsection \"__ex_table\",\"a\"\n"				\
	" .balign 4\n"							\
	" .long (" #from ") - .\n"					\
	" .long (" #to ") - .\n"					\
	" .long " __stringify(type) " \n"				\
	" .popsection\n"

/* Read an int that may fault; *err is left alone on success. */
#define get_kernel_int(val, ptr, err)					\
	asm volatile("1:\tmovl %2, %1\n"				\
		     "2:\n"						\
		     _ASM_EXTABLE_TYPE(1b, 2b, EX_TYPE_UACCESS)		\
		     : "+r" (err), "=r" (val) : "m" (*(ptr)))

/* ---- static calls: .static_call_sites (objtool-generated) ----------- */

struct static_call_key {
	void *func;
	union {
		unsigned long type;
		void *sites;
	};
};
struct static_call_site {
	s32 addr;
	s32 key;
};

#define DECLARE_STATIC_CALL(name, func)					\
	extern struct static_call_key __SCK__##name;			\
	extern typeof(func) __SCT__##name
/* The key, and the trampoline: a jump to the current target. */
#define DEFINE_STATIC_CALL(name, _func)					\
	DECLARE_STATIC_CALL(name, _func);				\
	struct static_call_key __SCK__##name = { .func = _func, { .type = 1 } }; \
	asm(".pushsection .static_call.text, \"ax\"\n\t"		\
	    ".align 4\n\t"						\
	    ".globl __SCT__" #name "\n"				\
	    "__SCT__" #name ":\n\t"					\
	    ".byte 0xe9\n\t"						\
	    ".long " #_func " - (. + 4)\n\t"				\
	    ".popsection")

/* A call through the trampoline, plus the site entry objtool would add. */
#define static_call_void(name)						\
	asm volatile("1:\tcall __SCT__" #name "\n\t"			\
		     ".pushsection .static_call_sites, \"a\"\n\t"	\
		     ".balign 4\n\t"					\
		     ".long 1b - .\n\t"					\
		     ".long __SCK__" #name " - .\n\t"			\
		     ".popsection"					\
		     : : : CALL_CLOBBERS)

/* ---- paravirt: .parainstructions ------------------------------------ */

struct paravirt_patch_site {
	u8 *instr;
	u8 type;
	u8 len;
};

#define PARAVIRT_CALL(type, slot)					\
	asm volatile("771:\n\tcall *pv_ops+" __stringify(slot) "(%%rip)\n772:\n\t" \
		     ".pushsection .parainstructions,\"a\"\n\t"		\
		     ".balign 8\n\t"					\
		     ".quad 771b\n\t"					\
		     ".byte " __stringify(type) "\n\t"			\
		     ".byte 772b-771b\n\t"				\
		     ".short 0x1\n\t"					\
		     ".balign 8\n\t"					\
		     ".popsection"					\
		     : : : CALL_CLOBBERS)
#define arch_local_irq_disable()	PARAVIRT_CALL(38, 304)
#define arch_local_irq_enable()		PARAVIRT_CALL(39, 312)

/* ---- locked atomics: .smp_locks ------------------------------------- */

typedef struct {
	int counter;
} atomic_t;

#define LOCK_PREFIX							\
	".pushsection .smp_locks,\"a\"\n"				\
	".balign 4\n"							\
	".long 671f - .\n"						\
	".popsection\n"							\
	"671:\n\tlock; "

static __always_inline void atomic_inc(atomic_t *v)
{
	asm volatile(LOCK_PREFIX "incl %0" : "+m" (v->counter) : : "memory");
}

static __always_inline void atomic_dec(atomic_t *v)
{
	asm volatile(LOCK_PREFIX "decl %0" : "+m" (v->counter) : : "memory");
}

/* ---- objtool-generated site lists ------------------------------------ */

/* Indirect call through a retpoline thunk, listed in .retpoline_sites. */
#define CALL_NOSPEC(fn)							\
	do {								\
		void *__target = (fn);					\
		asm volatile("1:\tcall __x86_indirect_thunk_rax\n\t"	\
			     ".pushsection .retpoline_sites,\"a\"\n\t"	\
			     ".long 1b - .\n\t"				\
			     ".popsection"				\
			     : "+a" (__target) : : "rcx", "rdx", "rsi", "rdi", \
			       "r8", "r9", "r10", "r11", "memory", "cc");	\
	} while (0)

/* Return through the return thunk, listed in .return_sites. */
#define RETURN_THUNK()							\
	do {								\
		asm volatile("1:\tjmp __x86_return_thunk\n\t"		\
			     ".pushsection .return_sites,\"a\"\n\t"	\
			     ".long 1b - .\n\t"				\
			     ".popsection");				\
		__builtin_unreachable();				\
	} while (0)

/* Direct call listed in .call_sites (call depth tracking). */
#define TRACKED_CALL(fn)						\
	asm volatile("1:\tcall " #fn "\n\t"				\
		     ".pushsection .call_sites,\"a\"\n\t"		\
		     ".long 1b - .\n\t"					\
		     ".popsection"					\
		     : : : CALL_CLOBBERS)

/* ORC entry for the current location (parallel arrays, 4 + 6 bytes). */
#define ORC_POINT(sp_offset)						\
	asm volatile("1:\n\t"						\
		     ".pushsection .orc_unwind_ip,\"a\"\n\t"		\
		     ".long 1b - .\n\t"					\
		     ".popsection\n\t"					\
		     ".pushsection .orc_unwind,\"a\"\n\t"		\
		     ".short " __stringify(sp_offset) "\n\t"		\
		     ".short 0\n\t"					\
		     ".short 0x0025\n\t"				\
		     ".popsection")

#endif /* _FIXTURE_H */
