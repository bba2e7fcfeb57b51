/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_ENGINE_REPORT_H
#define KLP_ENGINE_REPORT_H

/*
 * What create-diff-object decided for one translation unit, for the
 * driver: the engine fills it and writes it (--report FILE), the driver
 * reads it back with engine_report_read() and recomputes none of it.
 */
#include <stdio.h>

#include "util.h"

/* A function the output includes, by its name in the patched object. */
struct report_func {
	char *name;
	bool is_new;		/* added by the patch; else changed (or forced) */
};

/* A function of the running kernel the output replaces (its .kpatch.funcs). */
struct report_replaced {
	char *name;		/* in the original object */
	unsigned long sympos;	/* 0: the name is unique in its object */
	char *hash;		/* "xxh128:...": its new code and what that code refers to */
};

struct report_state {
	unsigned long id, version;	/* a KLP_STATE() declaration */
};

/* A symbol the output reaches only in a stacked module below (--base-module). */
struct report_ref {
	char *base;		/* that module's object name */
	char *name;
};

struct engine_report {
	struct report_func *funcs;
	size_t nr_funcs, alloc_funcs;
	struct report_replaced *replaced;
	size_t nr_replaced, alloc_replaced;
	struct strlist data;		/* new data */
	struct strlist shadow;		/* klp_shadow_* ids of included code; "?": not constant */
	struct report_state *states;
	size_t nr_states, alloc_states;
	struct report_ref *refs;
	size_t nr_refs, alloc_refs;
	struct strlist namespaces;	/* of the exports the output imports */
};

void report_add_func(struct engine_report *r, const char *name, bool is_new);
void report_add_replaced(struct engine_report *r, const char *name, unsigned long sympos,
			 const char *hash);
void report_add_state(struct engine_report *r, unsigned long id, unsigned long version);
/* Once per (base, name). */
void report_add_ref(struct engine_report *r, const char *base, const char *name);
bool report_has_changed(const struct engine_report *r, const char *name);

/* The report as text, one record a line; 0, or -1 with errno set. */
int engine_report_write(const struct engine_report *r, FILE *f);
/* Parse text into r (emptied first); NULL, or what is wrong (allocated). */
char *engine_report_read(const char *text, struct engine_report *r);
void engine_report_free(struct engine_report *r);

#endif
