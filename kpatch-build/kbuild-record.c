// SPDX-License-Identifier: GPL-2.0
/* kbuild's .OBJ.cmd records (kbuild-record.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "context.h"
#include "fail.h"
#include "kbuild-record.h"

/* kbuild stores '$' as '$$' and '#' as '$(pound)' in .cmd files. */
static char *unmake(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (str_starts(s, "$$")) {
			*o++ = '$';
			s += 2;
		} else if (str_starts(s, "$(pound)")) {
			*o++ = '#';
			s += 8;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* The rest of the line that starts with key in text, or NULL. */
static char *line_value(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	if (!p || (p != text && p[-1] != '\n'))
		return NULL;
	p += strlen(key);
	return strndup(p, strcspn(p, "\n"));
}

/* The record up to the end of the line with source_key, or whole. */
static char *read_head(const char *path, const char *source_key)
{
	enum { HEAD = 8192 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *text = xmalloc(HEAD + 1), *p;
	ssize_t n = fd < 0 ? -1 : read(fd, text, HEAD);

	if (fd >= 0)
		close(fd);
	if (n < 0) {
		free(text);
		return NULL;
	}
	text[n] = '\0';
	p = strstr(text, source_key);
	if (n == HEAD && (!p || !strchr(p, '\n'))) {
		free(text);
		return read_file(path, NULL);
	}
	return text;
}

bool record_parse(struct kbuild_record *rec, const char *text, const char *obj)
{
	char *key = xasprintf("source_%s := ", obj), *cmd;

	memset(rec, 0, sizeof(*rec));
	rec->source = line_value(text, key);
	free(key);
	if (!rec->source)
		return false;
	key = xasprintf("cmd_%s := ", obj);
	cmd = line_value(text, key);
	free(key);
	/* "savedcmd_" since Linux 6.2 */
	if (!cmd) {
		key = xasprintf("savedcmd_%s := ", obj);
		cmd = line_value(text, key);
		free(key);
	}
	rec->cmd = cmd ? unmake(cmd) : NULL;
	free(cmd);
	rec->obj = xstrdup(obj);
	return true;
}

bool record_read(struct kbuild_record *rec, const char *path, const char *obj)
{
	char *key = xasprintf("source_%s := ", obj), *text = read_head(path, key);
	bool ok;

	memset(rec, 0, sizeof(*rec));
	ok = text && record_parse(rec, text, obj);
	if (ok)
		rec->path = xstrdup(path);
	free(text);
	free(key);
	return ok;
}

const char *record_deps(struct kbuild_record *rec)
{
	char *text, *key, *deps;

	if (rec->deps)
		return rec->deps;
	text = read_file(rec->path, NULL);
	if (!text)
		fail(EXIT_ERROR, "%s: %s", rec->path, strerror(errno));
	key = xasprintf("deps_%s := ", rec->obj);
	deps = strstr(text, key);
	rec->deps = xstrdup(deps ? deps : "");
	free(key);
	free(text);
	return rec->deps;
}

void record_free(struct kbuild_record *rec)
{
	free(rec->obj);
	free(rec->path);
	free(rec->cmd);
	free(rec->source);
	free(rec->deps);
}
