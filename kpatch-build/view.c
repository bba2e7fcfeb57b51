// SPDX-License-Identifier: GPL-2.0
/*
 * Private views of the user's source tree.  A view is a hard-link copy:
 * cheap, and safe as long as nothing writes through a link (a real copy
 * where links cannot be made: another file system).  Files a patch
 * touches are replaced by copies before the patch is applied, and kbuild
 * writes only into its own object directory, so the user's files are never
 * written, not even when a build is interrupted.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "disk.h"
#include "patch-read.h"
#include "files.h"
#include "hash.h"
#include "run.h"
#include "view.h"

void read_patch_files(struct kpb_patch *patch)
{
	size_t size, lineno;
	struct stat st;
	struct strlist files = { 0 };
	char *text, *why;

	if (stat(patch->path, &st))
		fail(EXIT_BAD_INPUT, "cannot read patch %s: %s", patch->path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		fail(EXIT_BAD_INPUT, "patch %s is not a file%s", patch->path,
		     S_ISDIR(st.st_mode) ? " but a directory" : "");
	text = read_file(patch->path, &size);
	if (!text)
		fail(EXIT_BAD_INPUT, "cannot read patch %s: %s", patch->path, strerror(errno));
	patch->name = strrchr(patch->path, '/') ? strrchr(patch->path, '/') + 1 : patch->path;
	patch->hash = content_hash(text, size);
	why = patch_files(text, size, &files, &lineno);
	if (why)
		fail(EXIT_USAGE, "patch %s, line %zu: %s; nothing was written", patch->path, lineno, why);
	if (!files.nr)
		fail(EXIT_BAD_INPUT, "%s is not a unified diff (no files in it)", patch->path);
	patch->files = files.v;
	patch->nr_files = files.nr;
	free(text);
}

/* Copy a file so that its path no longer shares an inode with anything. */
static void unshare(const char *path)
{
	char *tmp = xasprintf("%s.kpb-unshare", path);
	char *cp[] = { "cp", "-p", "--", (char *)path, tmp, NULL };

	if (run_argv(NULL, cp) || rename(tmp, path))
		fail(EXIT_ERROR, "cannot copy %s", path);
	free(tmp);
}

/* Whether dst (or the directory it will be made in) is on src's file system. */
static bool same_file_system(const char *src, const char *dst)
{
	char *parent = xstrdup(dst), *slash = strrchr(parent, '/');
	struct stat s, d;
	bool same;

	if (slash && slash != parent)
		*slash = 0;
	same = !stat(src, &s) && !stat(parent, &d) && s.st_dev == d.st_dev;
	free(parent);
	return same;
}

void make_view(const char *src, const char *dst)
{
	static const char *const in_tree_build[] = {
		".config", "include/config", "include/generated",
		"arch/x86/include/generated",
	};
	/* hard links cannot cross file systems (a cache on a tmpfs): copies then */
	bool links = same_file_system(src, dst);
	char *cp[] = { "cp", links ? "-al" : "-a", "--", (char *)src, (char *)dst, NULL };

	if (run_argv(NULL, cp))
		fail(EXIT_ERROR, "cannot make a %s view of %s in %s", links ? "hard-link" : "copied",
		     src, dst);
	/* An in-place build would make kbuild refuse an O= build: unlink it here. */
	for (size_t i = 0; i < ARRAY_SIZE(in_tree_build); i++) {
		char *p = xasprintf("%s/%s", dst, in_tree_build[i]);

		remove_tree(p);
		free(p);
	}
}

/*
 * A view holding only the given files (paths relative to src): what the
 * affected units read, by kbuild's records, and what the patches touch.
 */
void make_sparse_view(const char *src, const char *dst, struct strmap *files)
{
	for (size_t b = 0; b < files->nbuckets; b++) {
		for (struct strmap_node *n = files->buckets[b]; n; n = n->next) {
			char *from = xasprintf("%s/%s", src, n->key);
			char *to = xasprintf("%s/%s", dst, n->key);

			int err;

			make_parents(to);
			err = link_or_copy(from, to);
			if (err && err != ENOENT && err != EEXIST)
				fail(EXIT_ERROR, "cannot link or copy %s to %s: %s", from, to,
				     strerror(err));
			free(from);
			free(to);
		}
	}
}

/* With --no-fuzz a hunk must find its context exactly; moved lines are fine. */
static void apply_one(const struct kpb_options *o, const char *dir, const struct kpb_patch *patch,
		      const char **failure)
{
	char *argv[] = { "patch", "-p1", "--batch", "--forward", "--no-backup-if-mismatch",
			 "--reject-file=-", "-d", (char *)dir, "-i", patch->path,
			 o->no_fuzz ? "--fuzz=0" : NULL, NULL };
	char *out;
	int status;

	for (size_t i = 0; i < patch->nr_files; i++) {
		char *f = xasprintf("%s/%s", dir, patch->files[i]);
		struct stat st;

		if (!lstat(f, &st) && S_ISREG(st.st_mode))
			unshare(f);
		free(f);
	}
	out = run_capture_any(NULL, argv, &status);
	/* GNU patch says why it refuses: the log keeps it. */
	log_printf("%s", out);
	if (status) {
		char *again[] = { "patch", "-p1", "--batch", "--forward", "--dry-run",
				  "-d", (char *)dir, "-i", patch->path, NULL };
		char *why = run_capture(NULL, again);

		*failure = "patch does not apply";
		if (why && o->no_fuzz)
			fail(EXIT_BAD_INPUT, "patch %s applies to %s only with fuzz (its context differs "
			     "there: make the patch for this source):\n%s", patch->path,
			     o->patch_root, why);
		fail(EXIT_BAD_INPUT, "patch %s does not apply to %s%s%s", patch->path,
		     o->patch_root, why ? ":\n" : " (see the log)", why ? why : "");
	}
	free(out);
}

void apply_patch_list(const struct kpb_options *o, const char *view,
		      const struct kpb_patch *patches, size_t nr, const char **failure)
{
	for (size_t i = 0; i < nr; i++)
		apply_one(o, view, &patches[i], failure);
}

void apply_base_patches(const struct kpb_options *o, struct kpb_results *r, const char *view)
{
	for (size_t b = 0; b < r->nr_bases; b++)
		apply_patch_list(o, view, r->bases[b].patches, r->bases[b].nr_patches, &r->failure);
}

void apply_patches(const struct kpb_options *o, struct kpb_results *r, const char *view)
{
	apply_base_patches(o, r, view);
	apply_patch_list(o, view, o->patches, o->nr_patches, &r->failure);
}

void copy_patched_files(const char *root, const char *scratch, const struct kpb_patch *patches,
			size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		for (size_t f = 0; f < patches[i].nr_files; f++) {
			const char *rel = patches[i].files[f];
			char *from = xasprintf("%s/%s", root, rel);
			char *to = xasprintf("%s/%s", scratch, rel);
			char *dir = xstrdup(to);
			char *mk[] = { "mkdir", "-p", dir, NULL };
			char *cp[] = { "cp", "--", from, to, NULL };

			*strrchr(dir, '/') = '\0';
			if (run_argv(NULL, mk) || (file_exists(from) && !file_exists(to) && run_argv(NULL, cp)))
				fail(EXIT_ERROR, "cannot copy %s", from);
			free(from);
			free(to);
			free(dir);
		}
	}
}

/* Apply the bases' patches and the new ones to copies of the files they touch. */
void check_patches_apply(const struct kpb_options *o, struct kpb_results *r, const char *workdir)
{
	char *scratch = xasprintf("%s/patch-check", workdir);

	for (size_t b = 0; b < r->nr_bases; b++)
		copy_patched_files(o->patch_root, scratch, r->bases[b].patches, r->bases[b].nr_patches);
	copy_patched_files(o->patch_root, scratch, o->patches, o->nr_patches);
	apply_patches(o, r, scratch);
	remove_tree(scratch);
	free(scratch);
}
