// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's decisions over (results, manifests), without a kernel:
 * states (states.c), the comparison of a release with what it replaces
 * (release.c), series files (series.c) and the relation of a stacked
 * patch to each base (stack.c).  Each case builds the context and the deployed manifests in
 * memory, runs the decision and checks what it decided, or that it
 * refused with the right exit code and reason.
 */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "context.h"
#include "disk.h"
#include "json.h"
#include "refusal.h"
#include "release.h"
#include "run.h"
#include "series.h"
#include "stack.h"
#include "states.h"
#include "text.h"

static struct kpb_options options;
const struct kpb_options *opt = &options;
static struct kpb_build the_build;
struct kpb_build *bld = &the_build;
static struct kpb_results results;
struct kpb_results *res = &results;

static int failures;

/* The driver's context lives until it exits, and so do the decisions' results. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

/* ---- what the decisions call outside the files under test ---- */

/* No patch reverse-applies: hot fixes are not already in the series. */
int run(const char *dir, char *const argv[])
{
	(void)dir;
	(void)argv;
	return 1;
}

void copy_patched_files(const char *scratch, const struct kpb_patch *patches, size_t nr)
{
	(void)scratch;
	(void)patches;
	(void)nr;
}

void apply_patch_list(const char *view, const struct kpb_patch *patches, size_t nr)
{
	(void)view;
	(void)patches;
	(void)nr;
}

void remove_tree(const char *path)
{
	(void)path;
}

bool file_exists(const char *path)
{
	(void)path;
	return false;
}

void read_patch_files(struct kpb_patch *patch)
{
	(void)patch;
}

void log_printf(const char *fmt, ...)
{
	(void)fmt;
}

void write_file(const char *path, const char *data, size_t size)
{
	(void)path;
	(void)data;
	(void)size;
}

/* The file every unit read, for shared source; NULL: none. */
static const char *read_by_units;

bool unit_reads(const struct unit *u, const char *file)
{
	(void)u;
	return read_by_units && !strcmp(file, read_by_units);
}

/* This patch's shadow ids. */
static struct strlist our_shadow;

void shadow_ids(struct strlist *ids)
{
	for (size_t i = 0; i < our_shadow.nr; i++)
		strlist_add(ids, our_shadow.v[i]);
}

/* ---- building contexts ---- */

static void reset(void)
{
	options = (struct kpb_options){ .replace = true };
	results = (struct kpb_results){ 0 };
	strlist_free(&our_shadow);
	read_by_units = NULL;
	free(refused_why);
	refused_why = NULL;
	refused_code = 0;
}

static struct unit *add_unit(const char *obj, const char *objname)
{
	res->units = xrealloc(res->units, (res->nr_units + 1) * sizeof(*res->units));
	res->units[res->nr_units] = (struct unit){ .obj = xstrdup(obj), .objname = xstrdup(objname) };
	return &res->units[res->nr_units++];
}

/* The new entry, valid until the next one is added. */
static struct kpb_base *add_deployed(struct kpb_base **list, size_t *nr, const char *name,
				     bool replace)
{
	struct kpb_base *b;

	*list = xrealloc(*list, (*nr + 1) * sizeof(**list));
	b = &(*list)[(*nr)++];
	*b = (struct kpb_base){
		.ko = xasprintf("%s.ko", name), .name = xstrdup(name), .ident = ident_of(name),
		.replace = replace,
	};
	b->manifest.name = xstrdup(name);
	b->manifest.replace = replace;
	return b;
}

static void add_func(const char *objname, const char *name, unsigned long pos, const char *hash)
{
	res->funcs = xrealloc(res->funcs, (res->nr_funcs + 1) * sizeof(*res->funcs));
	res->funcs[res->nr_funcs++] = (struct kpb_func){
		.objname = xstrdup(objname), .name = xstrdup(name), .sympos = pos,
		.hash = xstrdup(hash),
	};
}

static void add_patch(const char *name, const char *hash, int group)
{
	options.patches = xrealloc(options.patches, (options.nr_patches + 1) * sizeof(*options.patches));
	options.patches[options.nr_patches++] = (struct kpb_patch){
		.path = xstrdup(name), .name = name, .hash = xstrdup(hash), .group = group,
	};
}

static void add_group(const char *kind, const char *label)
{
	options.groups = xrealloc(options.groups, (options.nr_groups + 1) * sizeof(*options.groups));
	options.groups[options.nr_groups++] = (struct kpb_group){
		.kind = xstrdup(kind), .label = xstrdup(label),
	};
}

/* Whether run() refused with code and a reason holding what. */
#define REFUSES(code, what, call) do {							\
	if (!setjmp(refused)) {								\
		call;									\
		fprintf(stderr, "%s:%d: %s was not refused\n", __FILE__, __LINE__, #call);	\
		failures++;								\
	} else {									\
		CHECK(refused_code == (code));						\
		if (!strstr(refused_why, what))						\
			fprintf(stderr, "%s:%d: reason '%s' lacks '%s'\n", __FILE__, __LINE__,	\
				refused_why, what);						\
		CHECK(strstr(refused_why, what));					\
	}										\
} while (0)

#define ACCEPTS(call) do {								\
	if (!setjmp(refused)) {								\
		call;									\
	} else {									\
		fprintf(stderr, "%s:%d: %s refused: %s\n", __FILE__, __LINE__, #call, refused_why);	\
		failures++;								\
	}										\
} while (0)

/* The names listed under report[part][kind], as "a b c". */
static char *listed(const char *part, const char *kind)
{
	json_object *l = json_get(json_get(res->release_report, part), kind);
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

/* ---- states.c ---- */

static void states(void)
{
	struct unit *u;
	struct kpb_base *b;

	reset();
	u = add_unit("a.o", "vmlinux");
	report_add_state(&u->report, 1, 1);
	u = add_unit("b.o", "vmlinux");
	report_add_state(&u->report, 1, 2);
	REFUSES(EXIT_BAD_INPUT, "state 1 is declared at version 1 in a.o and 2 in b.o", collect_states());

	reset();
	u = add_unit("a.o", "vmlinux");
	report_add_state(&u->report, 2, 1);
	b = add_deployed(&res->bases, &res->nr_bases, "lp-base", false);
	manifest_add_state(&b->manifest, 2, 3, "x.o");
	REFUSES(EXIT_REFUSED, "lowers a state's version", collect_states());

	/* a unit that failed to diff declares nothing */
	reset();
	u = add_unit("a.o", "vmlinux");
	report_add_state(&u->report, 2, 1);
	u->status = EXIT_NOCHANGE;
	b = add_deployed(&res->previous, &res->nr_previous, "lp-v1", true);
	manifest_add_state(&b->manifest, 5, 1, "y.o");
	manifest_add_state(&b->manifest, 2, 1, "z.o");
	ACCEPTS(collect_states());
	CHECK(res->nr_states == 2);
	CHECK(state_version(5) == 1 && state_version(2) == 1 && state_version(3) == 0);
	CHECK(res->nr_states == 2 && res->states[0].carried && strstr(res->states[0].from, "lp-v1"));
}

/* ---- release.c ---- */

static void release_functions(void)
{
	struct kpb_base *p;

	reset();
	p = add_deployed(&res->previous, &res->nr_previous, "lp-v1", true);
	manifest_add_func(manifest_object(&p->manifest, "vmlinux"), "a", 0, "h1");
	manifest_add_func(manifest_object(&p->manifest, "vmlinux"), "b", 0, "h2");
	manifest_add_func(manifest_object(&p->manifest, "klp_testmod"), "c", 2, "h3");
	add_func("vmlinux", "a", 0, "h1");
	add_func("klp_testmod", "c", 2, "h9");
	add_func("vmlinux", "d", 0, "h4");
	REFUSES(EXIT_REFUSED, "function reverts to the original: --allow-drop vmlinux/b,0",
		compare_release());

	strlist_add(&options.allow_drop, "b");
	ACCEPTS(compare_release());
	CHECK(listed_is("functions", "unchanged", "vmlinux/a,0"));
	CHECK(listed_is("functions", "changed", "klp_testmod/c,2"));
	CHECK(listed_is("functions", "added", "vmlinux/d,0"));
	CHECK(listed_is("functions", "dropped", "vmlinux/b,0"));
	CHECK(res->dropped.nr == 1 && !strcmp(res->dropped.v[0], "vmlinux/b,1"));
}

static void release_patches(void)
{
	struct kpb_base *p;

	reset();
	p = add_deployed(&res->previous, &res->nr_previous, "lp-v1", true);
	manifest_add_patch(&p->manifest, "p1.patch", "x", "official-v1");
	manifest_add_patch(&p->manifest, "p2.patch", "y", "hot-1");
	manifest_add_group(&p->manifest, "base", "official-v1");
	manifest_add_group(&p->manifest, "addition", "hot-1");
	add_group("base", "official-v2");
	add_patch("p1.patch", "x2", 0);
	add_patch("p3.patch", "z", 0);
	REFUSES(EXIT_REFUSED, "patch removed from the series: --allow-drop p2.patch", compare_release());
	CHECK(strstr(refused_why, "addition removed from the series: --allow-drop hot-1"));

	/* the label of the removed patch lets it go, with its addition */
	strlist_add(&options.allow_drop, "hot-1");
	ACCEPTS(compare_release());
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
	struct kpb_base *h;

	reset();
	h = add_deployed(&res->previous, &res->nr_previous, "lp-hot", false);
	manifest_add_patch(&h->manifest, "hot.patch", "hh", NULL);
	h->nr_patches = 1;
	h->patches = xcalloc(1, sizeof(*h->patches));
	h->patches[0] = (struct kpb_patch){ .name = "hot.patch", .hash = xstrdup("hh"), .group = -1 };
	add_patch("p1.patch", "x", -1);
	REFUSES(EXIT_REFUSED, "hot fix lp-hot (lp-hot.ko) is loaded on top of the deployed release",
		check_hotfixes());

	add_patch("hot.patch", "hh", -1);
	ACCEPTS(check_hotfixes());
	CHECK(!strcmp(h->relation, "included: hot.patch is in the series"));
}

/* ---- series.c ---- */

static char series_dir[] = "/tmp/logic-series.XXXXXX";

static char *series_file(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", series_dir, name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return path;
}

static void series_refused(const char *text, const char *why)
{
	char *path = series_file("bad.series", text);

	reset();
	REFUSES(EXIT_USAGE, why, read_series(&options, path));
	free(path);
}

static void series_read(void)
{
	char *path = series_file("good.series", "# a release\nname lp-rel\nversion 6+hot\n"
				 "base official-v6\nfix.patch\naddition hot-1\nhot.patch   # the hot fix\n");

	reset();
	ACCEPTS(read_series(&options, path));
	CHECK(!strcmp(opt->name, "lp-rel") && !strcmp(opt->version, "6+hot"));
	CHECK(opt->nr_groups == 2 && !strcmp(opt->groups[1].kind, "addition"));
	CHECK(opt->nr_patches == 2 && opt->patches[1].group == 1);
	CHECK(!strcmp(patch_label(&opt->patches[0]), "official-v6"));
	CHECK(str_ends(opt->patches[1].path, "/hot.patch"));
	free(path);
}

static void series(void)
{
	static const char *const bad[][2] = {
		{ "fix.patch\n", "outside a group" },
		{ "base v1\nbase v2\n", "the base set comes first, and once" },
		{ "addition hot\nbase v1\n", "the base set comes first" },
		{ "base v1\naddition v1\n", "label v1 is used twice" },
		{ "base v/1\n", "is not a label" },
		{ "base v1\nmissing.patch\n", "missing.patch: No such file" },
		{ "base v1\n", "lists no patches" },
		{ "base v1\nfix.patch extra\n", "expected a patch file or name" },
		{ "version\n", "usage: version VALUE" },
	};
	static const char *const names[] = { "fix.patch", "hot.patch", "good.series", "bad.series" };
	if (!mkdtemp(series_dir))
		fail(1, "mkdtemp");
	free(series_file("fix.patch", ""));
	free(series_file("hot.patch", ""));
	series_read();
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		series_refused(bad[i][0], bad[i][1]);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *path = xasprintf("%s/%s", series_dir, names[i]);

		unlink(path);
		free(path);
	}
	rmdir(series_dir);
}

/* ---- stack.c ---- */

static void relations(void)
{
	struct kpb_base *overlap, *ref, *shadow, *source, *none;
	struct unit *u;

	reset();
	u = add_unit("fs/proc/cmdline.o", "vmlinux");
	report_add_func(&u->report, "cmdline_proc_show", false);
	report_add_func(&u->report, "klp_new", true);
	report_add_ref(&u->report, "lp_ref", "klp_base_counter");
	strlist_add(&our_shadow, "?");
	overlap = add_deployed(&res->bases, &res->nr_bases, "lp-overlap", false);
	manifest_add_func(manifest_object(&overlap->manifest, "vmlinux"), "cmdline_proc_show", 0, "h");
	ref = add_deployed(&res->bases, &res->nr_bases, "lp-ref", false);
	/* a function of the same name in another object is no overlap */
	manifest_add_func(manifest_object(&ref->manifest, "klp_testmod"), "cmdline_proc_show", 0, "h");
	shadow = add_deployed(&res->bases, &res->nr_bases, "lp-shadow", false);
	strlist_add(&shadow->manifest.shadow_ids, "3");
	source = add_deployed(&res->bases, &res->nr_bases, "lp-source", false);
	source->nr_patches = 1;
	source->patches = xcalloc(1, sizeof(*source->patches));
	source->patches[0].nr_files = 1;
	source->patches[0].files = xcalloc(1, sizeof(char *));
	source->patches[0].files[0] = xstrdup("fs/proc/cmdline.c");
	none = add_deployed(&res->bases, &res->nr_bases, "lp-none", false);
	manifest_add_func(manifest_object(&none->manifest, "vmlinux"), "klp_new", 0, "h");
	read_by_units = "fs/proc/cmdline.c";
	/* the array moved as it grew */
	overlap = &res->bases[0], ref = &res->bases[1], shadow = &res->bases[2];
	source = &res->bases[3], none = &res->bases[4];
	/* the shadow id "?" is any id: lp-none has none */
	ACCEPTS(classify_against_bases());
	CHECK(!strcmp(overlap->relation, "overlap: cmdline_proc_show"));
	CHECK(!strcmp(ref->relation, "reference: klp_base_counter") && ref->referenced);
	CHECK(!strcmp(shadow->relation, "shared state: shadow variable id 3"));
	CHECK(!strcmp(source->relation, "shared source: fs/proc/cmdline.c"));
	CHECK(!strcmp(none->relation, "independent") && !base_depended_on(none));
	CHECK(base_depended_on(overlap));
}

int main(void)
{
	progname = "logic";
	states();
	release_functions();
	release_patches();
	release_hotfixes();
	series();
	relations();
	if (failures)
		return 1;
	printf("logic: states, release comparison, hot fixes, series files, base relations: ok\n");
	return 0;
}
