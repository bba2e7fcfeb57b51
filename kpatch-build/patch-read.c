// SPDX-License-Identifier: GPL-2.0
/* Reading patch and series files (patch-read.h). */
#include <stdlib.h>
#include <string.h>

#include "patch-read.h"

const char *bad_path(const char *name)
{
	if (!*name)
		return "an empty file name";
	if (name[0] == '/')
		return "an absolute path: names in a patch are relative to the tree";
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "a control character in a file name";
	for (const char *c = name; c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL) {
		size_t n = strcspn(c, "/");

		if (!n || (n == 1 && c[0] == '.'))
			return "an empty or '.' component in a file name";
		if (n == 2 && !strncmp(c, "..", 2))
			return "a '..' component: names must stay inside the tree";
		if (c[0] == '-')
			return "a component starting with '-' (a program would take it for an option)";
	}
	return NULL;
}

const char *bad_file_name(const char *name)
{
	const char *why = bad_path(name);

	if (!why && name[strspn(name, KBUILD_PATH_CHARS)])
		why = "a character make or the shell reads as syntax (use letters, digits "
		      "and / . _ + , @ ~ -)";
	return why;
}

/* One line of text, NUL-terminated in place; NULL at the end. */
struct lines {
	char *p, *end;
	size_t lineno;
};

static char *next_line(struct lines *l, size_t *len)
{
	char *line = l->p, *nl;

	if (l->p >= l->end)
		return NULL;
	nl = memchr(l->p, '\n', l->end - l->p);
	*len = (nl ? nl : l->end) - line;
	l->p = nl ? nl + 1 : l->end;
	line[*len] = '\0';
	l->lineno++;
	return line;
}

/* The name on a header line, -p1: after the a/ or b/, up to a tab (its timestamp). */
static char *header_name(char *name, struct strlist *files, const char **why)
{
	char *slash;

	name[strcspn(name, "\t")] = '\0';
	if (!strcmp(name, "/dev/null"))
		return NULL;
	slash = strchr(name, '/');
	if (!slash || !slash[1]) {
		*why = "not a name of a -p1 patch (a/PATH or b/PATH)";
		return NULL;
	}
	*why = bad_file_name(slash + 1);
	if (!*why && !strlist_has(files, slash + 1))
		strlist_add(files, slash + 1);
	return slash + 1;
}

/* "@@ -a[,b] +c[,d] @@": the lines of each side, or false. */
static bool hunk_counts(const char *line, unsigned long *old, unsigned long *new)
{
	char *end;

	if (strncmp(line, "@@ -", 4))
		return false;
	strtoul(line + 4, &end, 10);
	*old = *end == ',' ? strtoul(end + 1, &end, 10) : 1;
	if (strncmp(end, " +", 2))
		return false;
	strtoul(end + 2, &end, 10);
	*new = *end == ',' ? strtoul(end + 1, &end, 10) : 1;
	return !strncmp(end, " @@", 3);
}

/* Header lines that name a file GNU patch may write (git's renames and copies too). */
static const char *const name_headers[] = {
	"--- ", "+++ ", "rename from ", "rename to ", "copy from ", "copy to ",
};

char *patch_files(const char *text, size_t size, struct strlist *files, size_t *lineno)
{
	char *copy = xmalloc(size + 1), *line;
	struct lines l = { copy, copy + size, 0 };
	unsigned long old = 0, new = 0;
	const char *why = NULL;
	size_t len;

	memcpy(copy, text, size);
	char *named = NULL;

	while (!why && (line = next_line(&l, &len))) {
		if (strlen(line) != len) {
			why = "a NUL byte: not a text patch";
		} else if (old || new) {
			/* Inside a hunk: lines of content, whatever they look like. */
			if (line[0] != '-' && new)
				new--;
			if (line[0] != '+' && line[0] != '\\' && old)
				old--;
		} else if (!hunk_counts(line, &old, &new)) {
			for (size_t i = 0; i < ARRAY_SIZE(name_headers); i++) {
				size_t n = strlen(name_headers[i]);
				char *name = line + n;

				if (strncmp(line, name_headers[i], n))
					continue;
				if (i >= 2)	/* git's names carry no a/ or b/ */
					name = xasprintf("x/%s", line + n);
				named = header_name(name, files, &why);
				named = why ? str_printable(named ? named : name) : NULL;
				if (i >= 2)
					free(name);
			}
		}
	}
	*lineno = l.lineno;
	free(copy);
	if (named) {
		char *full = xasprintf("'%s': %s", named, why);

		free(named);
		return full;
	}
	return why ? xstrdup(why) : NULL;
}

static char *series_line(struct series *s, char *line, size_t lineno)
{
	char *save = NULL, *word, *arg;
	struct series_line *e;

	line[strcspn(line, "#")] = '\0';
	word = strtok_r(line, " \t", &save);
	arg = strtok_r(NULL, " \t", &save);
	if (!word)
		return NULL;
	if (!arg && (!strcmp(word, "base") || !strcmp(word, "addition") ||
		     !strcmp(word, "name") || !strcmp(word, "version")))
		return xasprintf("usage: %s VALUE", word);
	if (arg && strtok_r(NULL, " \t", &save))
		return xasprintf("'%s %s ...': one directive and one value a line", word, arg);
	s->lines = xrealloc(s->lines, (s->nr + 1) * sizeof(*s->lines));
	e = &s->lines[s->nr++];
	e->lineno = lineno;
	e->word = arg ? xstrdup(word) : NULL;
	e->arg = xstrdup(arg ? arg : word);
	if (!arg) {
		const char *why = bad_path(word);

		if (why)
			return xasprintf("patch %s: %s (patches are relative to the series file)",
					 word, why);
	}
	return NULL;
}

char *series_parse(const char *text, size_t size, struct series *s, size_t *lineno)
{
	char *copy = xmalloc(size + 1), *line, *why = NULL;
	struct lines l = { copy, copy + size, 0 };
	size_t len;

	memcpy(copy, text, size);
	while (!why && (line = next_line(&l, &len))) {
		if (strlen(line) != len)
			why = xstrdup("a NUL byte: a series file is text");
		else if (strchr(line, '\r'))
			why = xstrdup("a carriage return: the file has DOS line ends (dos2unix converts it)");
		else
			why = series_line(s, line, l.lineno);
	}
	*lineno = l.lineno;
	free(copy);
	return why;
}

void series_free(struct series *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		free(s->lines[i].word);
		free(s->lines[i].arg);
	}
	free(s->lines);
	memset(s, 0, sizeof(*s));
}
