// SPDX-License-Identifier: GPL-2.0
/* Files created safely, and directories trusted to hold them (files.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "util.h"

int create_new(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
}

static int write_all(int fd, const char *data, size_t size)
{
	while (size) {
		ssize_t n = write(fd, data, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? errno : EIO;
		data += n;
		size -= n;
	}
	return 0;
}

int replace_file(const char *path, const void *data, size_t size, mode_t mode)
{
	const char *slash = strrchr(path, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
			  : xasprintf(".%s.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC), err = 0;

	if (fd < 0) {
		err = errno;
		free(tmp);
		return err;
	}
	err = write_all(fd, data, size);
	if (!err && fchmod(fd, mode))
		err = errno;
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp, path))
		err = errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

int replace_file_copy(const char *path, const char *from, mode_t mode)
{
	size_t size;
	char *data = read_file(from, &size);
	int err;

	if (!data)
		return errno ? errno : EIO;
	err = replace_file(path, data, size, mode);
	free(data);
	return err;
}

/* A copy of from at to (a new file), with from's mode and modification time. */
static int copy_new(const char *from, const char *to)
{
	struct stat st;
	size_t size;
	char *data;
	int fd, err;

	if (stat(from, &st))
		return errno;
	data = read_file(from, &size);
	if (!data)
		return errno ? errno : EIO;
	fd = create_new(to, st.st_mode & 07777);
	if (fd < 0) {
		err = errno;
		free(data);
		return err;
	}
	err = write_all(fd, data, size);
	/* kbuild compares times: the copy is as old as the original */
	if (!err && futimens(fd, (struct timespec[]){ st.st_atim, st.st_mtim }))
		err = errno;
	if (close(fd) && !err)
		err = errno;
	if (err)
		unlink(to);
	free(data);
	return err;
}

int link_or_copy(const char *from, const char *to)
{
	if (!link(from, to))
		return 0;
	if (errno == EXDEV || errno == EPERM || errno == EMLINK)
		return copy_new(from, to);
	return errno;
}

/* A directory's owner and mode, as the message for a problem with them, or NULL. */
static char *owner_problem(const char *dir, const struct stat *st, bool owned, bool sticky_ok)
{
	uid_t me = geteuid();

	if (owned ? st->st_uid != me : st->st_uid != me && st->st_uid != 0)
		return xasprintf("%s is owned by user %u, not by you (user %u): others could change "
				 "what is kept there; use a directory of your own, or chown %u %s",
				 dir, (unsigned)st->st_uid, (unsigned)me, (unsigned)me, dir);
	if ((st->st_mode & 022) && !(sticky_ok && (st->st_mode & S_ISVTX)))
		return xasprintf("%s is writable by %s: others could change what is kept there; "
				 "chmod go-w %s, or use a directory of your own",
				 dir, st->st_mode & 002 ? "anyone" : "its group", dir);
	return NULL;
}

/* No prefix of path is a symlink that a user other than root and us made. */
static char *symlink_problem(const char *path)
{
	char *copy = xstrdup(path), *problem = NULL;

	for (char *p = strchr(copy + 1, '/'); !problem; p = strchr(p + 1, '/')) {
		struct stat st;

		if (p)
			*p = '\0';
		if (!lstat(copy, &st) && S_ISLNK(st.st_mode) && st.st_uid != geteuid() && st.st_uid)
			problem = xasprintf("%s is a symlink of user %u: it could lead anywhere; "
					    "give the real path", copy, (unsigned)st.st_uid);
		if (!p)
			break;
		*p = '/';
	}
	free(copy);
	return problem;
}

char *dir_untrusted(const char *dir)
{
	char real[PATH_MAX], *problem = symlink_problem(dir);
	struct stat st;

	if (problem)
		return problem;
	if (!realpath(dir, real) || stat(real, &st))
		return xasprintf("%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return xasprintf("%s is not a directory", dir);
	problem = owner_problem(real, &st, true, false);
	/* Whoever may rename a directory above it may swap it for another. */
	for (char *slash = strrchr(real, '/'); !problem && slash; slash = strrchr(real, '/')) {
		slash[slash == real] = '\0';
		if (stat(real, &st))
			return xasprintf("%s: %s", real, strerror(errno));
		problem = owner_problem(real, &st, false, true);
		if (slash == real)
			break;
	}
	return problem;
}

char *make_trusted_dir(const char *dir)
{
	char *path = xstrdup(dir), *problem = NULL;
	size_t len = strlen(path);

	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	for (char *p = strchr(path + 1, '/'); !problem; p = strchr(p + 1, '/')) {
		struct stat st;

		if (p)
			*p = '\0';
		if (stat(path, &st)) {
			char *parent = xstrdup(path), *slash = strrchr(parent, '/');
			struct stat pst;

			if (slash)
				slash[slash == parent] = '\0';
			else
				strcpy(parent, ".");
			/* A new name straight under /tmp could be anyone's first. */
			if (!stat(parent, &pst))
				problem = owner_problem(parent, &pst, false, false);
			free(parent);
			if (!problem && mkdir(path, 0755) && errno != EEXIST)
				problem = xasprintf("cannot create %s: %s", path, strerror(errno));
		}
		if (!p)
			break;
		*p = '/';
	}
	if (!problem)
		problem = dir_untrusted(path);
	free(path);
	return problem;
}

char *dir_unsafe_for_output(const char *dir)
{
	struct stat st;

	if (stat(dir, &st))
		return xasprintf("%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return xasprintf("%s is not a directory", dir);
	if ((st.st_mode & 022) && !(st.st_mode & S_ISVTX))
		return xasprintf("%s is writable by %s and not sticky: others could replace what is "
				 "written there; chmod go-w %s (or +t), or use another directory", dir,
				 st.st_mode & 002 ? "anyone" : "its group", dir);
	return NULL;
}

const char *not_regular_file(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return strerror(errno);
	if (S_ISDIR(st.st_mode))
		return "a directory, not a file";
	if (S_ISFIFO(st.st_mode))
		return "a named pipe, not a file";
	if (!S_ISREG(st.st_mode))
		return "a special file, not a regular file";
	return NULL;
}
