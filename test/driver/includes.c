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
	 * file a header names in #define TRACE_SYSTEM or TRACE_INCLUDE_FILE.
	 * None names b.h, so none of these reads it.
	 */
	{ "view/include/trace/define_trace.h", "#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)\n" },
	{ "view/include/trace/events/ev.h", "#define TRACE_SYSTEM ev\n#include <trace/define_trace.h>\n" },
	{ "view/fs/t/trace.h", "# define TRACE_INCLUDE_FILE ../t/trace\n#include <trace/define_trace.h>\n" },
	{ "view/fs/t/u10.c", "#include <trace/events/ev.h>\n#include \"trace.h\"\n" },
	{ "view/fs/t/u11.c", "#include \"ev2.h\"\n" },
	{ "view/fs/t/ev2.h", "#define GENL_MAGIC_INCLUDE_FILE <linux/genl.h>\n#include <trace/define_trace.h>\n" },
	/* not readers: a file nothing names, another header, a name in no search directory, a comment */
	{ "view/fs/x/unnamed.inc", "#include <linux/b.h>\n" },
	{ "view/fs/z/u4.c", "#include <linux/c.h>\n#include <b.h>\n/* #include <linux/b.h> */\n" },
	{ "view/fs/z/other.h", "#include \"b.h\"\n" },
	{ "view/fs/z/u9.c", "#include \"other.h\"\n" },
};

static const char *const readers[] = {
	"include/linux/b.h", "include/linux/a.h", "u1.c", "fs/x/local.h", "fs/x/u2.c",
	"fs/y/w.h", "fs/y/u3.c", "fs/x/t.inc", "fs/x/u5.c",
	"fs/z/u6.c", "fs/z/u7.c", "gen/g.h", "u8.c",
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

/*
 * A header a #define of the trace form names is read by define_trace.h,
 * and so by every file that includes that: all the trace headers and u10.
 */
static int trace_readers(const struct include_graph *g, const char *header)
{
	static const char *const want[] = {
		"include/trace/define_trace.h", "include/trace/events/ev.h", "fs/t/trace.h",
		"fs/t/u10.c", "fs/t/ev2.h", "fs/t/u11.c",
	};
	struct strmap found;
	int bad = 0;

	strmap_init(&found, 64);
	possible_readers(g, header, &found);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (!strmap_find(&found, want[i])) {
			printf("not ok - %s is a reader of %s\n", want[i], header);
			bad++;
		}
	if (strmap_find(&found, "u1.c")) {
		printf("not ok - u1.c is no reader of %s\n", header);
		bad++;
	}
	if (!bad)
		printf("ok - includes: %s, which a #define TRACE_... names, is read through define_trace.h\n",
		       header);
	strmap_free_keys(&found);
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
	bad += trace_readers(g, "fs/t/trace.h");
	bad += trace_readers(g, "include/trace/events/ev.h");
	include_graph_free(g);
	strlist_free(&commands);
	free(cmd);
	if (nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS))
		bad++;
	free(k.view);
	free(k.objdir);
	return bad ? 1 : 0;
}
