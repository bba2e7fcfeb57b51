// SPDX-License-Identifier: GPL-2.0
/* Whether a hot fix's change is already in a release's series (hotfix-applied.h). */
#include "hotfix-applied.h"
#include "run.h"
#include "series.h"
#include "view.h"

/* Whether a hot fix's patch reverse-applies to the tree with this series applied. */
static bool change_already_here(const struct kpb_options *o, struct kpb_results *r,
				const char *workdir, const struct kpb_patch *hotfix)
{
	char *scratch = xasprintf("%s/hotfix-check", workdir);
	char *argv[] = { "patch", "-p1", "-R", "--dry-run", "--batch", "--force", "--silent",
			 "-d", scratch, "-i", hotfix->path, NULL };
	bool here;

	copy_patched_files(o->patch_root, scratch, o->patches, o->nr_patches);
	copy_patched_files(o->patch_root, scratch, hotfix, 1);
	apply_patch_list(o, scratch, o->patches, o->nr_patches, &r->failure);
	here = run_argv(NULL, argv) == 0;
	remove_tree(scratch);
	free(scratch);
	return here;
}

struct strlist hotfixes_applied(const struct kpb_options *o, struct kpb_results *r,
				const char *workdir)
{
	struct strlist applied = { 0 };

	for (size_t i = 0; i < r->nr_previous; i++) {
		const struct kpb_base *p = &r->previous[i];

		for (size_t k = 0; !p->replace && k < p->nr_patches; k++) {
			const char *hash = p->manifest.patches[k].hash;

			if (!series_patch_by_hash(o, hash) &&
			    change_already_here(o, r, workdir, &p->patches[k]))
				strlist_add(&applied, hash);
		}
	}
	return applied;
}
