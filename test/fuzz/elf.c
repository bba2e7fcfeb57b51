// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one object, read by the ELF model (as the engine reads
 * its inputs) and by the target reader (as a vmlinux or module).  Every
 * malformed input must end in die(), never in a crash or a sanitizer report.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "target.h"
#include "util.h"

static char path[64];
static volatile unsigned char sink;	/* the bytes read, so that they are read */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "/dev/shm/klp-fuzz-elf.%d", (int)getpid());
	return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jmp_buf jump;
	struct elf *volatile elf = NULL;

	write_input(data, size);
	exit_jump = &jump;
	if (!setjmp(jump)) {
		elf = elf_load(path);
		for (size_t i = 1; i < elf->nr_symbols; i++) {
			struct symbol *sym = elf->symbols[i];

			/* what the engine does with a symbol: its bytes and its relocations */
			if (sym->sec && sym->sec->data)
				for (unsigned long b = 0; b < sym->size; b++)
					sink += sym->sec->data[sym->value + b];
			if (sym->sec) {
				size_t nr;

				elf_relocs_in(sym->sec, sym->value, sym->value + sym->size, &nr);
			}
		}
		elf_free(elf);
	}
	elf_free_all();
	if (!setjmp(jump))
		target_free(target_load(path));
	target_free_all();
	exit_jump = NULL;
	return 0;
}
