// SPDX-License-Identifier: GPL-2.0
/*
 * The relation of a stacked patch to each base (stack.c), without a
 * kernel: overlap, reference, shared state, shared source, independent.
 * What this patch's units read is given, as units.c finds it.
 */
#include "harness.h"
#include "manifest.h"
#include "stack.h"

static void relations(void)
{
	struct kpb_base *overlap, *ref, *shadow, *source, *none;
	struct strlist read = { 0 };
	struct unit *u;

	reset();
	u = add_unit("fs/proc/cmdline.o", "vmlinux");
	report_add_func(&u->report, "cmdline_proc_show", false);
	report_add_func(&u->report, "klp_new", true);
	report_add_ref(&u->report, "lp_ref", "klp_base_counter");
	strlist_add(&u->report.shadow, "?");
	overlap = add_deployed(&results.bases, &results.nr_bases, "lp-overlap", false);
	manifest_add_func(manifest_object(&overlap->manifest, "vmlinux"), "cmdline_proc_show", 0, "h");
	ref = add_deployed(&results.bases, &results.nr_bases, "lp-ref", false);
	/* a function of the same name in another object is no overlap */
	manifest_add_func(manifest_object(&ref->manifest, "klp_testmod"), "cmdline_proc_show", 0, "h");
	shadow = add_deployed(&results.bases, &results.nr_bases, "lp-shadow", false);
	strlist_add(&shadow->manifest.shadow_ids, "3");
	source = add_deployed(&results.bases, &results.nr_bases, "lp-source", false);
	source->nr_patches = 1;
	source->patches = xcalloc(1, sizeof(*source->patches));
	source->patches[0].nr_files = 1;
	source->patches[0].files = xcalloc(1, sizeof(char *));
	source->patches[0].files[0] = xstrdup("fs/proc/cmdline.c");
	none = add_deployed(&results.bases, &results.nr_bases, "lp-none", false);
	manifest_add_func(manifest_object(&none->manifest, "vmlinux"), "klp_new", 0, "h");
	strlist_add(&read, "fs/proc/cmdline.c");
	/* the array moved as it grew */
	overlap = &results.bases[0], ref = &results.bases[1], shadow = &results.bases[2];
	source = &results.bases[3], none = &results.bases[4];
	/* the shadow id "?" is any id: lp-none has none */
	ACCEPTS(classify_against_bases(&results, &read));
	CHECK(!strcmp(overlap->relation, "overlap: cmdline_proc_show"));
	CHECK(!strcmp(ref->relation, "reference: klp_base_counter") && ref->referenced);
	CHECK(!strcmp(shadow->relation, "shared state: shadow variable id 3"));
	CHECK(!strcmp(source->relation, "shared source: fs/proc/cmdline.c"));
	CHECK(!strcmp(none->relation, "independent") && !base_depended_on(none));
	CHECK(base_depended_on(overlap));
}

int main(void)
{
	progname = "relations";
	relations();
	return finished("relations", "overlap, reference, shared state, shared source");
}
