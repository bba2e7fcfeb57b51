// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

const char *progname = "klp";
bool debug;

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		die("out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}

void *exit_jump;
void (*leave_hook)(void);

void leave(int code)
{
	void (*hook)(void) = leave_hook;

	leave_hook = NULL;
	if (hook)
		hook();
	fflush(stdout);
	if (exit_jump)
		longjmp(*(jmp_buf *)exit_jump, code ? code : -1);
	exit(code);
}

static const char *pending_tmpfile;

void tmpfile_register(const char *path)
{
	pending_tmpfile = path;
}

void tmpfile_remove(void)
{
	if (pending_tmpfile)
		unlink(pending_tmpfile);
	pending_tmpfile = NULL;
}

char *die_message;
int die_code = EXIT_ERROR;

void die(const char *fmt, ...)
{
	va_list ap;

	tmpfile_remove();
	free(die_message);
	va_start(ap, fmt);
	if (vasprintf(&die_message, fmt, ap) < 0)
		die_message = NULL;
	va_end(ap);
	fprintf(stderr, "%s: error: %s\n", progname, die_message ? die_message : fmt);
	leave(die_code);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: warning: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void dbg(const char *fmt, ...)
{
	va_list ap;

	if (!debug)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool replaces_at(const char *s, const char *p, const char *what, size_t n,
			bool whole_word)
{
	if (strncmp(p, what, n))
		return false;
	return !whole_word || ((p == s || p[-1] == ' ' || p[-1] == ',') &&
			       (p[n] == ' ' || p[n] == ';' || !p[n]));
}

char *str_replace(char *s, const char *what, const char *with, bool whole_word)
{
	size_t n = strlen(what), m = strlen(with), count = 0;
	const char *p;
	char *out, *o;

	for (p = s; *p; p++)
		if (replaces_at(s, p, what, n, whole_word))
			count++;
	out = o = xmalloc(strlen(s) + count * m + 1);
	for (p = s; *p;) {
		if (replaces_at(s, p, what, n, whole_word)) {
			memcpy(o, with, m);
			o += m;
			p += n;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	free(s);
	return out;
}

char *str_printable(const char *s)
{
	char *out = xstrdup("");

	for (; *s; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c == 0x7f)
			str_appendf(&out, "\\x%02x", c);
		else
			str_appendf(&out, "%c", c);
	}
	return out;
}

bool str_starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

bool str_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

void ptr_remove(void **v, size_t *nr, const void *p)
{
	for (size_t i = 0; i < *nr; i++) {
		if (v[i] == p) {
			v[i] = v[--*nr];
			return;
		}
	}
}

void grow_array(void **array, size_t *alloc, size_t n, size_t elem)
{
	size_t want;

	if (n < *alloc)
		return;
	want = *alloc ? *alloc * 2 : 16;
	while (want <= n)
		want *= 2;
	*array = xrealloc(*array, want * elem);
	memset((char *)*array + *alloc * elem, 0, (want - *alloc) * elem);
	*alloc = want;
}

void strlist_add(struct strlist *l, const char *s)
{
	GROW(l->v, l->alloc, l->nr);
	l->v[l->nr++] = xstrdup(s);
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void str_appendf(char **s, const char *fmt, ...)
{
	size_t len = *s ? strlen(*s) : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("str_appendf: bad format");
	*s = xrealloc(*s, len + n + 1);
	va_start(ap, fmt);
	vsnprintf(*s + len, n + 1, fmt, ap);
	va_end(ap);
}

void str_append_word(char **s, const char *word)
{
	str_appendf(s, "%s%s", *s && **s ? " " : "", word);
}

/* A whole file, NUL-terminated (its size in *size), or NULL if it cannot be opened. */
char *read_file(const char *path, size_t *size)
{
	/* O_NONBLOCK: a FIFO in place of a file must not hang the open. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t done = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st))
		die("%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return NULL;
	}
	buf = xmalloc(st.st_size + 1);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n <= 0)
			die("%s: %s", path, n ? strerror(errno) : "short read");
		done += n;
	}
	buf[done] = '\0';
	close(fd);
	if (size)
		*size = done;
	return buf;
}

/* Whether both files can be read and hold the same bytes. */
bool files_equal(const char *a, const char *b)
{
	size_t na, nb;
	char *x = read_file(a, &na), *y = read_file(b, &nb);
	bool same = x && y && na == nb && !memcmp(x, y, na);

	free(x);
	free(y);
	return same;
}
