/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KERNELS_SPEC_H
#define KPB_KERNELS_SPEC_H

/* What --kernels SPEC names: releases and patterns. */
#include <stdbool.h>

#include "util.h"

/* Whether s can be a kernel release (what uname -r prints). */
bool valid_release(const char *s);
/* '*' is any run of characters without '-', '?' one character. */
bool release_matches(const char *pattern, const char *release);
/*
 * The releases SPEC names, in its order (patterns: oldest first); refused
 * if none.  list() gives the names of the packages apt knows, one a line,
 * called once if a pattern needs them.
 */
void kernels_from_spec(const char *spec, char *(*list)(void), struct strlist *releases);
/* Of the releases apt knows a -dbg package for, those pattern matches, sorted. */
void releases_matching(const char *pattern, const char *known, struct strlist *out);

#endif
