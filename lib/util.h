/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_UTIL_H
#define KLP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * Exit codes shared by every tool of the project, so that scripts and CI
 * can tell a refusal from a bug.
 */
enum klp_exit {
	EXIT_OK = 0,
	EXIT_ERROR = 1,		/* malformed input, I/O, internal error */
	EXIT_USAGE = 2,
	EXIT_REFUSED = 3,	/* the change cannot be livepatched safely */
	EXIT_NOCHANGE = 4,	/* no functional change */
};

extern const char *progname;
extern bool debug;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Every exit of a tool goes through leave(): a fuzzing harness sets
 * exit_jump to come back from it (longjmp with the code) instead.
 */
extern void *exit_jump;		/* a jmp_buf */
extern void (*leave_hook)(void);	/* run first, once */
void leave(int code) __attribute__((noreturn));

/* Print "progname: message" and exit with die_code; the message stays in die_message. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
extern char *die_message;
/* die()'s exit status: a mode whose only input is one file to parse makes it bad input. */
extern int die_code;
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A half-written file that die() removes: at most one at a time. */
void tmpfile_register(const char *path);
void tmpfile_remove(void);	/* the registered file, if any */

/*
 * s with every occurrence of what replaced by with; s is freed.  With
 * whole_word, only occurrences after a space or ',' (or at the start) and
 * before a space, ';' or the end: a path in a command line.
 */
char *str_replace(char *s, const char *what, const char *with, bool whole_word);

/* A whole file, NUL-terminated (its size in *size), or NULL if it cannot be opened. */
char *read_file(const char *path, size_t *size);
/* Whether both files can be read and hold the same bytes. */
bool files_equal(const char *a, const char *b);
/* Append printf-style text to *s (allocated; NULL is the empty string). */
void str_appendf(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append word to the space-separated list *s. */
void str_append_word(char **s, const char *word);

/* s with control characters as \xNN (allocated): safe to print to a terminal. */
char *str_printable(const char *s);
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);

/* A list of strings it owns. */
struct strlist {
	char **v;
	size_t nr, alloc;
};

void strlist_add(struct strlist *l, const char *s);
bool strlist_has(const struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

/* Remove p from an unordered array of *nr pointers (the last takes its place). */
void ptr_remove(void **v, size_t *nr, const void *p);

/* Grow *array (of *alloc elements of size elem) so that index n fits. */
void grow_array(void **array, size_t *alloc, size_t n, size_t elem);
#define GROW(array, alloc, n) \
	grow_array((void **)&(array), &(alloc), (n), sizeof(*(array)))

#endif
