// SPDX-License-Identifier: GPL-2.0
/* The driver's files and directories (disk.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "fail.h"
#include "util.h"

/* O_NONBLOCK only spares the open of a planted FIFO; it means nothing to a file. */
int open_for_writing(const char *path, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | flags, 0644);
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

void write_file(const char *path, const char *data, size_t size)
{
	int fd = open_for_writing(path, O_TRUNC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd))
		die("%s: %s", path, strerror(errno));
}

bool file_exists(const char *path)
{
	return !access(path, F_OK);
}

void make_parents(const char *path)
{
	char *dir = xstrdup(path);

	for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			fail(EXIT_ERROR, "cannot create %s: %s", dir, strerror(errno));
		*p = '/';
	}
	free(dir);
}

void make_dirs(const char *dir)
{
	char *path = xasprintf("%s/", dir);

	make_parents(path);
	free(path);
}

void write_if_changed(const char *path, const char *data, size_t size)
{
	size_t old_size;
	char *old = read_file(path, &old_size);
	bool same = old && old_size == size && !memcmp(old, data, size);

	free(old);
	if (!same)
		write_file(path, data, size);
}
