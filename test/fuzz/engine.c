// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the whole engine (create-diff-object's main, built with
 * main renamed) on a pair of objects and a target image.  The input is
 * three files after a line "SIZE_A SIZE_B": orig, patched and target.
 * Refusals, errors and "no change" all come back through exit_jump; only a
 * crash or a sanitizer report is a finding.
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "target.h"
#include "util.h"

int cdo_main(int argc, char **argv);

static char dir[64], orig[80], patched[80], target[80], out[80], sizes[80];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *entry_sizes = getenv("FUZZ_ENTRY_SIZES");
	char *text;
	FILE *f;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/dev/shm/klp-fuzz-engine.%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(orig, sizeof(orig), "%s/orig.o", dir);
	snprintf(patched, sizeof(patched), "%s/patched.o", dir);
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(out, sizeof(out), "%s/out.o", dir);
	snprintf(sizes, sizeof(sizes), "%s/entry-sizes", dir);
	text = read_file(entry_sizes ? entry_sizes : "test/unit/entry-sizes", NULL);
	if (!text)
		abort();
	f = fopen(sizes, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
	free(text);
	return 0;
}

static void write_part(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[] = { "create-diff-object", "-e", sizes, orig, patched, target, out, NULL };
	unsigned long a, b;
	char line[48] = "";
	int header = 0;
	jmp_buf jump;

	/* "SIZE_A SIZE_B\n", then the three files */
	memcpy(line, data, size < sizeof(line) - 1 ? size : sizeof(line) - 1);
	if (sscanf(line, "%lu %lu\n%n", &a, &b, &header) != 2 || header <= 0 ||
	    (size_t)header > size || a > size - header || b > size - header - a)
		return 0;
	data += header;
	size -= header;
	write_part(orig, data, a);
	write_part(patched, data + a, b);
	write_part(target, data + a + b, size - a - b);
	optind = 0;
	exit_jump = &jump;
	if (!setjmp(jump))
		cdo_main(ARRAY_SIZE(argv) - 1, argv);
	elf_free_all();
	target_free_all();
	exit_jump = NULL;
	return 0;
}
