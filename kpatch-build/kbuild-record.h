/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KBUILD_RECORD_H
#define KPB_KBUILD_RECORD_H

/*
 * kbuild's record of how it made an object (.OBJ.cmd beside it): the
 * command, the source, and the files the compile read.  The one reader of
 * the format.
 */
#include <stdbool.h>

struct kbuild_record {
	char *obj;	/* fs/proc/cmdline.o */
	char *path;	/* the record */
	char *cmd;	/* as the shell gets it (kbuild's escapes undone); NULL if none */
	char *source;
	char *deps;	/* "deps_OBJ := ..." to the end, read when first asked (record_deps) */
};

/*
 * The record at path of obj, read up to its source line (the files the
 * compile read follow, most of its size): false, and nothing kept, if it
 * cannot be read or records no source.
 */
bool record_read(struct kbuild_record *rec, const char *path, const char *obj);
/* The same from the record's text, already read (no path: record_deps cannot read more). */
bool record_parse(struct kbuild_record *rec, const char *text, const char *obj);
/* rec->deps, read from the whole record the first time. */
const char *record_deps(struct kbuild_record *rec);
void record_free(struct kbuild_record *rec);

#endif
