// SPDX-License-Identifier: GPL-2.0
/*
 * Which translation units of the configured build read a header, without
 * building it: kbuild's dry run (make -n -k vmlinux modules) prints the
 * command of every object; each runs once as a preprocessor pass that
 * records the files it reads (-M -MG), -j at a time.  The records stay in
 * the prepared tree (.kpb-deps/), so only the first header patch on a
 * kernel pays for them.  Units whose source kbuild generates while
 * building (vdso images, tables) cannot be scanned; they are named.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <string.h>

#include "kpatch-build.h"

#define DEPS_DIR ".kpb-deps"

/* "-c -o OBJ SRC" in a compile command: OBJ, or NULL. */
static char *object_of(const char *cmd)
{
	const char *p = strstr(cmd, " -c -o ");

	if (!p)
		return NULL;
	p += 7;
	return strndup(p, strcspn(p, " "));
}

/*
 * The dependency-scan form of a kernel C compile from the dry run: the
 * command up to the first ';' (objtool and the rest follow), with the
 * object replaced by the list of files it reads.
 */
static char *scan_command(const char *start, struct strlist *generated)
{
	char *cmd = strndup(start, strcspn(start, ";\n")), *obj = object_of(cmd), *out, *scan;
	char *depfile, *src;
	const char *mmd;

	if (!obj || !strstr(cmd, " -D__KERNEL__ ") || !(mmd = strstr(cmd, "-Wp,-MMD,"))) {
		free(obj);
		free(cmd);
		return NULL;
	}
	out = strstr(cmd, " -c -o ") + 7 + strlen(obj) + 1;
	src = strndup(out, strcspn(out, " "));
	out = src[0] == '/' ? xstrdup(src) : xasprintf("%s/%s", kpb->objdir, src);
	if (!file_exists(out)) {
		strlist_add(generated, obj);
		free(out);
		free(src);
		free(obj);
		free(cmd);
		return NULL;
	}
	free(out);
	free(src);
	depfile = strndup(mmd, strcspn(mmd, " "));
	out = xasprintf("-c -o %s ", obj);
	scan = xasprintf("-M -MG -MF %s/%s.d -o /dev/null ", DEPS_DIR, obj);
	cmd = str_replace(cmd, out, scan, false);
	cmd = str_replace(cmd, depfile, "", false);
	free(scan);
	free(out);
	free(depfile);
	/*
	 * Headers kbuild generates while building are missing here (-MG lists
	 * them); code that checks their contents may then stop on #error, after
	 * the list of files is written: that list is what counts.
	 */
	scan = xasprintf("mkdir -p \"$(dirname %s/%s)\" && { %s 2>/dev/null || test -s %s/%s.d || "
			 "{ echo 'cannot read the includes of %s' >&2; exit 1; }; }",
			 DEPS_DIR, obj, cmd, DEPS_DIR, obj, obj);
	free(cmd);
	free(obj);
	return scan;
}

/* kbuild's dry run of the configured build: every command it would run. */
static char *dry_run(void)
{
	char *o = xasprintf("O=%s", kpb->objdir);
	/* -k: parts that cannot be built here (signing keys) do not stop the listing */
	char *args[] = { "-n", "-k", o, "vmlinux", "modules", NULL };
	char **argv = make_argv(kpb->view, args);
	char *dry = run_capture_any(NULL, argv);

	free(argv);
	free(o);
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

static bool unit_of_configuration(const char *obj)
{
	/* one dry run however many objects are asked about */
	static char *dry;
	char *compiler = xasprintf("%s -Wp,-MMD,", kpb->cc);
	bool found = false;

	if (!dry)
		dry = dry_run();

	for (const char *p = next_compile(dry, dry, compiler); p && !found;
	     p = next_compile(dry, p + strlen(compiler), compiler)) {
		char *cmd = strndup(p, strcspn(p, ";\n")), *o = object_of(cmd);

		found = o && !strcmp(o, obj);
		free(o);
		free(cmd);
	}
	free(compiler);
	return found;
}

/*
 * kbuild compiles any object it is asked for, so an object outside the
 * configuration compiles in a prepared tree, and then matches nothing that
 * runs: say so instead of blaming the tree.
 */
void refuse_outside_configuration(const char *obj)
{
	if (!unit_of_configuration(obj))
		fail(EXIT_BAD_INPUT, "%.*s.c is not compiled in this configuration (kbuild builds no %s "
		     "for it): a patch to it changes nothing in the running kernel",
		     (int)strlen(obj) - 2, obj, obj);
}

/* One scan command per line, from kbuild's dry run. */
static size_t write_scan_script(const char *path, struct strlist *generated)
{
	char *dry = dry_run(), *compiler = xasprintf("%s -Wp,-MMD,", kpb->cc);
	FILE *script = fopen(path, "w");
	size_t count = 0;

	if (!script)
		fail(EXIT_ERROR, "%s: %s", path, strerror(errno));
	for (const char *p = next_compile(dry, dry, compiler); p;
	     p = next_compile(dry, p + strlen(compiler), compiler)) {
		char *cmd = scan_command(p, generated);

		if (!cmd)
			continue;
		fprintf(script, "%s\n", cmd);
		free(cmd);
		count++;
	}
	if (fclose(script))
		fail(EXIT_ERROR, "%s: %s", path, strerror(errno));
	free(compiler);
	free(dry);
	return count;
}

static void scan_all(void)
{
	char *stamp = xasprintf("%s/%s/complete", kpb->objdir, DEPS_DIR);
	char *script = xasprintf("%s/%s.sh", kpb->objdir, DEPS_DIR), *deps, *jobs, *tmp;
	struct cmd xargs = { 0 };
	struct strlist generated = { 0 };
	size_t count;
	FILE *f;

	if (file_exists(stamp)) {
		free(script);
		free(stamp);
		return;
	}
	count = write_scan_script(script, &generated);
	if (!count)
		fail(EXIT_ERROR, "kbuild's dry run in %s listed no kernel objects", kpb->objdir);
	fprintf(stderr, "%s: recording what each of the %zu units of this configuration includes "
		"(once for this kernel)\n", progname, count);
	deps = xasprintf("%s/%s", kpb->objdir, DEPS_DIR);
	remove_tree(deps);
	jobs = xasprintf("%d", kpb->jobs);
	/* one kbuild command line per line of the script, run by the shell */
	cmd_args(&xargs, "xargs", "-d", "\n", "-P", jobs, "-n", "1", "/bin/sh", "-c", NULL);
	xargs.in = xstrdup(script);
	if (run_cmd(kpb->objdir, &xargs))
		fail(EXIT_BUILD, "the dependency scan of %s failed: a unit of this configuration cannot "
		     "be preprocessed (named below); --full-build finds header users another way",
		     kpb->objdir);
	/* The stamp lists the units that could not be scanned; renamed into place last. */
	tmp = xasprintf("%s.tmp", stamp);
	f = fopen(tmp, "w");
	for (size_t i = 0; f && i < generated.nr; i++)
		fprintf(f, "%s\n", generated.v[i]);
	if (!f || fclose(f) || rename(tmp, stamp))
		fail(EXIT_ERROR, "%s: %s", stamp, strerror(errno));
	free(tmp);
	strlist_free(&generated);
	cmd_free(&xargs);
	free(jobs);
	free(deps);
	free(script);
	free(stamp);
}

static const char *wanted;	/* the header, as the records name it */
static struct strlist *found;
static size_t deps_prefix;

static int match_deps(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char *text;
	const char *p;
	size_t n = strlen(wanted);

	(void)st;
	(void)ftw;
	if (type != FTW_F || !str_ends(path, ".o.d") || !(text = read_file(path, NULL)))
		return 0;
	for (p = text; (p = strstr(p, wanted)); p += n) {
		if (strchr(" \n\\", p[n]) && (p == text || strchr(" \n", p[-1]))) {
			char *obj = strndup(path + deps_prefix, strlen(path + deps_prefix) - 2);

			strlist_add(found, obj);
			free(obj);
			break;
		}
	}
	free(text);
	return 0;
}

/* The units the scan could not see, once per run. */
static void warn_generated(void)
{
	static bool warned;
	char *stamp = xasprintf("%s/%s/complete", kpb->objdir, DEPS_DIR);
	char *list = read_file(stamp, NULL);
	size_t n = 0;

	for (const char *p = list; p && *p; p += strcspn(p, "\n") + 1)
		n++;
	if (n && !warned)
		fprintf(stderr, "%s: warning: %zu units compile sources kbuild generates while building "
			"and were not scanned; a header change that reaches them is not patched there: "
			"%s", progname, n, list);
	warned = true;
	free(list);
	free(stamp);
}

/* The objects of the configured build whose source reads header. */
void units_including(const char *header, struct strlist *objs)
{
	char *dir = xasprintf("%s/%s", kpb->objdir, DEPS_DIR);
	char *abs = xasprintf("%s/%s", kpb->view, header);

	scan_all();
	warn_generated();
	wanted = abs;
	found = objs;
	deps_prefix = strlen(dir) + 1;
	if (nftw(dir, match_deps, 64, FTW_PHYS))
		fail(EXIT_ERROR, "cannot read %s", dir);
	free(abs);
	free(dir);
}
