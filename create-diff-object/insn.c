// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 instruction facts, from capstone: where an instruction that holds
 * a PC-relative displacement ends, so "section + addend" is read exactly.
 */
#include "cdo.h"
#include "insn.h"

static csh handle;

csh insn_handle(void)
{
	if (!handle) {
		if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
			die("capstone: cannot open an x86-64 disassembler");
		cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
	}
	return handle;
}

/* The last decoded range: relocations are resolved function by function. */
static struct {
	const struct section *sec;
	unsigned long start, size;
	cs_insn *insn;
	size_t count;
} cache;

static void decode(const struct section *sec, unsigned long start,
		   unsigned long size)
{
	if (cache.sec == sec && cache.start == start && cache.size == size)
		return;
	if (cache.insn)
		cs_free(cache.insn, cache.count);
	cache.sec = sec;
	cache.start = start;
	cache.size = size;
	cache.count = cs_disasm(insn_handle(), sec->data + start, size, start, 0,
				&cache.insn);
}

long pcrel_bias(const struct reloc *reloc)
{
	const struct section *text = reloc->sec->base;
	const struct symbol *func = elf_symbol_at(text, reloc->offset);
	size_t lo = 0, hi;

	if (!text->data)
		return 4;
	if (func && func->size)
		decode(text, func->value, func->size);
	else
		decode(text, 0, text->size);
	hi = cache.count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const cs_insn *i = &cache.insn[mid];

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
	if (cache.insn)
		cs_free(cache.insn, cache.count);
	cache.insn = NULL;
	cache.sec = NULL;
	if (handle)
		cs_close(&handle);
}
