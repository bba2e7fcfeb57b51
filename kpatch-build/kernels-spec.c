// SPDX-License-Identifier: GPL-2.0
/*
 * What --kernels SPEC names: releases separated by commas, patterns over
 * the kernels the configured archives have (a release has its -dbg
 * package: without its vmlinux no livepatch can be built), or a file of
 * those, one per line.  '*' stops at '-' so that '6.1.0-*-amd64' is every
 * ABI of one flavour and not also 6.1.0-54-cloud-amd64.
 */
#include <ctype.h>
#include <string.h>
#include <sys/stat.h>

#include "context.h"
#include "fail.h"
#include "kernels-spec.h"

bool valid_release(const char *s)
{
	if (!*s || !isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".+-_~", *s))
			return false;
	return true;
}

bool release_matches(const char *p, const char *r)
{
	if (!*p)
		return !*r;
	if (*p == '*') {
		for (const char *end = r + strcspn(r, "-"); ; r++) {
			if (release_matches(p + 1, r))
				return true;
			if (r == end)
				return false;
		}
	}
	if (*r && (*p == '?' || *p == *r))
		return release_matches(p + 1, r + 1);
	return false;
}

static bool is_pattern(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}

static int by_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

void releases_matching(const char *pattern, const char *known, struct strlist *out)
{
	struct strlist found = { 0 };
	char *list = xstrdup(known), *save = NULL;

	for (char *name = strtok_r(list, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
		char *release;

		if (!str_starts(name, "linux-image-") || !str_ends(name, "-dbg"))
			continue;
		release = strndup(name + 12, strlen(name) - 16);
		if (valid_release(release) && release_matches(pattern, release) &&
		    !strlist_has(&found, release))
			strlist_add(&found, release);
		free(release);
	}
	if (found.nr)
		qsort(found.v, found.nr, sizeof(*found.v), by_version);
	for (size_t i = 0; i < found.nr; i++)
		if (!strlist_has(out, found.v[i]))
			strlist_add(out, found.v[i]);
	strlist_free(&found);
	free(list);
}

/* NULL, or why item names no kernel (*code: the exit status). */
static char *add_item(const char *item, char *(*list)(void), char **known,
		      struct strlist *releases, int *code)
{
	size_t before = releases->nr;

	if (!is_pattern(item)) {
		*code = EXIT_USAGE;
		if (!valid_release(item))
			return xasprintf("--kernels: '%s' is not a kernel release (uname -r prints one)", item);
		if (!strlist_has(releases, item))
			strlist_add(releases, item);
		return NULL;
	}
	if (!*known)
		*known = list();
	releases_matching(item, *known, releases);
	*code = EXIT_BAD_INPUT;
	if (releases->nr == before)
		return xasprintf("--kernels: '%s' matches no kernel with a linux-image-RELEASE-dbg "
				 "package in the configured archives ('*' stops at '-'; apt-get update, "
				 "or add the archive that has them)", item);
	return NULL;
}

/* Items split at commas and new lines; in a file, '#' starts a comment.  The first refusal. */
static char *add_items(char *text, bool comments, char *(*list)(void), char **known,
		       struct strlist *releases, int *code)
{
	char *save = NULL, *why = NULL;

	for (char *line = strtok_r(text, "\n", &save); line && !why; line = strtok_r(NULL, "\n", &save)) {
		char *item, *in = NULL;

		if (comments && strchr(line, '#'))
			*strchr(line, '#') = '\0';
		for (item = strtok_r(line, ", \t", &in); item && !why; item = strtok_r(NULL, ", \t", &in))
			why = add_item(item, list, known, releases, code);
	}
	return why;
}

void kernels_from_spec(const char *spec, char *(*list)(void), struct strlist *releases)
{
	struct stat st;
	char *known = NULL, *text, *why;
	int code = EXIT_ERROR;
	bool file = !stat(spec, &st) && S_ISREG(st.st_mode);

	text = file ? read_file(spec, NULL) : xstrdup(spec);
	if (!text)
		fail(EXIT_BAD_INPUT, "--kernels %s: cannot read it", spec);
	why = add_items(text, file, list, &known, releases, &code);
	free(known);
	free(text);
	if (why) {
		/* fail() does not return: the reason stays reachable */
		static char *refusal;

		free(refusal);
		refusal = why;
		strlist_free(releases);
		fail(code, "%s", refusal);
	}
	if (!releases->nr)
		fail(EXIT_BAD_INPUT, "--kernels %s: names no kernel the configured archives have", spec);
}
