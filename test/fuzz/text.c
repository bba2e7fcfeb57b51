// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one input read as a patch, as a series file, as a
 * module's .modinfo and as a kbuild .cmd record, by the readers the driver
 * uses (patch-read.c, modinfo.c, kbuild-record.c).  Whatever the bytes, each ends
 * in a list of names that pass the name rules or in a refusal, never in a
 * crash or a sanitizer report; a name they let through is checked again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kbuild-record.h"
#include "modinfo.h"
#include "patch-read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist files = { 0 };
	struct series s = { 0 };
	struct kbuild_record rec;
	size_t lineno;
	char *text, *why = patch_files((const char *)data, size, &files, &lineno);

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
	text = strndup((const char *)data, size);
	if (record_parse(&rec, text, "fs/proc/cmdline.o") && strlen(rec.cmd ? rec.cmd : "") > size)
		abort();
	record_free(&rec);
	free(text);
	return 0;
}
