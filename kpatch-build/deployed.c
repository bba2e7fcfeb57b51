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
#include "modinfo.h"
#include "text.h"
#include "view.h"

/* A deployed module's patches, found next to it and checked against its hashes. */
static void find_deployed_patches(struct kpb_base *b)
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

/* A deployed module's manifest; it must be for the kernel release this build is for. */
static void load_deployed(struct kpb_base *d, bool as_base, const char *release)
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
	if (strcmp(m->release, release))
		fail(EXIT_BAD_INPUT, "%s is for Linux %s, this build for %s", d->ko, m->release,
		     release);
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
struct kpb_base *load_bases(const struct strlist *kos, const char *release)
{
	struct kpb_base *bases = xcalloc(kos->nr, sizeof(*bases));

	for (size_t i = 0; i < kos->nr; i++) {
		bases[i].ko = xstrdup(kos->v[i]);
		load_deployed(&bases[i], true, release);
		find_deployed_patches(&bases[i]);
	}
	return bases;
}

/*
 * The words of a klp_* modinfo value into l.  A release built before
 * releases carried what they supersede has none: a machine that skipped
 * it is then refused by klp-manage, as it was.
 */
static void modinfo_words(const char *modinfo, size_t size, const char *key, struct strlist *l)
{
	char *value = modinfo_value(modinfo, size, key), *save = NULL;

	for (char *w = value ? strtok_r(value, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save))
		strlist_add(l, w);
	free(value);
}

/*
 * What a previous release replaced in its turn, and let go: a machine
 * that skipped it runs those, and this release replaces them as well.
 */
static void load_superseded(struct kpb_base *p)
{
	size_t size;
	char *modinfo = elf_file_section(p->ko, ".modinfo", &size);

	if (!modinfo)
		fail(EXIT_BAD_INPUT, "%s has no .modinfo: not a kernel module", p->ko);
	modinfo_words(modinfo, size, "klp_previous_ids", &p->superseded);
	modinfo_words(modinfo, size, "klp_dropped", &p->dropped);
	free(modinfo);
}

/* A replace module carries its patches in itself; the hot fixes stacked on it need theirs. */
struct kpb_base *load_previous(const struct strlist *kos, const char *release)
{
	struct kpb_base *previous = xcalloc(kos->nr, sizeof(*previous));

	for (size_t i = 0; i < kos->nr; i++) {
		struct kpb_base *p = &previous[i];

		p->ko = xstrdup(kos->v[i]);
		load_deployed(p, false, release);
		if (!p->replace)
			find_deployed_patches(p);
		load_superseded(p);
	}
	return previous;
}
