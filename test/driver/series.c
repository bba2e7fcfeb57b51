// SPDX-License-Identifier: GPL-2.0
/*
 * Series files (series.c), without a kernel: groups, labels and patches
 * read, and each malformed file refused with its reason.
 */
#include <stdlib.h>
#include <unistd.h>

#include "fail.h"
#include "harness.h"
#include "series.h"

static char series_dir[] = "/tmp/driver-series.XXXXXX";

static char *series_file(const char *name, const char *text)
{
	return scratch_file(series_dir, name, text);
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
	CHECK(!strcmp(options.name, "lp-rel") && !strcmp(options.version, "6+hot"));
	CHECK(options.nr_groups == 2 && !strcmp(options.groups[1].kind, "addition"));
	CHECK(options.nr_patches == 2 && options.patches[1].group == 1);
	CHECK(!strcmp(patch_label(&options, &options.patches[0]), "official-v6"));
	CHECK(str_ends(options.patches[1].path, "/hot.patch"));
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

int main(void)
{
	progname = "series";
	series();
	return finished("series", "groups, labels, refusals");
}
