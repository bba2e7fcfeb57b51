// SPDX-License-Identifier: GPL-2.0
/*
 * Building a module directory with kbuild, without kbuild's top Makefile.
 *
 * "make -C OBJ M=DIR" spends about 0.4 s evaluating the top Makefile (some
 * thirty compiler probes, pahole's version) before it enters the sub-makes
 * that do the work: scripts/Makefile.build, Makefile.modpost and
 * Makefile.modfinal.  What it hands them, arguments and exported variables,
 * depends on the tree, its config and the make variables, and on DIR only
 * by name.  So it is recorded once per tree, from a run on an empty module
 * directory with kpatch-build standing in for $(MAKE), and replayed for
 * each module directory with the directory's name substituted.
 *
 * The record keeps only what the top Makefile changed in the environment
 * (kbuild's exports, and what it unexports), never the rest: a CI job's
 * secrets stay out of the cache, and a replay runs in today's environment.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "cache.h"
#include "context.h"
#include "disk.h"
#include "files.h"
#include "kbuild.h"
#include "run.h"

/* Set while recording: where kpatch-build, run as $(MAKE), writes. */
#define RECORD_VAR "KPATCH_BUILD_RECORD_MAKE"
/* Bumped when the format of a record changes. */
#define RECORD_FORMAT "kbuild record 2"
/* In the recording's directory: the environment make was started with. */
#define RECORD_ENV "environment"

extern char **environ;

struct submake {
	char *cwd;
	struct strlist args, env, unset;	/* env: what make set; unset: names it removed */
};

static struct submake *submakes;
static size_t nr_submakes;
static char *recorded_dir;	/* the module directory of the recording */
static char *record_dir;	/* where the record is kept */

static void put_strings(FILE *f, const struct strlist *l)
{
	fprintf(f, "%zu%c", l->nr, 0);
	for (size_t i = 0; i < l->nr; i++)
		fprintf(f, "%s%c", l->v[i], 0);
}

/*
 * MAKEFLAGS without what belongs to one run: the $(MAKE) override (a
 * replayed make must run make) and a jobserver's file descriptors.
 */
static char *lasting_makeflags(const char *flags)
{
	char *out = xstrdup(""), *copy = xstrdup(flags ? flags : ""), *save = NULL;

	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (!str_starts(w, "MAKE=") && !str_starts(w, "--jobserver"))
			str_append_word(&out, w);
	free(copy);
	return out;
}

/* An environment variable into l; MAKEFLAGS as lasting_makeflags() leaves it. */
static void add_var(struct strlist *l, const char *var)
{
	char *flags, *kept;

	if (!str_starts(var, "MAKEFLAGS=")) {
		strlist_add(l, var);
		return;
	}
	flags = lasting_makeflags(var + strlen("MAKEFLAGS="));
	kept = xasprintf("MAKEFLAGS=%s", flags);
	strlist_add(l, kept);
	free(kept);
	free(flags);
}

/*
 * The environment the top Makefile reads (make's own, and kbuild's as
 * Documentation/kbuild/kbuild.rst lists it): a change means a new record.
 * A trailing '_' makes a prefix.
 */
static const char *const kbuild_env[] = {
	"PATH", "MAKEFLAGS", "ARCH", "SRCARCH", "CROSS_COMPILE", "LLVM", "LLVM_IAS",
	"CC", "LD", "AS", "HOSTCC", "HOSTCXX", "O", "V", "W", "C", "CF",
	"KCPPFLAGS", "KAFLAGS", "KCFLAGS", "KRUSTFLAGS", "KBUILD_", "KCONFIG_",
	"CFLAGS_", "AFLAGS_", "LDFLAGS_", "RUSTFLAGS_", "INSTALL_", "MODLIB",
	"SOURCE_DATE_EPOCH", "LC_ALL", "LC_COLLATE", "LANG",
};

static bool read_by_kbuild(const char *var)
{
	size_t len = strcspn(var, "=");

	for (size_t i = 0; i < ARRAY_SIZE(kbuild_env); i++) {
		size_t n = strlen(kbuild_env[i]);

		if (kbuild_env[i][n - 1] == '_' ? !strncmp(var, kbuild_env[i], n)
						: (len == n && !strncmp(var, kbuild_env[i], n)))
			return true;
	}
	return false;
}

/* NAME=VALUE strings, NUL-separated, from a file the recording's parent wrote. */
static void read_environment(const char *dir, struct strlist *env)
{
	char *path = xasprintf("%s/" RECORD_ENV, dir), *text, *p;
	struct stat st;
	size_t size;

	/*
	 * Only kpatch-build sets RECORD_VAR, for the make it starts: the file
	 * it wrote first, the user's own, tells it is so.
	 */
	if (lstat(path, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077))
		die(RECORD_VAR " is set, but %s is not a recording kpatch-build started: unset "
		    RECORD_VAR " (kpatch-build sets it only for the make it runs)", dir);
	text = read_file(path, &size);
	if (!text)
		die("%s: %s", path, strerror(errno));
	for (p = text; p < text + size; p += strlen(p) + 1)
		strlist_add(env, p);
	free(text);
	free(path);
}

/* What make changed of env: into set (added or new values) and unset (names it dropped). */
static void environment_changes(const struct strlist *env, struct strlist *set,
				struct strlist *unset)
{
	for (char **e = environ; *e; e++)
		if (!str_starts(*e, RECORD_VAR "=") && !strlist_has(env, *e))
			add_var(set, *e);
	for (size_t i = 0; i < env->nr; i++) {
		char *name = xstrndup(env->v[i], strcspn(env->v[i], "="));

		if (!getenv(name))
			strlist_add(unset, name);
		free(name);
	}
}

/*
 * kpatch-build run by kbuild as $(MAKE) (RECORD_VAR set): write down where
 * and how this sub-make was entered, then become it.
 */
void kbuild_record_if_asked(char **argv)
{
	const char *dir = getenv(RECORD_VAR);
	struct strlist args = { 0 }, env = { 0 }, before = { 0 }, unset = { 0 };
	char cwd[4096];
	FILE *f = NULL;

	if (!dir)
		return;
	read_environment(dir, &before);
	for (int n = 0; !f && n < 1000; n++) {
		char *path = xasprintf("%s/%03d", dir, n);
		int fd = create_new(path, 0600);

		if (fd >= 0)
			f = fdopen(fd, "w");
		else if (errno != EEXIST)
			die("%s: %s", path, strerror(errno));
		free(path);
	}
	if (!f || !getcwd(cwd, sizeof(cwd)))
		die("cannot record a sub-make in %s", dir);
	for (size_t i = 1; argv[i]; i++)
		strlist_add(&args, argv[i]);
	environment_changes(&before, &env, &unset);
	fprintf(f, "%s%c", cwd, 0);
	put_strings(f, &args);
	put_strings(f, &env);
	put_strings(f, &unset);
	if (fclose(f))
		die("cannot record a sub-make in %s", dir);
	argv[0] = "make";
	execvp("make", argv);
	die("make: %s", strerror(errno));
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Where this tree's record is kept: keyed by all that shapes it. */
static char *record_path(const struct kpb_build *b, const char *cache)
{
	char *key = xasprintf("%s\n%s\n", RECORD_FORMAT, b->objdir);
	const char *files[] = { "include/config/auto.conf", "Makefile", "include/config/kernel.release" };
	XXH3_state_t *st = XXH3_createState();
	struct strlist env = { 0 };
	char *path;

	for (size_t i = 0; i < b->make_vars.nr; i++)
		str_appendf(&key, "%s\n", b->make_vars.v[i]);
	for (char **e = environ; *e; e++)
		if (read_by_kbuild(*e))
			add_var(&env, *e);
	qsort(env.v, env.nr, sizeof(*env.v), compare_strings);
	for (size_t i = 0; i < env.nr; i++)
		str_appendf(&key, "%s\n", env.v[i]);
	strlist_free(&env);
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, key, strlen(key));
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *file = xasprintf("%s/%s", b->objdir, files[i]);
		size_t size;
		char *text = read_file(file, &size);

		XXH3_64bits_update(st, text ? text : "", text ? size + 1 : 0);
		free(text);
		free(file);
	}
	path = xasprintf("%s/kbuild/%016llx", cache, (unsigned long long)XXH3_64bits_digest(st));
	XXH3_freeState(st);
	free(key);
	return path;
}

/* The environment make starts with, for the recorder to tell what make changed. */
static void write_environment(const char *dir)
{
	char *path = xasprintf("%s/" RECORD_ENV, dir);
	int fd = create_new(path, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		die("%s: %s", path, strerror(errno));
	for (char **e = environ; *e; e++)
		fprintf(f, "%s%c", *e, 0);
	if (fclose(f))
		die("%s: %s", path, strerror(errno));
	free(path);
}

/* make -C OBJ M=<empty directory> MAKE=kpatch-build, recorded into dir; arg: the build. */
static char *record(const char *dir, void *arg)
{
	const struct kpb_build *b = arg;
	char *moddir = xasprintf("%s/module", dir), *kbuild = xasprintf("%s/Kbuild", moddir);
	char *m = xasprintf("M=%s", moddir), *make_var = xasprintf("MAKE=%s", b->self);
	const char *note = "# empty: kpatch-build records how kbuild enters its sub-makes\n";
	char *args[] = { m, make_var, NULL };
	bool ok;

	make_parents(kbuild);
	write_file(kbuild, note, strlen(note));
	write_environment(dir);
	setenv(RECORD_VAR, dir, 1);
	ok = !strchr(b->self, ' ') && !run_make(&b->make_vars, b->objdir, args);
	unsetenv(RECORD_VAR);
	/* It held the whole environment: gone before the record is kept. */
	free(kbuild);
	kbuild = xasprintf("%s/" RECORD_ENV, dir);
	unlink(kbuild);
	free(kbuild);
	kbuild = xasprintf("%s/moddir", dir);
	write_file(kbuild, moddir, strlen(moddir));
	free(make_var);
	free(m);
	free(kbuild);
	free(moddir);
	return ok ? xstrdup(dir) : NULL;
}

/* A record is renamed into place whole: a short one is a damaged cache. */
static char *next_string(char **p, char *end, const char *path)
{
	char *s = *p;

	if (s >= end)
		fail(EXIT_ERROR, "%s: the kbuild record is truncated; remove its directory and "
		     "kpatch-build records it again", path);
	*p += strlen(s) + 1;
	return s;
}

static void get_strings(char **p, char *end, struct strlist *l, const char *path)
{
	unsigned long n = strtoul(next_string(p, end, path), NULL, 10);

	while (n--)
		strlist_add(l, next_string(p, end, path));
}

/*
 * The sub-makes that build the module: those of scripts/Makefile.*.  A top
 * Makefile that re-enters itself (6.12 does) is one more record, left out:
 * replaying it would replay everything.
 */
static bool load_submake(const char *path)
{
	size_t size;
	char *text = read_file(path, &size), *p = text;
	struct submake s = { 0 };
	bool keep = false;

	if (!text)
		return false;
	s.cwd = xstrdup(next_string(&p, text + size, path));
	get_strings(&p, text + size, &s.args, path);
	get_strings(&p, text + size, &s.env, path);
	get_strings(&p, text + size, &s.unset, path);
	for (size_t i = 0; i + 1 < s.args.nr; i++)
		if (!strcmp(s.args.v[i], "-f") && strstr(s.args.v[i + 1], "/scripts/Makefile."))
			keep = true;
	if (keep) {
		submakes = xrealloc(submakes, (nr_submakes + 1) * sizeof(*submakes));
		submakes[nr_submakes++] = s;
	} else {
		free(s.cwd);
		strlist_free(&s.args);
		strlist_free(&s.env);
		strlist_free(&s.unset);
	}
	free(text);
	return true;
}

static bool load_record(const char *dir)
{
	char *path = xasprintf("%s/moddir", dir), *why = dir_untrusted(dir);

	/* Replayed as commands: only a record this user wrote where no one else can. */
	if (why) {
		log_printf("not replaying the kbuild record: %s\n", why);
		free(why);
		free(path);
		return false;
	}
	recorded_dir = read_file(path, NULL);
	free(path);
	for (int n = 0; recorded_dir; n++) {
		path = xasprintf("%s/%03d", dir, n);
		if (!load_submake(path)) {
			free(path);
			break;
		}
		free(path);
	}
	return nr_submakes && strstr(submakes[0].args.v[1], "/scripts/Makefile.build");
}

/* Recorded once per tree; false if kbuild did not go the way we know. */
static bool have_record(const struct kpb_build *b, const char *cache)
{
	static int known = -1;
	char *dir;
	bool made;

	if (known >= 0)
		return known;
	dir = record_path(b, cache);
	if (!cache_get(dir, CACHE_RENAMED, record, (void *)b, &made) && made)
		log_printf("recorded kbuild's sub-makes in %s\n", dir);
	known = load_record(dir);
	if (!known)
		log_printf("no usable record of kbuild's sub-makes in %s: using make -C %s M=\n",
			   dir, b->objdir);
	record_dir = dir;
	return known;
}

/* NULL-terminated: first, l's strings for moddir, extra, last (each optional). */
static char **vector(const char *first, const struct strlist *l, const char *moddir,
		     char *const extra[], const char *last)
{
	size_t n = 0, nr_extra = 0;
	char **v;

	while (extra && extra[nr_extra])
		nr_extra++;
	v = xcalloc((l ? l->nr : 0) + nr_extra + 3, sizeof(*v));
	if (first)
		v[n++] = xstrdup(first);
	for (size_t i = 0; l && i < l->nr; i++)
		v[n++] = str_replace(xstrdup(l->v[i]), recorded_dir, moddir, false);
	for (size_t i = 0; i < nr_extra; i++)
		v[n++] = xstrdup(extra[i]);
	if (last)
		v[n++] = xstrdup(last);
	return v;
}

static void free_vector(char **v)
{
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

static char **submake_argv(size_t i, const char *moddir, char *const extra[], const char *goal)
{
	return vector("make", &submakes[i].args, moddir, extra, goal);
}

/* Today's environment as make changed it for sub-make i. */
static char **submake_envp(size_t i, const char *moddir)
{
	struct strlist keep = { 0 };
	char **v;

	for (char **e = environ; *e; e++) {
		char *name = xstrndup(*e, strcspn(*e, "="));
		char *prefix = xasprintf("%s=", name);
		bool replaced = strlist_has(&submakes[i].unset, name);

		for (size_t j = 0; !replaced && j < submakes[i].env.nr; j++)
			replaced = str_starts(submakes[i].env.v[j], prefix);
		if (!replaced)
			strlist_add(&keep, *e);
		free(prefix);
		free(name);
	}
	for (size_t j = 0; j < submakes[i].env.nr; j++)
		strlist_add(&keep, submakes[i].env.v[j]);
	v = vector(NULL, &keep, moddir, NULL, NULL);
	strlist_free(&keep);
	return v;
}

/*
 * Objects kbuild makes in every module directory alike, from the tree
 * alone: kept with the record after a module build, put back before the
 * next one with their .cmd, by which kbuild finds them up to date.
 * 6.11 and later compile scripts/module-common.c into each directory.
 */
static const char *const common_objects[] = { ".module-common.o" };

/*
 * make -C dir, with what every kbuild run needs to match the running
 * kernel (vars: the compiler it was built with, its release if the tree
 * does not compute it), then args (NULL-terminated).
 */
char **make_argv(const struct strlist *vars, const char *dir, char *const args[])
{
	size_t nargs = 0, n = 0;
	char **argv;

	while (args[nargs])
		nargs++;
	argv = xcalloc(3 + vars->nr + nargs + 1, sizeof(*argv));
	argv[n++] = "make";
	argv[n++] = "-C";
	argv[n++] = (char *)dir;
	for (size_t i = 0; i < vars->nr; i++)
		argv[n++] = vars->v[i];
	for (size_t i = 0; i < nargs; i++)
		argv[n++] = args[i];
	return argv;
}

int run_make(const struct strlist *vars, const char *dir, char *const args[])
{
	char **argv = make_argv(vars, dir, args);
	int status = run_argv(NULL, argv);

	free(argv);
	return status;
}

/* obj and its .cmd from one directory to another, the directory renamed in the .cmd. */
static bool carry(const char *from, const char *to, const char *obj, const char *old, const char *new)
{
	char *src = xasprintf("%s/%s", from, obj), *cmd_src = xasprintf("%s/.%s.cmd", from, obj);
	char *dst = xasprintf("%s/%s", to, obj), *cmd_dst = xasprintf("%s/.%s.cmd", to, obj);
	char *tmp = xasprintf("%s.%d", dst, (int)getpid());
	size_t size;
	char *data = read_file(src, &size), *cmd = read_file(cmd_src, NULL);
	bool ok = data && cmd;

	if (ok) {
		cmd = str_replace(cmd, old, new, false);
		make_parents(dst);
		write_file(cmd_dst, cmd, strlen(cmd));
		/* the object last, renamed into place: it means the .cmd is there */
		write_file(tmp, data, size);
		ok = !rename(tmp, dst);
	}
	free(cmd);
	free(data);
	free(tmp);
	free(cmd_dst);
	free(dst);
	free(cmd_src);
	free(src);
	return ok;
}

static void common_objects_in(const char *moddir)
{
	char *kept = xasprintf("%s/common", record_dir);

	for (size_t i = 0; i < ARRAY_SIZE(common_objects); i++)
		if (carry(kept, moddir, common_objects[i], recorded_dir, moddir))
			log_printf("%s: kept from an earlier module build\n", common_objects[i]);
	free(kept);
}

static void common_objects_out(const char *moddir)
{
	char *kept = xasprintf("%s/common", record_dir);

	for (size_t i = 0; i < ARRAY_SIZE(common_objects); i++) {
		char *path = xasprintf("%s/%s", kept, common_objects[i]);

		if (!file_exists(path))
			carry(moddir, kept, common_objects[i], moddir, recorded_dir);
		free(path);
	}
	free(kept);
}

/* Build the module in moddir (its Kbuild file there), with extra make arguments. */
int kbuild_module(const struct kpb_build *b, const char *cache, const char *moddir,
		  char *const extra[])
{
	int status = 0;

	if (!have_record(b, cache)) {
		char *m = xasprintf("M=%s", moddir);
		char **args = vector(m, NULL, NULL, extra, NULL);

		status = run_make(&b->make_vars, b->objdir, args);
		free_vector(args);
		free(m);
		return status;
	}
	common_objects_in(moddir);
	for (size_t i = 0; !status && i < nr_submakes; i++) {
		char **argv = submake_argv(i, moddir, extra, NULL), **envp = submake_envp(i, moddir);

		status = run_env(submakes[i].cwd, argv, envp);
		free_vector(envp);
		free_vector(argv);
	}
	if (!status)
		common_objects_out(moddir);
	return status;
}

/*
 * Makefile.build alone makes one object of the module, with the command
 * it would use in the whole build, which then finds it up to date.
 */
pid_t kbuild_start_file(const struct kpb_build *b, const char *cache, const char *moddir,
			const char *file)
{
	char **argv, **envp;
	pid_t pid;

	if (!have_record(b, cache))
		return 0;
	argv = submake_argv(0, moddir, NULL, file);
	envp = submake_envp(0, moddir);
	pid = start_env(submakes[0].cwd, argv, envp);
	free_vector(envp);
	free_vector(argv);
	return pid;
}
