// SPDX-License-Identifier: GPL-2.0
/* The one way kpatch-build keeps something in its cache (cache.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cache.h"
#include "context.h"
#include "disk.h"
#include "run.h"

/*
 * path.lock, locked (flock how: LOCK_EX, or LOCK_EX | LOCK_NB to not
 * wait): its fd, or -1 if another build holds it and how does not wait.
 */
static int take_lock(const char *path, int how)
{
	char *lock = xasprintf("%s.lock", path);
	int fd;

	make_parents(lock);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		fail(EXIT_ERROR, "cannot lock %s: %s", lock, strerror(errno));
	/* A signal while waiting for another build's lock is an interruption. */
	while (flock(fd, how)) {
		if (errno == EWOULDBLOCK && (how & LOCK_NB)) {
			close(fd);
			fd = -1;
			break;
		}
		if (errno != EINTR)
			fail(EXIT_ERROR, "cannot lock %s: %s", lock, strerror(errno));
		if (interrupted)
			fail(EXIT_INTERRUPTED, "interrupted by signal %d while waiting for %s",
			     (int)interrupted, lock);
	}
	free(lock);
	return fd;
}

int cache_lock(const char *path)
{
	return take_lock(path, LOCK_EX);
}

int cache_trylock(const char *path)
{
	return take_lock(path, LOCK_EX | LOCK_NB);
}

void cache_unlock(int fd)
{
	close(fd);
}

bool cache_has(const char *path, enum cache_kind kind, char **stamp)
{
	char *file = kind == CACHE_IN_PLACE ? xasprintf("%s/stamp", path) : xstrdup(path);
	bool has = file_exists(file);

	if (stamp)
		*stamp = has && kind == CACHE_IN_PLACE ? read_file(file, NULL) : NULL;
	free(file);
	return has;
}

static bool fill_renamed(const char *path, cache_fill fill, void *arg)
{
	char *tmp = xasprintf("%s.tmp", path), *done;
	bool ok;

	remove_tree(tmp);
	done = fill(tmp, arg);
	ok = done && !rename(tmp, path);
	if (done && !ok)
		log_printf("cannot rename %s to %s: %s\n", tmp, path, strerror(errno));
	if (!ok)
		remove_tree(tmp);
	free(done);
	free(tmp);
	return ok;
}

static bool fill_in_place(const char *path, cache_fill fill, void *arg)
{
	char *stamp = xasprintf("%s/stamp", path), *text;

	remove_tree(path);
	make_dirs(path);
	text = fill(path, arg);
	if (text)
		write_file(stamp, text, strlen(text));
	else
		remove_tree(path);
	free(stamp);
	free(text);
	return text != NULL;
}

bool cache_get(const char *path, enum cache_kind kind, cache_fill fill, void *arg, bool *ok)
{
	int lock;
	bool hit;

	*ok = true;
	if (cache_has(path, kind, NULL))
		return true;
	lock = cache_lock(path);
	hit = cache_has(path, kind, NULL);
	if (!hit)
		*ok = kind == CACHE_RENAMED ? fill_renamed(path, fill, arg)
					    : fill_in_place(path, fill, arg);
	cache_unlock(lock);
	return hit;
}
