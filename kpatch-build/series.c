// SPDX-License-Identifier: GPL-2.0
/*
 * Series files (--series FILE): the patches of a cumulative release, in
 * order, in labelled groups.  One directive or patch per line, '#' starts
 * a comment:
 *
 *	name livepatch-official		module name (unless -n is given)
 *	version 5			MODULE_VERSION and the manifest
 *	base official-v5		the base set (the official fixes), first
 *	fix-a.patch			patches, relative to the series file
 *	addition hotfix-123		an addition: a customer hot fix
 *	hotfix-123.patch
 */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "context.h"
#include "fail.h"
#include "files.h"
#include "patch-read.h"
#include "series.h"

struct series_reader {
	struct kpb_options *o;	/* what the series sets: patches, groups, name, version */
	const char *path;
	char *dir;
	size_t lineno;
};

static void __attribute__((noreturn, format(printf, 2, 3)))
series_error(const struct series_reader *r, const char *fmt, ...)
{
	char *what;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	fail(EXIT_USAGE, "%s:%zu: %s", r->path, r->lineno, what);
}

static bool valid_label(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._+-", *s))
			return false;
	return true;
}

static void add_group(const struct series_reader *r, const char *kind, const char *label)
{
	if (!valid_label(label))
		series_error(r, "'%s' is not a label: use letters, digits, '.', '_', '+' or '-'", label);
	if (!strcmp(kind, "base") && r->o->nr_groups)
		series_error(r, "the base set comes first, and once");
	for (size_t i = 0; i < r->o->nr_groups; i++)
		if (!strcmp(r->o->groups[i].label, label))
			series_error(r, "label %s is used twice", label);
	r->o->groups = xrealloc(r->o->groups, (r->o->nr_groups + 1) * sizeof(*r->o->groups));
	r->o->groups[r->o->nr_groups].kind = xstrdup(kind);
	r->o->groups[r->o->nr_groups++].label = xstrdup(label);
}

/* A patch of the series: relative to its file, and inside its directory once resolved. */
static void add_series_patch(const struct series_reader *r, const char *file)
{
	char *path = xasprintf("%s/%s", r->dir, file);
	char buf[PATH_MAX], dir[PATH_MAX];
	const char *why;

	if (!r->o->nr_groups)
		series_error(r, "patch %s outside a group: start with 'base LABEL' or 'addition LABEL'",
			     file);
	if (!realpath(path, buf) || !realpath(r->dir, dir))
		series_error(r, "%s: %s", path, strerror(errno));
	if (strncmp(buf, dir, strlen(dir)) || buf[strlen(dir)] != '/')
		series_error(r, "patch %s is %s, outside the series file's directory %s", file, buf, dir);
	why = not_regular_file(buf);
	if (why)
		series_error(r, "patch %s: %s", file, why);
	r->o->patches = xrealloc(r->o->patches, (r->o->nr_patches + 1) * sizeof(*r->o->patches));
	memset(&r->o->patches[r->o->nr_patches], 0, sizeof(*r->o->patches));
	r->o->patches[r->o->nr_patches].path = xstrdup(buf);
	r->o->patches[r->o->nr_patches++].group = r->o->nr_groups - 1;
	free(path);
}

static void series_directive(const struct series_reader *r, const char *word, const char *arg)
{
	if (!strcmp(word, "base") || !strcmp(word, "addition")) {
		add_group(r, word, arg);
	} else if (!strcmp(word, "name") || !strcmp(word, "version")) {
		if (!valid_label(arg))
			series_error(r, "'%s': use letters, digits, '.', '_', '+' or '-'", arg);
		if (!strcmp(word, "version"))
			r->o->version = xstrdup(arg);
		else if (!r->o->name)
			r->o->name = xstrdup(arg);
	} else {
		series_error(r, "'%s %s': expected a patch file or name, version, base, addition",
			     word, arg);
	}
}

void read_series(struct kpb_options *o, const char *path)
{
	struct series_reader r = { .o = o, .path = path };
	const char *irregular = not_regular_file(path);
	size_t size;
	char *text = irregular ? NULL : read_file(path, &size), *copy = xstrdup(path), *why;
	struct series s = { 0 };

	if (!text)
		fail(EXIT_USAGE, "--series %s: %s", path, irregular ? irregular : strerror(errno));
	r.dir = dirname(copy);
	why = series_parse(text, size, &s, &r.lineno);
	if (why)
		series_error(&r, "%s", why);
	for (size_t i = 0; i < s.nr; i++) {
		r.lineno = s.lines[i].lineno;
		if (s.lines[i].word)
			series_directive(&r, s.lines[i].word, s.lines[i].arg);
		else
			add_series_patch(&r, s.lines[i].arg);
	}
	if (!o->nr_patches)
		fail(EXIT_USAGE, "--series %s lists no patches", path);
	series_free(&s);
	free(copy);
	free(text);
}

/* The label of a patch's group, or NULL outside a series. */
const char *patch_label(const struct kpb_options *o, const struct kpb_patch *p)
{
	return p->group >= 0 && (size_t)p->group < o->nr_groups ? o->groups[p->group].label : NULL;
}

const struct kpb_patch *series_patch_by_hash(const struct kpb_options *o, const char *hash)
{
	for (size_t i = 0; i < o->nr_patches; i++)
		if (!strcmp(o->patches[i].hash, hash))
			return &o->patches[i];
	return NULL;
}
