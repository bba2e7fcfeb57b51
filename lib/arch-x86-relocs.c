// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 relocation types (lib/arch.h): how wide each is, and which are
 * PC-relative.  Below the ELF model, which checks every relocation fits.
 */
#include "arch.h"

unsigned int reloc_width(unsigned int type)
{
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return 4;
	case R_X86_64_PC8:
		return 1;
	case R_X86_64_NONE:
		return 0;
	default:
		return 8;
	}
}

bool reloc_is_pcrel(unsigned int type)
{
	return type == R_X86_64_PC32 || type == R_X86_64_PLT32 ||
	       type == R_X86_64_PC64 || type == R_X86_64_PC8;
}
