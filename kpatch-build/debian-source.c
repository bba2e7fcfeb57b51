// SPDX-License-Identifier: GPL-2.0
/*
 * Is linux-source-X.Y the kernel's source?  Debian builds some flavours
 * (rt-amd64) from it plus patches that only its source package holds, and
 * a module built from linux-source alone would not be that kernel's code.
 * The kernel's own common headers package (linux-headers-ABI-common, or
 * -common-rt) is a copy of part of the tree it was built from: every file
 * in it must be the source's, byte for byte.
 */
#include <ftw.h>
#include <string.h>

#include "context.h"
#include "debian-source.h"
#include "fail.h"

struct source_check {
	const char *root;	/* the headers package's copy of the tree */
	const char *srcdir;
	size_t files;
	struct strlist differ;	/* tree-relative */
};

/* nftw() passes no argument to its callback. */
static struct source_check *check;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = path + strlen(check->root);
	char *theirs;

	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	check->files++;
	theirs = xasprintf("%s%s", check->srcdir, rel);
	if (!files_equal(path, theirs))
		strlist_add(&check->differ, rel + 1);
	free(theirs);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first few, those of include/ before other architectures' headers. */
static char *examples(struct strlist *l)
{
	char *list = NULL;
	size_t shown = 0;

	qsort(l->v, l->nr, sizeof(*l->v), by_name);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->nr && shown < 3; i++)
			if (str_starts(l->v[i], "include/") == !pass) {
				str_appendf(&list, "%s%s", list ? ", " : "", l->v[i]);
				shown++;
			}
	if (l->nr > shown)
		str_appendf(&list, ", ...");
	return list;
}

/*
 * The files of package (unpacked at root, the tree's copy at
 * root/usr/src/PACKAGE) against srcdir, the unpacked linux-source of
 * version; a difference is exit 5 naming the files and the remedy.
 */
void check_debian_source(const char *release, const char *version, const char *srcdir,
			 const char *root, const char *package)
{
	char *copy = xasprintf("%s/usr/src/%s", root, package);
	struct source_check c = { .root = copy, .srcdir = srcdir };

	check = &c;
	if (nftw(copy, visit, 16, FTW_PHYS))
		fail(EXIT_ERROR, "cannot read %s, unpacked from %s", copy, package);
	check = NULL;
	if (!c.files)
		fail(EXIT_ERROR, "%s holds no files: is %s a kernel headers package?", copy, package);
	if (c.differ.nr)
		fail(EXIT_BAD_INPUT, "%s: its source is not linux-source %s as packaged: %zu of the "
		     "%zu files of %s differ from it (%s). Debian builds this flavour with "
		     "patches that only its source package holds (the rt flavour's PREEMPT_RT "
		     "series), so a module built from the packaged source would not be this "
		     "kernel's code. Build from the kernel's own tree instead: `apt-get source "
		     "linux=%s` with the flavour's patches applied, then -s TREE -c CONFIG -v VMLINUX "
		     "(from linux-headers-%s and linux-image-%s-dbg)", release, version, c.differ.nr,
		     c.files, package, examples(&c.differ), version, release, release);
	strlist_free(&c.differ);
	free(copy);
}
