// SPDX-License-Identifier: GPL-2.0
/*
 * The comparison of a cumulative release with the one it replaces
 * (release.c), without a kernel: functions and patches kept, changed,
 * added or dropped (and refused unless --allow-drop), hot fixes on top.
 */
#include <json-c/json.h>

#include "harness.h"
#include "json.h"
#include "release.h"

/* The names listed under report[part][kind], as "a b c". */
static char *listed(const char *part, const char *kind)
{
	json_object *l = json_get(json_get(results.release_report, part), kind);
	char *s = xstrdup("");

	for (size_t i = 0; l && i < json_object_array_length(l); i++)
		str_append_word(&s, json_object_get_string(json_object_array_get_idx(l, i)));
	return s;
}

static bool listed_is(const char *part, const char *kind, const char *want)
{
	char *got = listed(part, kind);
	bool same = !strcmp(got, want);

	if (!same)
		fprintf(stderr, "%s %s: '%s', want '%s'\n", part, kind, got, want);
	free(got);
	return same;
}

static void release_functions(void)
{
	struct kpb_base *p;

	reset();
	p = add_deployed(&results.previous, &results.nr_previous, "lp-v1", true);
	manifest_add_func(manifest_object(&p->manifest, "vmlinux"), "a", 0, "h1");
	manifest_add_func(manifest_object(&p->manifest, "vmlinux"), "b", 0, "h2");
	manifest_add_func(manifest_object(&p->manifest, "klp_testmod"), "c", 2, "h3");
	add_func("vmlinux", "a", 0, "h1");
	add_func("klp_testmod", "c", 2, "h9");
	add_func("vmlinux", "d", 0, "h4");
	REFUSES(EXIT_REFUSED, "function reverts to the original: --allow-drop vmlinux/b,0",
		compare_release(&options, &results));

	strlist_add(&options.allow_drop, "b");
	ACCEPTS(compare_release(&options, &results));
	CHECK(listed_is("functions", "unchanged", "vmlinux/a,0"));
	CHECK(listed_is("functions", "changed", "klp_testmod/c,2"));
	CHECK(listed_is("functions", "added", "vmlinux/d,0"));
	CHECK(listed_is("functions", "dropped", "vmlinux/b,0"));
	CHECK(results.dropped.nr == 1 && !strcmp(results.dropped.v[0], "vmlinux/b,1"));
}

static void release_patches(void)
{
	struct kpb_base *p;

	reset();
	p = add_deployed(&results.previous, &results.nr_previous, "lp-v1", true);
	manifest_add_patch(&p->manifest, "p1.patch", "x", "official-v1");
	manifest_add_patch(&p->manifest, "p2.patch", "y", "hot-1");
	manifest_add_group(&p->manifest, "base", "official-v1");
	manifest_add_group(&p->manifest, "addition", "hot-1");
	add_group("base", "official-v2");
	add_patch("p1.patch", "x2", 0);
	add_patch("p3.patch", "z", 0);
	REFUSES(EXIT_REFUSED, "patch removed from the series: --allow-drop p2.patch", compare_release(&options, &results));
	CHECK(strstr(refused_why, "addition removed from the series: --allow-drop hot-1"));

	/* the label of the removed patch lets it go, with its addition */
	strlist_add(&options.allow_drop, "hot-1");
	ACCEPTS(compare_release(&options, &results));
	CHECK(listed_is("patches", "updated", "p1.patch"));
	CHECK(listed_is("patches", "removed", "p2.patch"));
	CHECK(listed_is("patches", "added", "p3.patch"));
	CHECK(listed_is("labels", "replaced base", "official-v1"));
	CHECK(listed_is("labels", "removed", "hot-1"));
	CHECK(listed_is("labels", "added", "official-v2"));
}

/* A hot fix stacked on the release must be in the series, or let go. */
static void release_hotfixes(void)
{
	struct strlist applied = { 0 };
	struct kpb_base *h;

	reset();
	h = add_deployed(&results.previous, &results.nr_previous, "lp-hot", false);
	manifest_add_patch(&h->manifest, "hot.patch", "hh", NULL);
	h->nr_patches = 1;
	h->patches = xcalloc(1, sizeof(*h->patches));
	h->patches[0] = (struct kpb_patch){ .name = "hot.patch", .hash = xstrdup("hh"), .group = -1 };
	add_patch("p1.patch", "x", -1);
	REFUSES(EXIT_REFUSED, "hot fix lp-hot (lp-hot.ko) is loaded on top of the deployed release",
		check_hotfixes(&options, &results, &applied));

	/* its change already made by the series (upstreamed in another form) */
	strlist_add(&applied, "hh");
	ACCEPTS(check_hotfixes(&options, &results, &applied));
	CHECK(!strcmp(h->relation, "included: the change of hot.patch is already in the series"));
	strlist_free(&applied);

	add_patch("hot.patch", "hh", -1);
	ACCEPTS(check_hotfixes(&options, &results, &applied));
	CHECK(!strcmp(h->relation, "included: hot.patch is in the series"));
}

int main(void)
{
	progname = "release";
	release_functions();
	release_patches();
	release_hotfixes();
	return finished("release", "functions, patches, hot fixes");
}
