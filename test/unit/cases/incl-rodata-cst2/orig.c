/* One constant in .rodata.cst2, reached through the local label .LC0, as in
 * the BPF JIT's emit_return(): the changed function gets its own copy. */
typedef unsigned char u8;
void emit_jump(u8 **pprog, void *func, u8 *ip);
extern int wants_rethunk;
#define EMIT(bytes, len) do { prog = emit_code(prog, bytes, len); } while (0)
static u8 *emit_code(u8 *ptr, unsigned int bytes, unsigned int len)
{
	if (len == 1)
		*ptr = bytes;
	else if (len == 2)
		*(unsigned short *)ptr = bytes;
	else
		*(unsigned int *)ptr = bytes;
	return ptr + len;
}
void emit_return(u8 **pprog, u8 *ip)
{
	u8 *prog = *pprog;

	if (wants_rethunk) {
		emit_jump(&prog, 0, ip);
	} else {
		EMIT(0xC3, 1);
		EMIT(0xCC, 1);
	}
	*pprog = prog;
}
