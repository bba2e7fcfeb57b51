// SPDX-License-Identifier: GPL-2.0
/*
 * Which files of a tree may read a header, from the text of every file:
 * a superset of what the preprocessor reads, so the dependency scan
 * (depscan.c) preprocesses only the units that can be among the header's
 * users instead of every unit of the configuration.
 *
 * An #include or #include_next names a path that resolves against the
 * includer's directory (quoted form) or a search directory; the search
 * directories are every -I, -iquote, -isystem and -idirafter of every unit
 * (their union: more than any one unit searches).  A file whose #include
 * names a macro of a form the kernel uses (macro_includes[]: the trace
 * events' TRACE_INCLUDE) reads the files some #define of that form names,
 * by their last component; through any other macro, it may read anything,
 * and is taken as a reader of every header.  Paths are relative to the
 * source tree or the object directory; one relative path in both stands
 * for either file.
 *
 * C, header and assembler files are read; any other file only once an
 * #include names it by its last component, since nothing else can read it
 * (through a macro, only files already taken as readers of everything).
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <string.h>

#include "context.h"
#include "depscan.h"
#include "fail.h"
#include "includes.h"

/* One #include of a file. */
struct include {
	char *from;		/* the including file */
	char *path;		/* as written, normalized */
	bool quoted;
};

/* The includes that name one last path component. */
struct includes {
	struct include **v;
	size_t nr, alloc;
};

struct include_graph {
	struct strmap by_name;	/* last path component -> struct includes */
	struct strmap by_from;	/* including file -> struct includes */
	struct strmap files;	/* every file of both trees */
	struct strmap dirs;	/* search directories */
	struct strlist wild;	/* files that include through an unknown macro */
	struct strlist through;	/* files that include through a macro of macro_includes[] */
	struct strmap defined;	/* last components the #defines of those macros name */
	struct strmap unread;	/* last component -> path of a file not read yet */
	const char **named;	/* last components #include lines name, in order */
	size_t nr_named, alloc_named;
	size_t skip;		/* length of the root being walked, with its '/' */
	const char *view, *objdir;	/* the trees its paths are relative to */
};

static struct include_graph *walking;

/*
 * #include lines that name a macro, in the kernel's forms: the macro the
 * line starts with, and the macros whose #define names the file (a bare
 * name gets suffix).  The trace events: a header defines TRACE_SYSTEM (or
 * TRACE_INCLUDE_FILE, and TRACE_INCLUDE_PATH) and includes
 * trace/define_trace.h, which includes it again through TRACE_INCLUDE.
 */
static const struct {
	const char *macro;
	const char *defines[2];
	const char *suffix;
} macro_includes[] = {
	{ "TRACE_INCLUDE", { "TRACE_INCLUDE_FILE", "TRACE_SYSTEM" }, ".h" },
	{ "GENL_MAGIC_INCLUDE_FILE", { "GENL_MAGIC_INCLUDE_FILE", NULL }, "" },
};

static const char *last_component(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The length of the identifier at p (up to end). */
static size_t ident_len(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') ||
			       (p[n] >= 'A' && p[n] <= 'Z') || (n && p[n] >= '0' && p[n] <= '9')))
		n++;
	return n;
}

/* Whether the #include at p names a macro of macro_includes[]. */
static bool known_macro_include(const char *p, const char *end)
{
	size_t n = ident_len(p, end);

	for (size_t i = 0; n && i < ARRAY_SIZE(macro_includes); i++)
		if (strlen(macro_includes[i].macro) == n && !strncmp(p, macro_includes[i].macro, n))
			return true;
	return false;
}

/* The files one file's #defines of macro_includes[] name: by row, the first define's that it has. */
struct file_defines {
	char *names[ARRAY_SIZE(macro_includes)];
	size_t rank[ARRAY_SIZE(macro_includes)];
};

/* "#define NAME VALUE" at p (after the '#'): the file VALUE names, if NAME is of macro_includes[]. */
static void read_define(struct file_defines *fd, const char *p, const char *end)
{
	size_t n;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	n = ident_len(p, end);
	for (size_t i = 0; n && i < ARRAY_SIZE(macro_includes); i++)
		for (size_t d = 0; d < ARRAY_SIZE(macro_includes[i].defines); d++) {
			const char *name = macro_includes[i].defines[d], *v = p + n, *last;
			size_t len;

			if (!name || strlen(name) != n || strncmp(p, name, n) ||
			    (fd->names[i] && fd->rank[i] <= d))
				continue;
			while (v < end && (*v == ' ' || *v == '\t' || *v == '<' || *v == '"'))
				v++;
			len = strcspn(v, " \t\n\r>\"/");
			for (last = v; v + len < end && v[len] == '/'; len = strcspn(v, " \t\n\r>\"/"))
				last = v = v + len + 1;
			if (!len)
				continue;
			free(fd->names[i]);
			fd->names[i] = xasprintf("%.*s%s", (int)len, last,
						 memchr(last, '.', len) ? "" : macro_includes[i].suffix);
			fd->rank[i] = d;
		}
}

/*
 * The files from's #defines name, into g->defined, but for from itself: a
 * trace header names itself, and define_trace.h reads it again in a unit
 * that read it already.
 */
static void add_defined(struct include_graph *g, const char *from, struct file_defines *fd)
{
	for (size_t i = 0; i < ARRAY_SIZE(macro_includes); i++) {
		char *file = fd->names[i];

		if (!file || !strcmp(file, last_component(from)) || strmap_find(&g->defined, file))
			free(file);
		else
			strmap_add(&g->defined, file, NULL);
	}
}

/* a/./b/../c -> a/c; ".." above the start stays (../x names no file of the tree). */
static char *normalize(const char *path)
{
	char *out = xmalloc(strlen(path) + 1), *o = out;

	while (*path) {
		size_t n = strcspn(path, "/");
		char *last = o > out ? o - 1 : out;

		while (last > out && last[-1] != '/')
			last--;
		if (n == 2 && !strncmp(path, "..", 2) && o > out && strncmp(last, "../", 3)) {
			o = last;
		} else if (n && !(n == 1 && *path == '.')) {
			memcpy(o, path, n);
			o += n;
			*o++ = '/';
		}
		path += n + (path[n] == '/');
	}
	if (o > out)
		o--;
	*o = 0;
	return out;
}

/* path joined to dir, normalized. */
static char *join(const char *dir, size_t dirlen, const char *path)
{
	char *full = xasprintf("%.*s%s%s", (int)dirlen, dir, dirlen ? "/" : "", path);
	char *norm = normalize(full);

	free(full);
	return norm;
}

/* inc into the list of map under key. */
static void index_include(struct strmap *map, const char *key, struct include *inc)
{
	struct includes *list = strmap_get(map, key);

	if (!list) {
		list = xcalloc(1, sizeof(*list));
		strmap_add(map, key, list);
	}
	GROW(list->v, list->alloc, list->nr);
	list->v[list->nr++] = inc;
}

static void add_include(struct include_graph *g, const char *from, const char *path, bool quoted)
{
	struct include *inc = xcalloc(1, sizeof(*inc));

	inc->from = xstrdup(from);
	inc->path = normalize(path);
	inc->quoted = quoted;
	index_include(&g->by_name, last_component(inc->path), inc);
	index_include(&g->by_from, inc->from, inc);
	GROW(g->named, g->alloc_named, g->nr_named);
	g->named[g->nr_named++] = last_component(inc->path);
}

/* The #include lines of one file's text. */
static void read_includes(struct include_graph *g, const char *from, const char *text, size_t size)
{
	const char *p = text, *end = text + size;
	struct file_defines fd = { 0 };

	for (; p < end; p = memchr(p, '\n', end - p), p = p ? p + 1 : end) {
		const char *q = p, *close;

		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= end || *q != '#')
			continue;
		for (q++; q < end && (*q == ' ' || *q == '\t'); q++)
			;
		if (end - q >= 6 && !strncmp(q, "define", 6)) {
			read_define(&fd, q + 6, end);
			continue;
		}
		if (end - q < 7 || strncmp(q, "include", 7))
			continue;
		q += 7;
		if (end - q >= 5 && !strncmp(q, "_next", 5))
			q += 5;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < end && (*q == '<' || *q == '"')) {
			close = memchr(q + 1, *q == '<' ? '>' : '"', end - q - 1);
			if (close && close > q + 1 && !memchr(q + 1, '\n', close - q - 1)) {
				char *path = xasprintf("%.*s", (int)(close - q - 1), q + 1);

				add_include(g, from, path, *q == '"');
				free(path);
				continue;
			}
		}
		if (known_macro_include(q, end)) {
			if (!strlist_has(&g->through, from))
				strlist_add(&g->through, from);
			continue;
		}
		/* #include MACRO (or something this reading cannot tell): anything */
		if (q < end && *q != '\n' && !strlist_has(&g->wild, from))
			strlist_add(&g->wild, from);
	}
	add_defined(g, from, &fd);
}

static void read_one(struct include_graph *g, const char *path, size_t skip)
{
	size_t size;
	char *text = read_file(path, &size);

	/* objects and other binaries hold no #include that counts */
	if (text && !memchr(text, 0, size < 4096 ? size : 4096) && memmem(text, size, "include", 7))
		read_includes(g, path + skip, text, size);
	free(text);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *name = path + ftw->base;

	(void)st;
	if (type == FTW_D && (!strcmp(name, ".git") || !strcmp(name, DEPS_DIR)))
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F)
		return FTW_CONTINUE;
	if (!strmap_find(&walking->files, path + walking->skip))
		strmap_add(&walking->files, xstrdup(path + walking->skip), NULL);
	if (str_ends(name, ".c") || str_ends(name, ".h") || str_ends(name, ".S"))
		read_one(walking, path, walking->skip);
	else
		strmap_add(&walking->unread, xstrdup(path), (void *)walking->skip);
	return FTW_CONTINUE;
}

static void read_tree(struct include_graph *g, const char *root)
{
	walking = g;
	g->skip = strlen(root) + 1;
	if (nftw(root, visit, 64, FTW_PHYS | FTW_ACTIONRETVAL))
		fail(EXIT_ERROR, "cannot read the tree %s", root);
	walking = NULL;
}

/* The other files that #include lines name, until no new name comes up. */
static void read_named(struct include_graph *g)
{
	struct strmap by_last;

	strmap_init(&by_last, g->unread.count);
	for (size_t b = 0; b < g->unread.nbuckets; b++)
		for (struct strmap_node *n = g->unread.buckets[b]; n; n = n->next)
			strmap_add(&by_last, last_component(n->key), n);
	for (size_t i = 0; i < g->nr_named; i++) {
		struct strmap_node *n;

		while ((n = strmap_find(&by_last, g->named[i]))) {
			struct strmap_node *file = n->value;

			strmap_remove(&by_last, n->key, file);
			read_one(g, file->key, (size_t)file->value);
		}
	}
	strmap_free(&by_last);
}

char *tree_relative(const char *view, const char *objdir, const char *path)
{
	const char *roots[] = { view, objdir };

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
		size_t n = strlen(roots[i]);

		if (!strncmp(path, roots[i], n) && (path[n] == '/' || !path[n]))
			return normalize(path[n] ? path + n + 1 : "");
	}
	return path[0] == '/' ? NULL : normalize(path);
}

static const char *const dir_options[] = { "-I", "-iquote", "-isystem", "-idirafter" };

/*
 * The search directories of a compile command, tree-relative, in its
 * order; those outside both trees name none of their files.
 */
static void command_dirs(const struct include_graph *g, const char *cmd, struct strlist *dirs)
{
	for (const char *p = cmd; (p = strchr(p, '-')); p++)
		for (size_t o = 0; o < ARRAY_SIZE(dir_options); o++) {
			size_t n = strlen(dir_options[o]);
			const char *arg = p + n;
			char *dir, *rel;

			if ((p != cmd && p[-1] != ' ') || strncmp(p, dir_options[o], n))
				continue;
			while (*arg == ' ')
				arg++;
			dir = xasprintf("%.*s", (int)strcspn(arg, " "), arg);
			rel = tree_relative(g->view, g->objdir, dir);
			if (rel && !strlist_has(dirs, rel))
				strlist_add(dirs, rel);
			free(rel);
			free(dir);
			break;
		}
}

/* Every search directory in the compile commands of the dry run. */
static void read_dirs(struct include_graph *g, const struct strlist *commands)
{
	for (size_t c = 0; c < commands->nr; c++) {
		struct strlist dirs = { 0 };

		command_dirs(g, commands->v[c], &dirs);
		for (size_t i = 0; i < dirs.nr; i++)
			if (!strmap_find(&g->dirs, dirs.v[i]))
				strmap_add(&g->dirs, xstrdup(dirs.v[i]), NULL);
		strlist_free(&dirs);
	}
}

/* Does inc, in its file, name the file at path? */
static bool names(const struct include_graph *g, const struct include *inc, const char *path)
{
	size_t len = strlen(path), n = strlen(inc->path);
	const char *from = inc->from, *slash = strrchr(from, '/');
	bool found = false;
	char *full;

	if (inc->quoted) {
		full = join(from, slash ? (size_t)(slash - from) : 0, inc->path);
		found = !strcmp(full, path);
		free(full);
		if (found)
			return true;
	}
	if (!str_starts(inc->path, "../")) {
		if (len == n)
			return !strcmp(path, inc->path) && strmap_find(&g->dirs, "");
		if (len < n + 1 || path[len - n - 1] != '/' || strcmp(path + len - n, inc->path))
			return false;
		full = xasprintf("%.*s", (int)(len - n - 1), path);
		found = strmap_find(&g->dirs, full) != NULL;
		free(full);
		return found;
	}
	for (size_t b = 0; !found && b < g->dirs.nbuckets; b++)
		for (struct strmap_node *d = g->dirs.buckets[b]; !found && d; d = d->next) {
			full = join(d->key, strlen(d->key), inc->path);
			found = !strcmp(full, path);
			free(full);
		}
	return found;
}

static void add_reader(struct strmap *readers, struct strlist *work, const char *path)
{
	if (strmap_find(readers, path))
		return;
	strmap_add(readers, xstrdup(path), NULL);
	strlist_add(work, path);
}

void possible_readers(const struct include_graph *g, const char *header, struct strmap *readers)
{
	struct strlist work = { 0 };
	bool through = false;

	add_reader(readers, &work, header);
	for (size_t i = 0; i < g->wild.nr; i++)
		add_reader(readers, &work, g->wild.v[i]);
	while (work.nr) {
		char *path = work.v[--work.nr];
		const struct includes *list = strmap_get(&g->by_name, last_component(path));

		/* a file a #define of macro_includes[] names: read through those macros */
		if (!through && strmap_find(&g->defined, last_component(path))) {
			through = true;
			for (size_t i = 0; i < g->through.nr; i++)
				add_reader(readers, &work, g->through.v[i]);
		}
		for (size_t k = 0; list && k < list->nr; k++) {
			const struct include *inc = list->v[k];

			if (!strmap_find(readers, inc->from) && names(g, inc, path))
				add_reader(readers, &work, inc->from);
		}
		free(path);
	}
	strlist_free(&work);
}

/* Into out: the files of the trees inc may name for a unit searching dirs. */
static void resolve(const struct include_graph *g, const struct include *inc,
		    const struct strlist *dirs, struct strlist *out)
{
	const char *slash = strrchr(inc->from, '/');
	char *full;

	full = inc->quoted ? join(inc->from, slash ? (size_t)(slash - inc->from) : 0, inc->path) : NULL;
	if (full && strmap_find(&g->files, full))
		strlist_add(out, full);
	free(full);
	/* all of them, not the first: #include_next reads a later one */
	for (size_t i = 0; i < dirs->nr; i++) {
		full = join(dirs->v[i], strlen(dirs->v[i]), inc->path);
		if (strmap_find(&g->files, full) && !strlist_has(out, full))
			strlist_add(out, full);
		free(full);
	}
}

void macro_named_readers(const struct include_graph *g, const struct strmap *readers,
			 struct strlist *named)
{
	for (size_t b = 0; b < readers->nbuckets; b++)
		for (struct strmap_node *n = readers->buckets[b]; n; n = n->next)
			if (strmap_find(&g->defined, last_component(n->key)))
				strlist_add(named, n->key);
}

/*
 * Whether file, read by a unit searching dirs, may lead to header: through
 * an unknown macro, or an #include naming it.  Only readers
 * (possible_readers()) can lead to it: the files file may read are put on
 * work if they are; through a macro of macro_includes[], those are the
 * readers a #define of its form names.
 */
static bool leads_to(const struct include_graph *g, const char *file, const struct strlist *dirs,
		     const struct header_readers *h, struct strlist *work)
{
	const struct includes *list = strmap_get(&g->by_from, file);
	const char *header = h->header;
	const struct strmap *readers = &h->readers;
	bool found = strlist_has(&g->wild, file);

	for (size_t i = 0; strlist_has(&g->through, file) && i < h->named.nr; i++)
		strlist_add(work, h->named.v[i]);

	for (size_t k = 0; !found && list && k < list->nr; k++) {
		struct strlist named = { 0 };

		resolve(g, list->v[k], dirs, &named);
		for (size_t i = 0; !found && i < named.nr; i++) {
			found = !strcmp(named.v[i], header);
			if (strmap_find(readers, named.v[i]))
				strlist_add(work, named.v[i]);
		}
		strlist_free(&named);
	}
	return found;
}

/* Into files: what a unit's preprocessing starts from, its source and -include files, tree-relative. */
static void unit_start_files(const char *view, const char *objdir, const char *cmd, const char *src,
			     struct strlist *files)
{
	char *rel = tree_relative(view, objdir, src);

	if (rel)
		strlist_add(files, rel);
	free(rel);
	for (const char *p = cmd; (p = strstr(p, " -include ")); p += 10) {
		char *file = xasprintf("%.*s", (int)strcspn(p + 10, " "), p + 10);

		rel = tree_relative(view, objdir, file);
		if (rel)
			strlist_add(files, rel);
		free(rel);
		free(file);
	}
}

bool unit_reads(const struct include_graph *g, const char *cmd, const char *src,
		const struct header_readers *h)
{
	struct strlist dirs = { 0 }, work = { 0 };
	struct strmap seen;
	bool found = false;

	command_dirs(g, cmd, &dirs);
	unit_start_files(g->view, g->objdir, cmd, src, &work);
	strmap_init(&seen, 256);
	while (work.nr && !found) {
		char *file = work.v[--work.nr];

		if (strmap_find(&seen, file)) {
			free(file);
			continue;
		}
		strmap_add(&seen, file, NULL);
		found = !strcmp(file, h->header) || leads_to(g, file, &dirs, h, &work);
	}
	strmap_free_keys(&seen);
	strlist_free(&work);
	strlist_free(&dirs);
	return found;
}

bool unit_may_read(const char *view, const char *objdir, const char *cmd, const char *src,
		   const struct strmap *readers)
{
	struct strlist files = { 0 };
	bool found = false;

	unit_start_files(view, objdir, cmd, src, &files);
	for (size_t i = 0; i < files.nr && !found; i++)
		found = strmap_find(readers, files.v[i]) != NULL;
	strlist_free(&files);
	return found;
}

void include_graph_free(struct include_graph *g)
{
	for (size_t b = 0; b < g->by_name.nbuckets; b++)
		for (struct strmap_node *n = g->by_name.buckets[b]; n; n = n->next) {
			struct includes *list = n->value;

			for (size_t k = 0; k < list->nr; k++) {
				free(list->v[k]->from);
				free(list->v[k]->path);
				free(list->v[k]);
			}
			free(list->v);
			free(list);
		}
	strmap_free(&g->by_name);
	for (size_t b = 0; b < g->by_from.nbuckets; b++)
		for (struct strmap_node *n = g->by_from.buckets[b]; n; n = n->next) {
			struct includes *list = n->value;

			free(list->v);
			free(list);
		}
	strmap_free(&g->by_from);
	strmap_free_keys(&g->files);
	strmap_free_keys(&g->dirs);
	strmap_free_keys(&g->unread);
	strlist_free(&g->wild);
	strlist_free(&g->through);
	strmap_free_keys(&g->defined);
	free(g->named);
	free(g);
}

struct include_graph *include_graph_read(const struct strlist *commands, const char *view,
					 const char *objdir)
{
	struct include_graph *g = xcalloc(1, sizeof(*g));

	g->view = view;
	g->objdir = objdir;
	strmap_init(&g->by_name, 1 << 20);
	strmap_init(&g->by_from, 1 << 17);
	strmap_init(&g->files, 1 << 17);
	strmap_init(&g->dirs, 1024);
	strmap_init(&g->unread, 1 << 16);
	strmap_init(&g->defined, 1024);
	read_dirs(g, commands);
	read_tree(g, view);
	if (strcmp(view, objdir))
		read_tree(g, objdir);
	read_named(g);
	return g;
}
