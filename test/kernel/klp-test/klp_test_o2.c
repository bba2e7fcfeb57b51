// SPDX-License-Identifier: GPL-2.0
/*
 * Built into the test kernel at -O2 (the rest of the tinyconfig kernel is
 * -Os), the way distributions build theirs: GCC 12's -O2 vectorizer stores
 * two constant bytes as one load from .rodata.cst2, a mergeable constant
 * section with no symbols, reached through a local label.  This is the shape
 * of the BPF JIT's emit_return().  /proc/klp_test_emit shows the bytes.
 */
#include <linux/init.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static u8 *emit_code(u8 *ptr, u32 bytes, unsigned int len)
{
	if (len == 1)
		*ptr = bytes;
	else if (len == 2)
		*(u16 *)ptr = bytes;
	else
		*(u32 *)ptr = bytes;
	return ptr + len;
}

#define EMIT(bytes, len) do { prog = emit_code(prog, bytes, len); } while (0)

static int emit_far;

static noinline void emit_jump(u8 **pprog)
{
	u8 *prog = *pprog;

	EMIT(0xE9, 1);
	*pprog = prog;
}

static noinline void emit_pad(u8 **pprog)
{
	u8 *prog = *pprog;

	EMIT(0x66, 1);
	EMIT(0x90, 1);
	*pprog = prog;
}

static noinline void emit_return(u8 **pprog)
{
	u8 *prog = *pprog;

	if (emit_far) {
		emit_jump(&prog);
	} else {
		EMIT(0xC3, 1);
		EMIT(0xCC, 1);
	}
	*pprog = prog;
}

static u8 emit_buf[8];

static int emit_show(struct seq_file *m, void *v)
{
	u8 *prog = emit_buf;

	emit_pad(&prog);
	emit_return(&prog);
	seq_printf(m, "emit=%*phN\n", (int)(prog - emit_buf), emit_buf);
	return 0;
}

static int __init klp_test_o2_init(void)
{
	proc_create_single("klp_test_emit", 0444, NULL, emit_show);
	return 0;
}
device_initcall(klp_test_o2_init);
