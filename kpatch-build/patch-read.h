/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_PATCH_READ_H
#define KPB_PATCH_READ_H

/*
 * The one reader of patch and series files: pure functions over their
 * text, so that the fuzzers run them as the driver does.  Names in them
 * come from merge requests: each is checked before anything uses it.
 */
#include <stddef.h>

#include "util.h"

/* The characters kbuild, make and the shell take in a path as plain text. */
#define KBUILD_PATH_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+,@~-"

/*
 * Why a path from a series cannot be used, or NULL: it must be relative,
 * stay inside its directory (no '..'), start no component with '-' (a
 * child would take it for an option) and hold no control character.
 */
const char *bad_path(const char *name);
/*
 * The same for a file a patch touches (-p1 applied), which also becomes a
 * make target: only letters, digits and / . _ + , @ ~ - (make and the
 * shell read the rest as syntax; kbuild takes nothing else).
 */
const char *bad_file_name(const char *name);

/*
 * The files a unified diff touches, relative to the tree (the a/ or b/
 * dropped), each once, into files (none: not a unified diff).  NULL, or
 * why a name cannot be used (allocated) with the line in *lineno.
 */
char *patch_files(const char *text, size_t size, struct strlist *files, size_t *lineno);

/* A series file, line by line: a directive or a patch. */
struct series_line {
	size_t lineno;
	char *word;		/* base, addition, name, version, or NULL for a patch */
	char *arg;		/* the label, value or patch file */
};

struct series {
	struct series_line *lines;
	size_t nr;
};

/* NULL, or why not (allocated) with the line in *lineno. */
char *series_parse(const char *text, size_t size, struct series *s, size_t *lineno);
void series_free(struct series *s);

#endif
