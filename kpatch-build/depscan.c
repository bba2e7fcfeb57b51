// SPDX-License-Identifier: GPL-2.0
/*
 * Which translation units of the configured build read a header, without
 * building it: kbuild's dry run (make -n -k vmlinux modules) prints the
 * command of every object; the units that may read the header (includes.c,
 * from the text of the tree) run once as a preprocessor pass that records
 * the files they read (-M -MG), -j at a time.  The records stay in the
 * prepared tree (DEPS_DIR), so a unit is read once per kernel.  Units whose
 * source kbuild generates while building (vdso images, tables) cannot be
 * scanned; they are named.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <string.h>

#include "cache.h"
#include "context.h"
#include "depscan.h"
#include "disk.h"
#include "files.h"
#include "includes.h"
#include "kbuild.h"
#include "run.h"

/* "-c -o OBJ SRC" in a compile command: OBJ, or NULL. */
static char *object_of(const char *cmd)
{
	const char *p = strstr(cmd, " -c -o ");

	if (!p)
		return NULL;
	p += 7;
	return xasprintf("%.*s", (int)strcspn(p, " "), p);
}

/*
 * The dependency-scan form of a kernel C compile from the dry run (the
 * command up to its first ';': objtool and the rest follow), with the
 * object replaced by the list of files it reads; NULL when its source is
 * one kbuild generates while building.  *srcp and *objp: its source and
 * object.
 */
static char *scan_command(const char *objdir, const char *cmd0, char **srcp, char **objp)
{
	char *cmd = xstrdup(cmd0), *obj = object_of(cmd), *out, *scan, *depfile;
	const char *mmd = strstr(cmd, "-Wp,-MMD,");

	out = strstr(cmd, " -c -o ") + 7 + strlen(obj) + 1;
	*objp = obj;
	*srcp = xasprintf("%.*s", (int)strcspn(out, " "), out);
	out = **srcp == '/' ? xstrdup(*srcp) : xasprintf("%s/%s", objdir, *srcp);
	if (!file_exists(out)) {
		free(out);
		free(cmd);
		return NULL;
	}
	free(out);
	depfile = xasprintf("%.*s", (int)strcspn(mmd, " "), mmd);
	out = xasprintf("-c -o %s ", obj);
	scan = xasprintf("-M -MG -MF %s/%s.d.tmp -o /dev/null ", DEPS_DIR, obj);
	cmd = str_replace(cmd, out, scan, false);
	cmd = str_replace(cmd, depfile, "", false);
	free(scan);
	free(out);
	free(depfile);
	/*
	 * Headers kbuild generates while building are missing here (-MG lists
	 * them); code that checks their contents may then stop on #error, after
	 * the list of files is written: that list is what counts.  It is renamed
	 * into place whole, so that a record that is there is complete.
	 */
	scan = xasprintf("mkdir -p \"$(dirname %s/%s)\" && { %s 2>/dev/null || test -s %s/%s.d.tmp || "
			 "{ echo 'cannot read the includes of %s' >&2; exit 1; }; } && mv %s/%s.d.tmp %s/%s.d",
			 DEPS_DIR, obj, cmd, DEPS_DIR, obj, obj, DEPS_DIR, obj, DEPS_DIR, obj);
	free(cmd);
	return scan;
}

/*
 * kbuild's dry run of the configured build: every command it would run.
 * The prepared tree's configuration never changes, so the first is kept
 * there (DEPS_DIR/dry-run, written whole) for every later header patch.
 */
static const char *dry_run_text(const struct kpb_build *b)
{
	static char *dry;
	char *o, **argv, *kept;
	/* -k: parts that cannot be built here (signing keys) do not stop the listing */
	char *args[] = { "-n", "-k", NULL, "vmlinux", "modules", NULL };

	if (dry)
		return dry;
	kept = xasprintf("%s/%s/dry-run", b->objdir, DEPS_DIR);
	dry = read_file(kept, NULL);
	if (dry) {
		fprintf(stderr, "%s: kbuild's dry run of this configuration: the one kept in %s\n",
			progname, kept);
	} else {
		o = args[2] = xasprintf("O=%s", b->objdir);
		argv = make_argv(&b->make_vars, b->view, args);
		dry = run_capture_any(NULL, argv, NULL);
		free(argv);
		free(o);
		if (dry && strstr(dry, " -c -o ")) {
			make_parents(kept);
			if (!replace_file(kept, dry, strlen(dry), 0644))
				fprintf(stderr, "%s: kbuild's dry run of this configuration: kept in %s "
					"for later header patches\n", progname, kept);
		}
	}
	free(kept);
	return dry;
}

/*
 * The next C compile kbuild runs in the dry run, from p: a command starts
 * a line or follows "; "; its copies for the .cmd file are quoted or
 * follow "savedcmd_X := ".
 */
static const char *next_compile(const char *dry, const char *p, const char *compiler)
{
	while (p && (p = strstr(p, compiler))) {
		if (p == dry || p[-1] == '\n' || (p - dry >= 2 && !strncmp(p - 2, "; ", 2)))
			return p;
		p += strlen(compiler);
	}
	return NULL;
}

/* Every C compile of kbuild's dry run, up to its first ';'. */
static void compiles(const struct kpb_build *b, struct strlist *commands)
{
	const char *dry = dry_run_text(b);
	char *compiler = xasprintf("%s -Wp,-MMD,", b->cc);

	for (const char *p = next_compile(dry, dry, compiler); p;
	     p = next_compile(dry, p + strlen(compiler), compiler)) {
		char *cmd = xasprintf("%.*s", (int)strcspn(p, ";\n"), p);

		if (strstr(cmd, " -D__KERNEL__ ") && strstr(cmd, " -c -o "))
			strlist_add(commands, cmd);
		free(cmd);
	}
	free(compiler);
}

static bool unit_of_configuration(const struct kpb_build *b, const char *obj)
{
	struct strlist commands = { 0 };
	bool found = false;

	compiles(b, &commands);
	for (size_t i = 0; i < commands.nr && !found; i++) {
		char *o = object_of(commands.v[i]);

		found = !strcmp(o, obj);
		free(o);
	}
	strlist_free(&commands);
	return found;
}

/*
 * kbuild compiles any object it is asked for, so an object outside the
 * configuration compiles in a prepared tree, and then matches nothing that
 * runs: say so instead of blaming the tree.
 */
void refuse_outside_configuration(const struct kpb_build *b, const char *obj)
{
	if (!unit_of_configuration(b, obj))
		fail(EXIT_BAD_INPUT, "%.*s.c is not compiled in this configuration (kbuild builds no %s "
		     "for it): a patch to it changes nothing in the running kernel",
		     (int)strlen(obj) - 2, obj, obj);
}

/* Runs the scan of each unit in todo that has no record yet; one per line, -j at a time. */
static void scan_units(const char *objdir, int nr_jobs, const struct strlist *todo)
{
	char *script = xasprintf("%s/%s.sh", objdir, DEPS_DIR), *jobs;
	struct cmd xargs = { 0 };
	FILE *f = fopen(script, "w");

	if (!f)
		fail(EXIT_ERROR, "%s: %s", script, strerror(errno));
	for (size_t i = 0; i < todo->nr; i++)
		fprintf(f, "%s\n", todo->v[i]);
	if (fclose(f))
		fail(EXIT_ERROR, "%s: %s", script, strerror(errno));
	jobs = xasprintf("%d", nr_jobs);
	/* one kbuild command line per line of the script, run by the shell */
	cmd_args(&xargs, "xargs", "-d", "\n", "-P", jobs, "-n", "1", "/bin/sh", "-c", NULL);
	xargs.in = xstrdup(script);
	if (run_cmd(objdir, &xargs))
		fail(EXIT_BUILD, "the dependency scan of %s failed: a unit of this configuration cannot "
		     "be preprocessed (named below); --full-build finds header users another way",
		     objdir);
	cmd_free(&xargs);
	free(jobs);
	free(script);
}

/* Does the scan record of obj list path? */
static bool record_lists(const char *objdir, const char *obj, const char *path)
{
	char *file = xasprintf("%s/%s/%s.d", objdir, DEPS_DIR, obj);
	char *text = read_file(file, NULL);
	size_t n = strlen(path);
	bool found = false;

	if (!text)
		fail(EXIT_ERROR, "%s: the scan wrote no record", file);
	for (const char *p = text; !found && (p = strstr(p, path)); p += n)
		found = strchr(" \n\\", p[n]) && (p == text || strchr(" \n", p[-1]));
	free(text);
	free(file);
	return found;
}

/* The units the scan cannot see, once per run. */
static void warn_generated(const struct strlist *generated)
{
	static bool warned;

	if (!generated->nr || warned)
		return;
	fprintf(stderr, "%s: warning: %zu units compile sources kbuild generates while building "
		"and were not scanned; a header change that reaches them is not patched there:\n",
		progname, generated->nr);
	for (size_t i = 0; i < generated->nr; i++)
		fprintf(stderr, "%s\n", generated->v[i]);
	warned = true;
}

/*
 * The objects of the configured build whose source reads header.  Only
 * the units that may read it (includes.c) are preprocessed; their records
 * stay in the prepared tree for the next header patch on this kernel.
 */
static void scan_users(const struct kpb_build *b, int jobs, const char *header,
		       struct strlist *objs)
{
	struct strlist commands = { 0 }, todo = { 0 }, candidates = { 0 }, generated = { 0 };
	char *abs = xasprintf("%s/%s", b->view, header);
	/* read once a run, whatever the number of headers */
	static struct include_graph *graph;
	struct header_readers h = { .header = header };

	compiles(b, &commands);
	if (!commands.nr)
		fail(EXIT_ERROR, "kbuild's dry run in %s listed no kernel objects", b->objdir);
	if (!graph)
		graph = include_graph_read(&commands, b->view, b->objdir);
	strmap_init(&h.readers, 4096);
	possible_readers(graph, header, &h.readers);
	macro_named_readers(graph, &h.readers, &h.named);
	for (size_t i = 0; i < commands.nr; i++) {
		char *src = NULL, *obj = NULL;
		char *scan = scan_command(b->objdir, commands.v[i], &src, &obj);

		if (!scan)
			strlist_add(&generated, obj);
		else if (unit_may_read(b->view, b->objdir, commands.v[i], src, &h.readers) &&
			 unit_reads(graph, commands.v[i], src, &h)) {
			char *record = xasprintf("%s/%s/%s.d", b->objdir, DEPS_DIR, obj);

			strlist_add(&candidates, obj);
			if (!file_exists(record))
				strlist_add(&todo, scan);
			free(record);
		}
		free(scan);
		free(src);
		free(obj);
	}
	fprintf(stderr, "%s: %s: %zu of the %zu units of this configuration may read it; "
		"reading the includes of %zu\n", progname, header, candidates.nr, commands.nr, todo.nr);
	if (todo.nr) {
		char *dir = xasprintf("%s/%s", b->objdir, DEPS_DIR);
		int lock = cache_lock(dir);

		scan_units(b->objdir, jobs, &todo);
		cache_unlock(lock);
		free(dir);
	}
	warn_generated(&generated);
	for (size_t i = 0; i < candidates.nr; i++)
		if (record_lists(b->objdir, candidates.v[i], abs) &&
		    !strlist_has(objs, candidates.v[i]))
			strlist_add(objs, candidates.v[i]);
	strmap_free_keys(&h.readers);
	strlist_free(&h.named);
	strlist_free(&generated);
	strlist_free(&candidates);
	strlist_free(&todo);
	strlist_free(&commands);
	free(abs);
}

/*
 * The users of header: scanned once per prepared tree, whose
 * configuration and sources never change, and kept there
 * (DEPS_DIR/users/HEADER, one object a line, written whole).
 */
void units_including(const struct kpb_build *b, int jobs, const char *header,
		     struct strlist *objs)
{
	char *kept = xasprintf("%s/%s/users/%s", b->objdir, DEPS_DIR, header);
	char *text = read_file(kept, NULL), *save = NULL;
	struct strlist users = { 0 };

	if (text) {
		for (char *u = strtok_r(text, "\n", &save); u; u = strtok_r(NULL, "\n", &save))
			strlist_add(&users, u);
		fprintf(stderr, "%s: %s: its users as an earlier scan found them (%s)\n", progname,
			header, kept);
	} else {
		scan_users(b, jobs, header, &users);
		text = xstrdup("");
		for (size_t i = 0; i < users.nr; i++)
			str_appendf(&text, "%s\n", users.v[i]);
		make_parents(kept);
		replace_file(kept, text, strlen(text), 0644);
	}
	for (size_t i = 0; i < users.nr; i++)
		if (!strlist_has(objs, users.v[i]))
			strlist_add(objs, users.v[i]);
	strlist_free(&users);
	free(text);
	free(kept);
}
