// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel tree kept in the cache (the full original build, a prepared
 * tree): the key of what it is built from, and where it is kept.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "cache.h"
#include "context.h"
#include "run.h"
#include "tree-cache.h"

static XXH3_state_t *tree_hash;

static int hash_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = strrchr(path, '/');

	(void)ftw;
	if (type == FTW_D && base && !strcmp(base, "/.git"))
		return FTW_SKIP_SUBTREE;
	XXH3_64bits_update(tree_hash, path, strlen(path));
	XXH3_64bits_update(tree_hash, &st->st_size, sizeof(st->st_size));
	XXH3_64bits_update(tree_hash, &st->st_mtim, sizeof(st->st_mtim));
	return 0;
}

/*
 * Identity of (recipe, tree, config, compiler, targets, extra file): any
 * change means another build.
 */
char *build_key(const struct kpb_options *o, const struct kpb_build *b, const char *recipe,
		const char *extra)
{
	char *argv[] = { b->cc, "--version", NULL };
	char *gcc = run_capture(NULL, argv), *config = read_file(b->config, NULL);
	unsigned long long key;

	tree_hash = XXH3_createState();
	XXH3_64bits_reset(tree_hash);
	XXH3_64bits_update(tree_hash, recipe, strlen(recipe));
	if (b->tree_id)
		XXH3_64bits_update(tree_hash, b->tree_id, strlen(b->tree_id));
	else if (nftw(b->srcdir, hash_entry, 64, FTW_PHYS | FTW_ACTIONRETVAL))
		fail(EXIT_ERROR, "cannot walk %s: %s", b->srcdir, strerror(errno));
	XXH3_64bits_update(tree_hash, config, strlen(config));
	XXH3_64bits_update(tree_hash, gcc ? gcc : "", gcc ? strlen(gcc) : 0);
	for (size_t i = 0; i < o->nr_targets; i++)
		XXH3_64bits_update(tree_hash, o->targets[i], strlen(o->targets[i]) + 1);
	if (extra) {
		size_t size;
		char *text = read_file(extra, &size);

		XXH3_64bits_update(tree_hash, text ? text : "", text ? size : 0);
		free(text);
	}
	key = XXH3_64bits_digest(tree_hash);
	XXH3_freeState(tree_hash);
	free(gcc);
	free(config);
	return xasprintf("%016llx", key);
}

void use_cached_tree(const struct kpb_options *o, struct kpb_build *b, const char *dir,
		     cache_fill fill, const char *key, const char *what)
{
	struct tree_fill arg = { o, b, key };
	bool ok;

	b->view = xasprintf("%s/src", dir);
	b->objdir = xasprintf("%s/obj", dir);
	b->cache_hit = cache_get(dir, CACHE_IN_PLACE, fill, &arg, &ok);
	if (b->cache_hit)
		log_printf("%s cached in %s\n", what, dir);
}
