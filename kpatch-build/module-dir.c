// SPDX-License-Identifier: GPL-2.0
/* Where a module is built, kept between builds (module-dir.h). */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "cache.h"
#include "context.h"
#include "disk.h"
#include "module-dir.h"
#include "run.h"

/*
 * Present while a build uses the directory: a killed build (kbuild's
 * outputs half-written, yet newer than their inputs) leaves it behind.
 */
#define IN_USE ".kpb-in-use"

static char *kept_dir(const char *cache, const char *objdir, const char *name)
{
	char *key = xasprintf("%s\n%s", objdir, name);
	char *dir = xasprintf("%s/modules/%016llx", cache,
			      (unsigned long long)XXH3_64bits(key, strlen(key)));

	free(key);
	return dir;
}

struct module_dir open_module_dir(const char *cache, const char *workdir, const char *objdir,
				  const char *name)
{
	struct module_dir m = { .dir = kept_dir(cache, objdir, name) };
	char *in_use;

	m.lock = cache_trylock(m.dir);
	if (m.lock < 0) {
		log_printf("%s: in use by another build; building in the work directory\n", m.dir);
		free(m.dir);
		m.dir = xasprintf("%s/module", workdir);
		make_dirs(m.dir);
		return m;
	}
	in_use = xasprintf("%s/" IN_USE, m.dir);
	if (file_exists(in_use)) {
		log_printf("%s: left by a build that did not finish; made again\n", m.dir);
		remove_tree(m.dir);
	}
	make_dirs(m.dir);
	write_file(in_use, "", 0);
	free(in_use);
	return m;
}

void close_module_dir(struct module_dir *m)
{
	char *in_use;

	if (m->lock < 0)
		return;
	in_use = xasprintf("%s/" IN_USE, m->dir);
	if (unlink(in_use))
		fail(EXIT_ERROR, "%s: %s", in_use, strerror(errno));
	cache_unlock(m->lock);
	m->lock = -1;
	free(in_use);
}
