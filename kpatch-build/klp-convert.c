// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert: the post-link step of a livepatch module build.  See
 * lib/klp-convert.h.
 */
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "klp-convert.h"
#include "util.h"

int main(int argc, char **argv)
{
	struct elf *elf;
	size_t moved;

	progname = "klp-convert";
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: klp-convert IN.ko OUT.ko\n"
		       "Turn .klp.sym references left by create-diff-object into livepatch\n"
		       "relocation sections (.klp.rela.*) after the final module link.\n");
		return EXIT_OK;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: klp-convert IN.ko OUT.ko\n");
		return EXIT_USAGE;
	}
	elf = elf_load(argv[1]);
	moved = klp_convert(elf);
	elf_write(elf, argv[2]);
	elf_free(elf);
	fprintf(stderr, "klp-convert: %zu livepatch relocation%s\n", moved,
		moved == 1 ? "" : "s");
	return EXIT_OK;
}
