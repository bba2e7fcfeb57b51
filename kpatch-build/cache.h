/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_CACHE_H
#define KPB_CACHE_H

/*
 * An entry of kpatch-build's cache: a path made once by a fill callback,
 * complete or not there at all, by one run at a time (flock on
 * PATH.lock; a second run waits, then finds it made).
 *
 *	CACHE_RENAMED	filled at a temporary path next to it and renamed
 *			into place: a file, or a tree that does not record
 *			where it is
 *	CACHE_IN_PLACE	filled at PATH itself (a kernel tree: kbuild records
 *			absolute paths), complete once PATH/stamp holds the
 *			text fill returned; an incomplete one is made again
 */
#include <stdbool.h>

enum cache_kind { CACHE_RENAMED, CACHE_IN_PLACE };

/*
 * fill(dir, arg) makes the entry at dir and returns the stamp text
 * (allocated; any non-NULL for CACHE_RENAMED), or NULL if it could not,
 * and nothing is kept.
 */
typedef char *(*cache_fill)(const char *dir, void *arg);

/* Whether the entry is complete; its stamp text (allocated) into *stamp if asked. */
bool cache_has(const char *path, enum cache_kind kind, char **stamp);
/* The entry made unless complete: true if it was there, false if fill made it or failed (*ok). */
bool cache_get(const char *path, enum cache_kind kind, cache_fill fill, void *arg, bool *ok);
/* Hold path's lock until cache_unlock(): work on an entry that fill() cannot express. */
int cache_lock(const char *path);
/* The same without waiting: -1 while another build holds it. */
int cache_trylock(const char *path);
void cache_unlock(int fd);

#endif
