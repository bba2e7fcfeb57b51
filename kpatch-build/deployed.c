// SPDX-License-Identifier: GPL-2.0
/*
 * Deployed modules this build stands on: the bases (--base) and the
 * release it replaces (--previous), each read from its manifest and found
 * with the patches it was built from.
 */
#include <libgen.h>
#include <string.h>

#include "context.h"
#include "deployed.h"
#include "disk.h"
#include "elf-file.h"
#include "fail.h"
#include "manifest.h"
#include "text.h"
#include "view.h"

void add_base(const char *ko)
{
	res->bases = xrealloc(res->bases, (res->nr_bases + 1) * sizeof(*res->bases));
	memset(&res->bases[res->nr_bases], 0, sizeof(*res->bases));
	res->bases[res->nr_bases++].ko = xstrdup(ko);
}

/* A deployed module's patches, found next to it and checked against its hashes. */
void find_deployed_patches(struct kpb_base *b)
{
	char *copy = xstrdup(b->ko), *dir = dirname(copy);

	b->nr_patches = b->manifest.nr_patches;
	b->patches = xcalloc(b->nr_patches, sizeof(*b->patches));
	for (size_t i = 0; i < b->nr_patches; i++) {
		const char *file = b->manifest.patches[i].file, *want = b->manifest.patches[i].hash;
		char *path = xasprintf("%s/%s", dir, file);

		if (!file_exists(path))
			fail(EXIT_BAD_INPUT, "%s was built from %s: put that patch next to the module (%s)",
			     b->ko, file, path);
		b->patches[i].path = path;
		read_patch_files(&b->patches[i]);
		if (strcmp(b->patches[i].hash, want))
			fail(EXIT_BAD_INPUT, "%s is not the %s that %s was built from (hash %s, expected %s)",
			     path, file, b->ko, b->patches[i].hash, want);
	}
	free(copy);
}

/* A deployed module's manifest; it must be for the kernel this build is for. */
void load_deployed(struct kpb_base *d, bool as_base)
{
	size_t size;
	char *text = elf_file_section(d->ko, MANIFEST_SECTION, &size), *err;
	const struct manifest *m = &d->manifest;

	if (!text)
		fail(EXIT_BAD_INPUT, "%s has no manifest: only modules built by kpatch-build can be %s",
		     d->ko, as_base ? "bases" : "previous releases");
	err = manifest_parse(text, &d->manifest);
	if (err)
		fail(EXIT_BAD_INPUT, "%s: its manifest cannot be read: %s", d->ko, err);
	if (strcmp(m->release, bld->release))
		fail(EXIT_BAD_INPUT, "%s is for Linux %s, this build for %s", d->ko, m->release,
		     bld->release);
	d->name = xstrdup(m->name);
	d->replace = m->replace;
	d->ident = ident_of(d->name);
	d->identity = xstrdup(m->read_identity);
	if (as_base && (!m->identity || strcmp(m->identity, d->identity)))
		fail(EXIT_BAD_INPUT, "%s: %s; rebuild it with this kpatch-build", d->ko,
		     m->identity ? "its manifest does not match its identity"
				 : "its manifest has no identity (an older kpatch-build)");
	free(text);
}

/*
 * A base may be a replace module too: a hot fix stacks on the official
 * cumulative patch.  Either way the new patch builds on the base's patches.
 */
void load_bases(void)
{
	for (size_t i = 0; i < res->nr_bases; i++) {
		load_deployed(&res->bases[i], true);
		find_deployed_patches(&res->bases[i]);
	}
}
