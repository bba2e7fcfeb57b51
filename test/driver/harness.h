/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TEST_DRIVER_HARNESS_H
#define TEST_DRIVER_HARNESS_H

/*
 * What the driver's decision tests share: the context they build in
 * memory (options, results), the builders of its parts, and the checks:
 * CHECK, REFUSES (the call fails with this code and a reason holding
 * what), ACCEPTS.  fail() is refusal.c's.
 */
#include <stdio.h>
#include <string.h>

#include "context.h"
#include "refusal.h"

extern struct kpb_options options;
extern struct kpb_results results;
extern int failures;

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

/* Whether call refused with code and a reason holding what. */
#define REFUSES(code, what, call) do {							\
	if (!setjmp(refused)) {								\
		call;									\
		fprintf(stderr, "%s:%d: %s was not refused\n", __FILE__, __LINE__, #call);	\
		failures++;								\
	} else {									\
		CHECK(refused_code == (code));						\
		if (!strstr(refused_why, what))						\
			fprintf(stderr, "%s:%d: reason '%s' lacks '%s'\n", __FILE__, __LINE__,	\
				refused_why, what);						\
		CHECK(strstr(refused_why, what));					\
	}										\
} while (0)

#define ACCEPTS(call) do {								\
	if (!setjmp(refused)) {								\
		call;									\
	} else {									\
		fprintf(stderr, "%s:%d: %s refused: %s\n", __FILE__, __LINE__, #call, refused_why);	\
		failures++;								\
	}										\
} while (0)

/* An empty context, as before a run. */
void reset(void);
struct unit *add_unit(const char *obj, const char *objname);
/* The new entry, valid until the next one is added. */
struct kpb_base *add_deployed(struct kpb_base **list, size_t *nr, const char *name, bool replace);
void add_func(const char *objname, const char *name, unsigned long pos, const char *hash);
void add_patch(const char *name, const char *hash, int group);
void add_group(const char *kind, const char *label);
/* dir/name holding text (dir exists): its path (allocated). */
char *scratch_file(const char *dir, const char *name, const char *text);
/* The test's exit status, with "NAME: what: ok" when every check held. */
int finished(const char *name, const char *what);

#endif
