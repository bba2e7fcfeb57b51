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
/* Whether the unit of cmd, compiling src, reads a file of readers (its source or an -include). */
bool unit_may_read(const char *view, const char *objdir, const char *cmd, const char *src,
		   const struct strmap *readers);
void include_graph_free(struct include_graph *g);
/* path relative to view or objdir, normalized; NULL outside both. */
char *tree_relative(const char *view, const char *objdir, const char *path);

#endif
