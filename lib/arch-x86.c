// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 instruction facts (lib/arch.h), from capstone: where an
 * instruction that holds a PC-relative displacement ends, so "section +
 * addend" is read exactly; registers, jump label sites.
 */
#include <string.h>

#include <capstone/capstone.h>

#include "elf.h"
#include "arch.h"
#include "util.h"

static csh handle;

static csh insn_handle(void)
{
	if (!handle) {
		if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
			die("capstone: cannot open an x86-64 disassembler");
		cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
	}
	return handle;
}

/* Which argument (0-based) of the x86-64 calling convention reg is, or -1. */
static int arg_of_register(x86_reg reg)
{
	static const x86_reg regs[][3] = {
		{ X86_REG_EDI, X86_REG_RDI, X86_REG_DI },
		{ X86_REG_ESI, X86_REG_RSI, X86_REG_SI },
		{ X86_REG_EDX, X86_REG_RDX, X86_REG_DX },
		{ X86_REG_ECX, X86_REG_RCX, X86_REG_CX },
		{ X86_REG_R8D, X86_REG_R8, X86_REG_R8W },
		{ X86_REG_R9D, X86_REG_R9, X86_REG_R9W },
	};

	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		for (size_t j = 0; j < 3; j++)
			if (regs[i][j] == reg)
				return i;
	return -1;
}

static enum insn_kind kind_of(const cs_insn *c)
{
	switch (c->id) {
	case X86_INS_CALL:
		return INSN_CALL;
	case X86_INS_JMP:
		return INSN_JUMP;
	case X86_INS_NOP:
	case X86_INS_INT3:
		return INSN_PAD;
	}
	if (cs_insn_group(handle, c, CS_GRP_JUMP))
		return INSN_JUMP_COND;
	if (cs_insn_group(handle, c, CS_GRP_RET))
		return INSN_RETURN;
	return INSN_OTHER;
}

/* Where a relative branch or a RIP-relative operand of c points, if it has one. */
static bool pcrel_target(const cs_insn *c, unsigned long *target)
{
	const cs_x86 *x = &c->detail->x86;

	for (int i = 0; i < x->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];

		if (op->type == X86_OP_IMM && cs_insn_group(handle, c, CS_GRP_BRANCH_RELATIVE)) {
			*target = op->imm;
			return true;
		}
		if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP) {
			*target = c->address + c->size + op->mem.disp;
			return true;
		}
	}
	return false;
}

static unsigned int branch_width(const cs_insn *c)
{
	const cs_x86 *x = &c->detail->x86;

	if (!cs_insn_group(handle, c, CS_GRP_BRANCH_RELATIVE) || x->op_count != 1 ||
	    x->operands[0].type != X86_OP_IMM || x->encoding.imm_offset + x->encoding.imm_size != c->size)
		return 0;
	return x->encoding.imm_size == 4 || x->encoding.imm_size == 1 ? x->encoding.imm_size : 0;
}

/* "mov $imm, %reg" */
static bool mov_imm(const cs_insn *c)
{
	const cs_x86 *x = &c->detail->x86;

	return c->id == X86_INS_MOV && x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
	       x->operands[1].type == X86_OP_IMM;
}

/* The constant c leaves in its first operand: mov $imm; xor of a register with itself; push $imm, pop. */
static bool constant_of(const cs_insn *c, const cs_insn *before, long *value)
{
	const cs_x86 *x = &c->detail->x86;

	if (mov_imm(c))
		*value = x->operands[1].imm;
	else if (c->id == X86_INS_XOR && x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
		 x->operands[1].type == X86_OP_REG && x->operands[1].reg == x->operands[0].reg)
		*value = 0;
	else if (c->id == X86_INS_POP && before && before->id == X86_INS_PUSH &&
		 before->detail->x86.operands[0].type == X86_OP_IMM)	/* -Os */
		*value = before->detail->x86.operands[0].imm;
	else
		return false;
	return true;
}

static void describe(struct insn *in, const cs_insn *c, const cs_insn *before)
{
	const cs_x86 *x = &c->detail->x86;

	in->address = c->address;
	in->size = c->size;
	in->opcode = c->id;
	in->kind = kind_of(c);
	memcpy(in->mnemonic, c->mnemonic, sizeof(in->mnemonic));
	in->mnemonic[sizeof(in->mnemonic) - 1] = 0;
	memcpy(in->bytes, c->bytes, c->size < sizeof(in->bytes) ? c->size : sizeof(in->bytes));
	in->has_target = pcrel_target(c, &in->target);
	in->branch_width = branch_width(c);
	in->first_arg = x->op_count >= 1 && x->operands[0].type == X86_OP_REG ?
			arg_of_register(x->operands[0].reg) : -1;
	if (mov_imm(c)) {
		in->imm_reg = x->operands[0].reg;
		in->imm = x->operands[1].imm;
	}
	in->loads_constant = x->op_count >= 1 && x->operands[0].type == X86_OP_REG &&
			     constant_of(c, before, &in->constant);
}

size_t insn_decode(const unsigned char *code, size_t size, unsigned long address,
		   struct insn **insns)
{
	cs_insn *c;
	size_t count = size ? cs_disasm(insn_handle(), code, size, address, 0, &c) : 0;

	*insns = xcalloc(count ? count : 1, sizeof(**insns));
	for (size_t i = 0; i < count; i++)
		describe(&(*insns)[i], &c[i], i ? &c[i - 1] : NULL);
	if (count)
		cs_free(c, count);
	return count;
}

/*
 * The last decoded ranges: relocations are resolved function by function,
 * and the verifier alternates between a function and its twin.
 */
#define DECODED 2
static struct decoded {
	const struct section *sec;
	unsigned long start, size;
	struct insn *insn;
	size_t count;
} cache[DECODED];
static unsigned int next_slot;

static const struct decoded *decode(const struct section *sec, unsigned long start,
				    unsigned long size)
{
	struct decoded *d;

	for (unsigned int i = 0; i < DECODED; i++)
		if (cache[i].insn && cache[i].sec == sec && cache[i].start == start &&
		    cache[i].size == size)
			return &cache[i];
	d = &cache[next_slot];
	next_slot = (next_slot + 1) % DECODED;
	free(d->insn);
	d->sec = sec;
	d->start = start;
	d->size = size;
	d->count = insn_decode(sec->data + start, size, start, &d->insn);
	return d;
}

long reloc_target_offset(const struct reloc *reloc)
{
	if (reloc_is_pcrel(reloc->type) && is_text(reloc->sec->base))
		return reloc->addend + pcrel_bias(reloc);
	return reloc->addend;
}

long pcrel_bias(const struct reloc *reloc)
{
	const struct section *text = reloc->sec->base;
	const struct symbol *func = elf_symbol_at(text, reloc->offset);
	const struct decoded *d;
	size_t lo = 0, hi;

	if (!text->data)
		return 4;
	if (func && func->size)
		d = decode(text, func->value, func->size);
	else
		d = decode(text, 0, text->size);
	hi = d->count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct insn *i = &d->insn[mid];

		if (reloc->offset < i->address)
			hi = mid;
		else if (reloc->offset >= i->address + i->size)
			lo = mid + 1;
		else
			return i->address + i->size - reloc->offset;
	}
	return 4;
}

void insn_cleanup(void)
{
	for (unsigned int i = 0; i < DECODED; i++) {
		free(cache[i].insn);
		cache[i].insn = NULL;
		cache[i].sec = NULL;
	}
	if (handle)
		cs_close(&handle);
}

unsigned int jump_site_length(const unsigned char *p, unsigned long room)
{
	static const unsigned char nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 }, nop2[] = { 0x66, 0x90 };

	if (room >= 5 && (p[0] == 0xe9 || !memcmp(p, nop5, sizeof(nop5))))
		return 5;
	if (room >= 2 && (p[0] == 0xeb || !memcmp(p, nop2, sizeof(nop2))))
		return 2;
	return 0;
}

static void put_rel32(unsigned char *p, long disp)
{
	int32_t v = (int32_t)disp;

	memcpy(p, &v, sizeof(v));
}

static long get_rel32(const unsigned char *p)
{
	int32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

void write_jump(unsigned char *p, unsigned int len, long to)
{
	if (len == 2) {
		p[0] = 0xeb;
		p[1] = (unsigned char)(to - 2);
	} else {
		p[0] = 0xe9;
		put_rel32(p + JUMP32_DISP, to - JUMP32_SIZE);
	}
}

bool read_jump(const unsigned char *p, unsigned int len, long *to)
{
	if (len == 5 && p[0] == 0xe9)
		*to = JUMP32_SIZE + get_rel32(p + JUMP32_DISP);
	else if (len == 2 && p[0] == 0xeb)
		*to = 2 + (signed char)p[1];
	else
		return false;
	return true;
}

/* cmpl $0, disp32(%rip); jg rel32 (jle: 0x8e); jmp rel32 */
static const unsigned char key_test[KEY_TEST_SIZE] = {
	0x83, 0x3d, 0, 0, 0, 0, 0x00, 0x0f, 0x8f, 0, 0, 0, 0, 0xe9,
};

void write_key_test(unsigned char *p, bool inverted, long target, long back)
{
	memcpy(p, key_test, sizeof(key_test));
	if (inverted)
		p[8] = 0x8e;
	if (target)
		put_rel32(p + KEY_TEST_TARGET, target - (KEY_TEST_TARGET + 4));
	put_rel32(p + KEY_TEST_BACK, back - KEY_TEST_SIZE);
}

bool read_key_test(const unsigned char *p, bool *inverted, long *target, long *back)
{
	if (memcmp(p, key_test, 2) || p[6] || p[7] != 0x0f || (p[8] != 0x8f && p[8] != 0x8e) ||
	    p[13] != 0xe9)
		return false;
	*inverted = p[8] == 0x8e;
	*target = KEY_TEST_TARGET + 4 + get_rel32(p + KEY_TEST_TARGET);
	*back = KEY_TEST_SIZE + get_rel32(p + KEY_TEST_BACK);
	return true;
}
