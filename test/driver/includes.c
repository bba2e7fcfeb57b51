// SPDX-License-Identifier: GPL-2.0
/*
 * includes.c on a small tree: which files may read include/linux/b.h.
 * Each reader below is reached by one rule of the reading; the test fails
 * when a rule is removed (a reader missing) or when a file that cannot
 * read the header is taken (a reader too many).
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "fail.h"
#include "includes.h"
#include "run.h"

static const char *const files[][2] = {
	{ "view/include/linux/b.h", "#define B 1\n" },
	{ "view/include/linux/a.h", "#include <linux/b.h>\n" },
	{ "view/include/linux/c.h", "#include <linux/bb.h>\n" },
	/* a search directory */
	{ "view/u1.c", "#include <linux/a.h>\n" },
	/* the includer's directory */
	{ "view/fs/x/local.h", "#include <linux/b.h>\n" },
	{ "view/fs/x/u2.c", "  #  include \"local.h\"\n" },
	/* through a macro: may read anything */
	{ "view/fs/y/w.h", "#include FOO_HEADER\n" },
	{ "view/fs/y/u3.c", "#include \"w.h\"\n" },
	/* a file that is no .c, .h or .S, read because it is named */
	{ "view/fs/x/t.inc", "#include <linux/b.h>\n" },
	{ "view/fs/x/u5.c", "#include \"t.inc\"\n" },
	/* #include_next, and a path that climbs */
	{ "view/fs/z/u6.c", "#include_next <linux/b.h>\n" },
	{ "view/fs/z/u7.c", "#include \"../../include/linux/b.h\"\n" },
	/* a search directory given relative to the object directory */
	{ "obj/gen/g.h", "#include <linux/b.h>\n" },
	{ "view/u8.c", "#include <g.h>\n" },
	/*
	 * The trace events' form: define_trace.h includes, through a macro, the
	 * file a header names in #define TRACE_INCLUDE_FILE (or TRACE_SYSTEM).
	 * A header naming itself is read again only where it was read already;
	 * wrap.h names another file, real.h.  None names b.h, so none of these
	 * reads it.
	 */
	{ "view/include/trace/define_trace.h", "#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)\n" },
	{ "view/include/trace/events/ev.h", "#define TRACE_SYSTEM ev\n#include <trace/define_trace.h>\n" },
	{ "view/fs/t/trace.h", "#define TRACE_SYSTEM t\n# define TRACE_INCLUDE_FILE ../t/trace\n"
	  "#include <trace/define_trace.h>\n" },
	{ "view/fs/t/u10.c", "#include <trace/events/ev.h>\n#include \"trace.h\"\n" },
	{ "view/fs/t/wrap.h", "#define TRACE_INCLUDE_FILE real\n#include <trace/define_trace.h>\n" },
	{ "view/fs/t/real.h", "#define R 1\n" },
	{ "view/fs/t/u11.c", "#include \"wrap.h\"\n" },
	/*
	 * Search directories are every unit's together: fs/q/u12.c's "loc.h"
	 * may be fs/p/loc.h, although only fs/p/u13.c searches fs/p.
	 */
	{ "view/fs/p/loc.h", "#include <linux/b.h>\n" },
	{ "view/fs/p/u13.c", "#include <loc.h>\n" },
	{ "view/fs/q/u12.c", "#include \"loc.h\"\n" },
	/* not readers: a file nothing names, another header, a name in no search directory, a comment */
	{ "view/fs/x/unnamed.inc", "#include <linux/b.h>\n" },
	{ "view/fs/z/u4.c", "#include <linux/c.h>\n#include <b.h>\n/* #include <linux/b.h> */\n" },
	{ "view/fs/z/other.h", "#include \"b.h\"\n" },
	{ "view/fs/z/u9.c", "#include \"other.h\"\n" },
};

static const char *const readers[] = {
	"include/linux/b.h", "include/linux/a.h", "u1.c", "fs/x/local.h", "fs/x/u2.c",
	"fs/y/w.h", "fs/y/u3.c", "fs/x/t.inc", "fs/x/u5.c",
	"fs/z/u6.c", "fs/z/u7.c", "gen/g.h", "u8.c", "fs/p/loc.h", "fs/p/u13.c", "fs/q/u12.c",
};

static bool is_reader(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
		if (!strcmp(readers[i], path))
			return true;
	return false;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void make_file(const char *root, const char *path, const char *text)
{
	char *full = xasprintf("%s/%s", root, path);
	FILE *f;

	for (char *s = strchr(full + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(full, 0755);
		*s = '/';
	}
	f = fopen(full, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		fail(1, "cannot write %s", full);
	free(full);
}

/* possible_readers() of header: exactly want. */
static int readers_are(const struct include_graph *g, const char *header, const char *const *want,
		       size_t nr)
{
	struct strmap found;
	int bad = 0;

	strmap_init(&found, 64);
	possible_readers(g, header, &found);
	for (size_t i = 0; i < nr; i++)
		if (!strmap_find(&found, want[i])) {
			printf("not ok - %s is a reader of %s\n", want[i], header);
			bad++;
		}
	if (found.count != nr) {
		printf("not ok - %zu readers of %s, not %zu:", found.count, header, nr);
		for (size_t b = 0; b < found.nbuckets; b++)
			for (struct strmap_node *n = found.buckets[b]; n; n = n->next)
				printf(" %s", n->key);
		putchar('\n');
		bad++;
	}
	strmap_free_keys(&found);
	return bad;
}

/*
 * The trace form: a header naming itself is read by its includers alone;
 * a file another's #define names, by define_trace.h and all that include it.
 */
static int trace_readers(const struct include_graph *g)
{
	/* and, as for every header, w.h, which includes through another macro, and u3.c */
	static const char *const self[] = { "fs/t/trace.h", "fs/t/u10.c", "fs/y/w.h", "fs/y/u3.c" };
	static const char *const named[] = {
		"fs/t/real.h", "include/trace/define_trace.h", "include/trace/events/ev.h",
		"fs/t/trace.h", "fs/t/wrap.h", "fs/t/u10.c", "fs/t/u11.c", "fs/y/w.h", "fs/y/u3.c",
	};
	int bad = readers_are(g, "fs/t/trace.h", self, ARRAY_SIZE(self)) +
		  readers_are(g, "fs/t/real.h", named, ARRAY_SIZE(named));

	if (!bad)
		printf("ok - includes: a trace header naming itself is read by its includers, "
		       "a file another names through define_trace.h\n");
	return bad;
}

/* Units, the header, the search directory each has besides include/, and whether it reads it. */
static const struct {
	const char *src, *dir, *header;
	bool reads;
} unit_cases[] = {
	/* fs/p/u13.c searches fs/p: its <loc.h> is fs/p/loc.h; fs/q/u12.c does not: its "loc.h" is none */
	{ "fs/p/u13.c", "fs/p", "include/linux/b.h", true },
	{ "fs/q/u12.c", "fs/q", "include/linux/b.h", false },
	/* "local.h" beside the includer */
	{ "fs/x/u2.c", "fs/q", "include/linux/b.h", true },
	/* through an unknown macro: anything */
	{ "fs/y/u3.c", "fs/q", "include/linux/b.h", true },
	/* through define_trace.h, the file wrap.h names (u10.c too: which file a unit names is not followed) */
	{ "fs/t/u11.c", "fs/q", "fs/t/real.h", true },
	{ "fs/t/u10.c", "fs/q", "fs/t/real.h", true },
	{ "u1.c", "fs/q", "fs/t/real.h", false },
};

/* unit_reads(): a unit reads by its own search directories, not every unit's. */
static int units_read(const struct include_graph *g, const char *view)
{
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(unit_cases); i++) {
		struct header_readers h = { .header = unit_cases[i].header };
		char *src = xasprintf("%s/%s", view, unit_cases[i].src);
		char *cmd = xasprintf("gcc -I%s/include -I%s/%s -c -o x.o %s", view, view,
				      unit_cases[i].dir, src);

		strmap_init(&h.readers, 64);
		possible_readers(g, h.header, &h.readers);
		macro_named_readers(g, &h.readers, &h.named);
		if (unit_reads(g, cmd, src, &h) != unit_cases[i].reads) {
			printf("not ok - %s searching %s %s %s\n", unit_cases[i].src, unit_cases[i].dir,
			       unit_cases[i].reads ? "reads" : "does not read", h.header);
			bad++;
		}
		strmap_free_keys(&h.readers);
		strlist_free(&h.named);
		free(cmd);
		free(src);
	}
	if (!bad)
		printf("ok - includes: %zu units, each reading by its own search directories\n",
		       ARRAY_SIZE(unit_cases));
	return bad;
}

int main(void)
{
	char root[] = "/tmp/includes-test.XXXXXX";
	struct strlist commands = { 0 };
	struct include_graph *g;
	struct strmap found;
	struct kpb_build k = { 0 };
	int bad = 0;
	char *cmd;

	progname = "includes";
	if (!mkdtemp(root))
		fail(1, "mkdtemp");
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		make_file(root, files[i][0], files[i][1]);
	k.view = xasprintf("%s/view", root);
	k.objdir = xasprintf("%s/obj", root);
	cmd = xasprintf("gcc -Wp,-MMD,u1.o.d -I%s/include -I ./gen -D__KERNEL__ -c -o u1.o %s/u1.c",
			k.view, k.view);
	strlist_add(&commands, cmd);
	free(cmd);
	cmd = xasprintf("gcc -I%s/include -I%s/fs/p -c -o fs/p/u13.o %s/fs/p/u13.c", k.view, k.view, k.view);
	strlist_add(&commands, cmd);
	g = include_graph_read(&commands, k.view, k.objdir);
	strmap_init(&found, 64);
	possible_readers(g, "include/linux/b.h", &found);
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++) {
		if (!strmap_find(&found, readers[i])) {
			printf("not ok - %s is a reader\n", readers[i]);
			bad++;
		}
	}
	for (size_t b = 0; b < found.nbuckets; b++)
		for (struct strmap_node *n = found.buckets[b]; n; n = n->next) {
			if (!is_reader(n->key)) {
				printf("not ok - %s is no reader\n", n->key);
				bad++;
			}
		}
	if (!bad)
		printf("ok - includes: the %zu readers of include/linux/b.h, and no other file\n",
		       ARRAY_SIZE(readers));
	strmap_free_keys(&found);
	bad += trace_readers(g);
	bad += units_read(g, k.view);
	include_graph_free(g);
	strlist_free(&commands);
	free(cmd);
	if (nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS))
		bad++;
	free(k.view);
	free(k.objdir);
	return bad ? 1 : 0;
}
