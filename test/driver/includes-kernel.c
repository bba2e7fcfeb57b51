// SPDX-License-Identifier: GPL-2.0
/*
 * includes.c against what a real build read: for a sample of the headers
 * the units of a built kernel read (kbuild's .cmd records list every file a
 * compile read), every unit that read one must be among its candidates
 * (unit_may_read() and unit_reads() over possible_readers()), or a header
 * patch would miss a user.  Usage: includes-kernel BUILD_DIR SOURCE_DIR [EVERY]: a header
 * in EVERY (default 20) of those read, and every trace event header.
 * Prints how many units read the sampled headers and how many were
 * candidates: how close the reading is.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "fail.h"
#include "includes.h"

/* One compiled unit: its command, its source, the files it read (tree-relative). */
struct unit_record {
	char *cmd, *src;
	struct strmap read;
};

static struct unit_record *units;
static size_t nr_units, alloc_units;
static const char *view, *objdir;
static struct strmap headers;

/* "KEY := VALUE" on the line at p, if it starts with prefix: VALUE, allocated. */
static char *value_of(const char *p, const char *prefix)
{
	const char *v;

	if (strncmp(p, prefix, strlen(prefix)) || !(v = strstr(p, " := ")))
		return NULL;
	v += 4;
	return xasprintf("%.*s", (int)strcspn(v, "\n"), v);
}

/* The files of a deps_ list: its lines after the first, up to an empty one. */
static void read_deps(struct unit_record *u, const char *p)
{
	for (p = strchr(p, '\n'); p && p[1] == ' '; p = strchr(p + 1, '\n')) {
		const char *f = p + 1 + strspn(p + 1, " ");
		char *file, *rel;

		if (!strncmp(f, "$(wildcard", 10))
			continue;
		file = xasprintf("%.*s", (int)strcspn(f, " \\\n"), f);
		rel = tree_relative(view, objdir, file);
		if (rel && !strmap_find(&u->read, rel)) {
			strmap_add(&u->read, rel, NULL);
			if (str_ends(rel, ".h") && !strmap_find(&headers, rel))
				strmap_add(&headers, xstrdup(rel), NULL);
		} else {
			free(rel);
		}
		free(file);
	}
}

static void read_record(const char *path)
{
	char *text = read_file(path, NULL), *cmd = NULL, *src = NULL;
	const char *deps = NULL;

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!cmd && (cmd = value_of(p, "cmd_")) &&
		    (!strstr(cmd, " -D__KERNEL__ ") || !strstr(cmd, " -c -o ") || !strstr(cmd, "-Wp,-MMD,"))) {
			free(cmd);
			free(text);
			return;		/* a link, an assembler file or a host program */
		}
		if (!src)
			src = value_of(p, "source_");
		if (!strncmp(p, "deps_", 5))
			deps = p;
	}
	if (cmd && src && deps) {
		struct unit_record *u;
		char *rel = tree_relative(view, objdir, src);

		if (!rel)
			fail(1, "%s: the source %s is in neither %s nor %s", path, src, view, objdir);
		free(rel);

		GROW(units, alloc_units, nr_units);
		u = &units[nr_units++];
		*u = (struct unit_record){ .cmd = cmd, .src = src };
		strmap_init(&u->read, 1024);
		read_deps(u, deps);
	} else {
		free(cmd);
		free(src);
	}
	free(text);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *name = path + ftw->base;

	(void)st;
	if (type == FTW_F && name[0] == '.' && str_ends(name, ".o.cmd"))
		read_record(path);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 if a unit that read header is not among its candidates. */
static int check_header(const struct include_graph *g, const char *header, size_t *users,
			size_t *candidates)
{
	struct header_readers h = { .header = header };
	int missed = 0;

	strmap_init(&h.readers, 4096);
	possible_readers(g, header, &h.readers);
	macro_named_readers(g, &h.readers, &h.named);
	for (size_t i = 0; i < nr_units; i++) {
		bool read = strmap_find(&units[i].read, header) != NULL;
		bool candidate = unit_may_read(view, objdir, units[i].cmd, units[i].src, &h.readers) &&
				 unit_reads(g, units[i].cmd, units[i].src, &h);

		*users += read;
		*candidates += candidate;
		if (read && !candidate && !missed++)
			printf("not ok - %s read %s, but is not among its candidates\n",
			       units[i].src, header);
	}
	strmap_free_keys(&h.readers);
	strlist_free(&h.named);
	return missed != 0;
}

int main(int argc, char **argv)
{
	struct strlist commands = { 0 }, sample = { 0 };
	size_t every = argc > 3 ? strtoul(argv[3], NULL, 10) : 20, users = 0, candidates = 0;
	struct include_graph *g;
	const char **names;
	size_t n = 0;
	int bad = 0;

	if (argc < 3 || !every)
		fail(2, "usage: includes-kernel BUILD_DIR SOURCE_DIR [EVERY]");
	progname = "includes-kernel";
	/* the records name files by their real paths */
	objdir = realpath(argv[1], NULL);
	view = realpath(argv[2], NULL);
	if (!objdir || !view)
		fail(2, "%s or %s does not exist", argv[1], argv[2]);
	strmap_init(&headers, 1 << 14);
	if (nftw(objdir, visit, 64, FTW_PHYS))
		fail(1, "cannot read %s", objdir);
	if (!nr_units)
		fail(1, "%s: no compile records (.*.o.cmd)", objdir);
	for (size_t i = 0; i < nr_units; i++)
		strlist_add(&commands, units[i].cmd);
	g = include_graph_read(&commands, view, objdir);
	names = xcalloc(headers.count, sizeof(*names));
	for (size_t b = 0; b < headers.nbuckets; b++)
		for (struct strmap_node *node = headers.buckets[b]; node; node = node->next)
			names[n++] = node->key;
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++)
		if (i % every == 0 || str_starts(names[i], "include/trace/events/"))
			strlist_add(&sample, names[i]);
	for (size_t i = 0; i < sample.nr; i++)
		bad += check_header(g, sample.v[i], &users, &candidates);
	if (!bad)
		printf("ok - includes on a built kernel: %zu of the %zu headers its %zu units read, "
		       "each reader among the candidates (%zu reads, %zu candidates)\n",
		       sample.nr, n, nr_units, users, candidates);
	include_graph_free(g);
	return bad ? 1 : 0;
}
