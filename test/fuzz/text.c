// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one input read as a patch, as a series file and as a
 * module's .modinfo, by the readers the driver uses (patch-read.c,
 * modinfo.c).  Whatever the bytes, each ends
 * in a list of names that pass the name rules or in a refusal, never in a
 * crash or a sanitizer report; a name they let through is checked again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modinfo.h"
#include "patch-read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist files = { 0 };
	struct series s = { 0 };
	size_t lineno;
	char *why = patch_files((const char *)data, size, &files, &lineno);

	for (size_t i = 0; !why && i < files.nr; i++)
		if (bad_file_name(files.v[i]))
			abort();
	free(why);
	strlist_free(&files);
	why = series_parse((const char *)data, size, &s, &lineno);
	for (size_t i = 0; !why && i < s.nr; i++)
		if (!s.lines[i].word && bad_path(s.lines[i].arg))
			abort();
	free(why);
	series_free(&s);
	free(modinfo_value((const char *)data, size, "klp_previous_ids"));
	return 0;
}
