// SPDX-License-Identifier: GPL-2.0
/* Work directories held while their build runs, reclaimed after a kill (workdirs.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/file.h>
#include <unistd.h>

#include "fail.h"
#include "run.h"
#include "workdirs.h"

#define ALIVE ".alive"
#define KEPT ".kept"

char *new_workdir(const char *cache)
{
	char *tmp = xasprintf("%s/.work-XXXXXX", cache), *dir, *alive;
	int fd;

	if (!mkdtemp(tmp))
		fail(EXIT_ERROR, "cannot make a work directory in %s: %s", cache, strerror(errno));
	alive = xasprintf("%s/%s", tmp, ALIVE);
	fd = open(alive, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	dir = xasprintf("%s/%s", cache, strrchr(tmp, '/') + 2);
	/* locked before the directory has its name: no build ever sees it unlocked */
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) || rename(tmp, dir))
		fail(EXIT_ERROR, "cannot make the work directory %s: %s", dir, strerror(errno));
	/* the descriptor stays open, and the lock held, until the process ends */
	free(alive);
	free(tmp);
	return dir;
}

void keep_workdir(const char *workdir)
{
	char *kept = xasprintf("%s/%s", workdir, KEPT);
	int fd = open(kept, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0)
		close(fd);
	free(kept);
}

/*
 * Whether the build that made dir is gone and left it: not kept, and its
 * lock file free or already removed (a kill during the removal of a
 * finished build's directory; a named one always had it).
 */
static bool abandoned(const char *dir)
{
	char *alive = xasprintf("%s/%s", dir, ALIVE), *kept = xasprintf("%s/%s", dir, KEPT);
	int fd = access(kept, F_OK) ? open(alive, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -2;
	bool gone = fd == -1 ? errno == ENOENT : fd >= 0 && !flock(fd, LOCK_EX | LOCK_NB);

	if (fd >= 0)
		close(fd);
	free(alive);
	free(kept);
	return gone;
}

/* A directory killed before it got its name (microseconds): an hour old, it is no one's. */
static bool stillborn(const char *dir)
{
	struct stat st;

	return !lstat(dir, &st) && S_ISDIR(st.st_mode) && st.st_mtime + 3600 < time(NULL);
}

void reclaim_workdirs(const char *cache)
{
	DIR *d = opendir(cache);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		bool named = !strncmp(e->d_name, "work-", 5);
		char *dir;

		if (!named && strncmp(e->d_name, ".work-", 6))
			continue;
		dir = xasprintf("%s/%s", cache, e->d_name);
		if (named ? abandoned(dir) : stillborn(dir)) {
			log_printf("removing %s, left by a build that was killed\n", dir);
			remove_tree(dir);
		}
		free(dir);
	}
	if (d)
		closedir(d);
}
