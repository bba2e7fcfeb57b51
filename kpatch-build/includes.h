/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_INCLUDES_H
#define KPB_INCLUDES_H

/* The #include lines of the view and the object directory. */
#include "context.h"

struct include_graph;
/* The files commands may read, in the view and the object directory. */
struct include_graph *include_graph_read(const struct strlist *commands, const char *view,
					 const char *objdir);
/* Into readers (keys allocated): every file that may read header (tree-relative). */
void possible_readers(const struct include_graph *g, const char *header, struct strmap *readers);
/* A header, the files that may read it, and those of them a macro #include may name. */
struct header_readers {
	const char *header;
	struct strmap readers;		/* possible_readers() */
	struct strlist named;		/* macro_named_readers() */
};
/* Into named: the readers a #define of a macro #include's form names. */
void macro_named_readers(const struct include_graph *g, const struct strmap *readers,
			 struct strlist *named);
/*
 * Whether the unit of cmd, compiling src, may read h->header, following
 * the #include lines of the readers by its own search directories.
 */
bool unit_reads(const struct include_graph *g, const char *cmd, const char *src,
		const struct header_readers *h);
/* Whether the unit of cmd, compiling src, reads a file of readers (its source or an -include). */
bool unit_may_read(const char *view, const char *objdir, const char *cmd, const char *src,
		   const struct strmap *readers);
void include_graph_free(struct include_graph *g);
/* path relative to view or objdir, normalized; NULL outside both. */
char *tree_relative(const char *view, const char *objdir, const char *path);

#endif
