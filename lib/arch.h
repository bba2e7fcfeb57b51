/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_ARCH_H
#define KLP_ARCH_H

#include "elf.h"

/*
 * Everything the tools know of the instruction set, the relocation types
 * and the calling convention, for x86-64 (arch-x86.c, arch-x86-relocs.c).
 * The relocation types the engine writes, by what they do:
 */
#define R_ABS64		R_X86_64_64	/* a 64-bit address */
#define R_PC32		R_X86_64_PC32	/* a 32-bit displacement */
#define R_BRANCH32	R_X86_64_PLT32	/* the rel32 of a call or jump */
#define R_PC8		R_X86_64_PC8	/* the rel8 of a short jump */

/* The ELF machine of the objects read. */
#define ELF_MACHINE	EM_X86_64
#define ELF_MACHINE_NAME	"x86-64"

/* The Debian architecture of the kernels patched (kpatch-build --deb). */
#define DEB_ARCH	"amd64"

/* The architecture's tables the module loader reads as the livepatch loads. */
#define ARCH_LOAD_TABLES \
	".static_call_sites", ".altinstr_aux", ".parainstructions", ".smp_locks", \
	".retpoline_sites", ".return_sites", ".call_sites", ".orc_unwind_ip",

/*
 * One decoded instruction, in the terms the passes use.  Two instructions
 * with the same opcode do the same operation, whatever their operands.
 */
enum insn_kind {
	INSN_OTHER,
	INSN_CALL,
	INSN_JUMP,		/* unconditional */
	INSN_JUMP_COND,		/* any other jump */
	INSN_RETURN,
	INSN_PAD,		/* a nop or a trap, what fills the room between functions */
};

struct insn {
	unsigned long address;		/* counted from the address decoding began at */
	unsigned int size;
	unsigned int opcode;
	enum insn_kind kind;
	char mnemonic[32];
	unsigned char bytes[16];
	/* where a relative branch or a PC-relative operand points */
	bool has_target;
	unsigned long target;
	/* a relative branch's displacement, when it ends the instruction: 4 or 1 bytes, else 0 */
	unsigned int branch_width;
	/* the argument register (0-based, calling convention) its first operand is, or -1 */
	int first_arg;
	/* a move of an immediate into a register: which register (0: not one), and the value */
	unsigned int imm_reg;
	long imm;
	/* whether it leaves a constant in its first operand (an immediate, a register zeroed) */
	bool loads_constant;
	long constant;
};

/*
 * The instructions of size bytes of code, the first at address, up to the
 * first bytes that decode to none; *insns is freed with free().
 */
size_t insn_decode(const unsigned char *code, size_t size, unsigned long address,
		   struct insn **insns);
/* Bytes from a PC-relative relocation to the end of its instruction. */
long pcrel_bias(const struct reloc *reloc);
/*
 * Where a relocation points, relative to its symbol: its addend, plus, for
 * a PC-relative one in code, the bytes to the end of its instruction (an
 * immediate may follow the displacement: "cmpl $0, x(%rip)").
 */
long reloc_target_offset(const struct reloc *reloc);
/* Frees the decoder. */
void insn_cleanup(void);
/* The length of a jump label site at p: a jmp or a nop of 5 or 2 bytes; 0 if neither. */
unsigned int jump_site_length(const unsigned char *p, unsigned long room);

/*
 * Code the engine writes and the verifier reads back.  A jump: 5 bytes
 * (rel32, its displacement at JUMP32_DISP) or 2 (rel8).  A test of a
 * static key standing for a jump label site, KEY_TEST_SIZE bytes:
 * "cmpl $0, key(%rip)" (its displacement at KEY_TEST_KEY, KEY_TEST_KEY_BIAS
 * bytes before the instruction's end), a conditional jump to the branch's
 * target (displacement at KEY_TEST_TARGET) taken when the key's count is
 * above 0, or not above 0 when inverted, and a jump back after the site
 * (displacement at KEY_TEST_BACK).  Offsets are from the code's start.
 */
#define JUMP32_SIZE		5
#define JUMP32_DISP		1
#define KEY_TEST_SIZE		18
#define KEY_TEST_KEY		2
#define KEY_TEST_KEY_BIAS	5
#define KEY_TEST_TARGET		9
#define KEY_TEST_BACK		14

/* A jump of len bytes (5 or 2) at p, to `to` bytes from p. */
void write_jump(unsigned char *p, unsigned int len, long to);
/* Where the jump of len bytes at p leads, from p; false if it is none. */
bool read_jump(const unsigned char *p, unsigned int len, long *to);
/* A key test at p, its target and its way back `to` bytes from p (target: 0 for a relocation). */
void write_key_test(unsigned char *p, bool inverted, long target, long back);
/* Whether p holds a key test (inverted or not), and where its jumps lead, from p. */
bool read_key_test(const unsigned char *p, bool *inverted, long *target, long *back);

/* Width in bytes of an x86-64 relocation, 0 for R_X86_64_NONE. */
unsigned int reloc_width(unsigned int type);
/* PC-relative relocations point 4 bytes before what they reference. */
bool reloc_is_pcrel(unsigned int type);

#endif
