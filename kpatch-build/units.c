// SPDX-License-Identifier: GPL-2.0
/*
 * The translation units a patch affects, found in kbuild's own records
 * (.<obj>.cmd: the command, the source, the headers it read), and their
 * recompilation from the patched view with exactly kbuild's command.
 * Only these units are compiled twice; the rest of the build is reused.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <string.h>
#include <sys/wait.h>

#include "context.h"
#include "disk.h"
#include "match.h"
#include "run.h"
#include "text.h"
#include "unit-command.h"
#include "units.h"
#include "view.h"

struct cmdfile {
	char *obj;		/* fs/proc/cmdline.o */
	char *cmd, *source, *deps;
};

static struct cmdfile *cmdfiles;
static size_t nr_cmdfiles, alloc_cmdfiles;

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

static char *line_value(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	if (!p || (p != text && p[-1] != '\n'))
		return NULL;
	p += strlen(key);
	return strndup(p, strcspn(p, "\n"));
}

static int read_cmdfile(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base;
	char *text, *key, *obj, *deps;
	struct cmdfile *c;

	(void)st;
	if (type != FTW_F || base[0] != '.' || !str_ends(base, ".o.cmd"))
		return 0;
	text = read_file(path, NULL);
	if (!text)
		return 0;
	/* ".cmdline.o.cmd" in fs/proc/ records fs/proc/cmdline.o */
	obj = xasprintf("%.*s%.*s", ftw->base - (int)strlen(bld->objdir) - 1,
			path + strlen(bld->objdir) + 1, (int)strlen(base) - 5, base + 1);
	key = xasprintf("source_%s := ", obj);
	GROW(cmdfiles, alloc_cmdfiles, nr_cmdfiles);
	c = &cmdfiles[nr_cmdfiles];
	c->source = line_value(text, key);
	free(key);
	if (!c->source) {
		free(obj);
		free(text);
		return 0;
	}
	/* "savedcmd_" since Linux 6.2 */
	key = xasprintf("cmd_%s := ", obj);
	c->cmd = line_value(text, key);
	free(key);
	if (!c->cmd) {
		key = xasprintf("savedcmd_%s := ", obj);
		c->cmd = line_value(text, key);
		free(key);
	}
	key = xasprintf("deps_%s := ", obj);
	deps = strstr(text, key);
	c->deps = deps ? xstrdup(deps) : xstrdup("");
	free(key);
	c->obj = obj;
	nr_cmdfiles++;
	free(text);
	return 0;
}

/* Whether kbuild's deps_ list of a unit names file (relative to the tree). */
static bool deps_name(const char *view, const char *deps, const char *file)
{
	char *abs = xasprintf("%s/%s", view, file);
	const char *p = deps;
	size_t n = strlen(abs);
	bool found = false;

	while (!found && (p = strstr(p, abs))) {
		found = p[n] == ' ' || p[n] == '\n' || p[n] == '\\' || !p[n];
		p += n;
	}
	free(abs);
	return found;
}

static bool depends_on(const char *view, const struct cmdfile *c, const char *file)
{
	return deps_name(view, c->deps, file);
}

bool unit_reads(const char *view, const struct unit *u, const char *file)
{
	return deps_name(view, u->deps, file);
}

/*
 * modules.order's path of the module, .ko as given or compressed.  An
 * installed tree lists .ko files; a build directory since Linux 6.2 lists
 * the modules' .o names, the .ko beside them.
 */
static char *shipped_path(const char *order, const char *name)
{
	static const char *const suffixes[] = { "", ".xz", ".zst", ".gz" };
	char *line, *save = NULL, *copy = xstrdup(order), *found = NULL;

	for (line = strtok_r(copy, "\n", &save); line && !found; line = strtok_r(NULL, "\n", &save)) {
		char *ko = str_ends(line, ".o") ? xasprintf("%.*s.ko", (int)strlen(line) - 2, line)
						: xstrdup(line);
		const char *base = strrchr(ko, '/') ? strrchr(ko, '/') + 1 : ko;
		char *id = ident_of(base), *want = xasprintf("%s.ko", name);

		if (!strcmp(id, want))
			for (size_t i = 0; i < ARRAY_SIZE(suffixes) && !found; i++) {
				char *path = xasprintf("%s/%s%s", bld->modules_dir, ko, suffixes[i]);

				if (file_exists(path))
					found = path;
				else
					free(path);
			}
		free(want);
		free(id);
		free(ko);
	}
	free(copy);
	return found;
}

/* A shipped module compressed by kmod's convention, uncompressed into the workdir. */
static char *uncompressed(const char *path, const char *name)
{
	static const struct {
		const char *suffix, *tool;
	} tools[] = { { ".xz", "xz" }, { ".zst", "zstd" }, { ".gz", "gzip" } };
	struct cmd cmd = { 0 };
	char *ko;

	for (size_t i = 0; i < ARRAY_SIZE(tools); i++)
		if (str_ends(path, tools[i].suffix))
			cmd_args(&cmd, tools[i].tool, "-dc", "--", path, NULL);
	if (!cmd.args.nr)
		fail(EXIT_BAD_INPUT, "%s: a module neither .ko nor compressed (.xz, .zst, .gz)", path);
	ko = xasprintf("%s/shipped/%s.ko", bld->workdir, name);
	make_parents(ko);
	cmd.out = xstrdup(ko);
	if (run_cmd(NULL, &cmd))
		fail(EXIT_ERROR, "cannot uncompress %s", path);
	cmd_free(&cmd);
	return ko;
}

/*
 * Without a full build (a prepared tree) the module an object belongs to
 * is the one kbuild compiled it for (-DKBUILD_MODNAME), and the target is
 * the module as shipped (modules_dir, from its modules.order), unpacked
 * into the work directory if compressed.
 */
static char *shipped_module(const char *cmd, char **ko)
{
	const char *p = strstr(cmd, "-DKBUILD_MODNAME='\"");
	char *name, *order_path, *order, *path;

	if (!p)
		fail(EXIT_ERROR, "a module object compiled without -DKBUILD_MODNAME: %s", cmd);
	p += strlen("-DKBUILD_MODNAME='\"");
	name = strndup(p, strcspn(p, "\""));
	if (!bld->modules_dir)
		bld->modules_dir = xasprintf("/lib/modules/%s", bld->release);
	order_path = xasprintf("%s/modules.order", bld->modules_dir);
	order = read_file(order_path, NULL);
	path = order ? shipped_path(order, name) : NULL;
	if (!path)
		fail(EXIT_BAD_INPUT, "module %s is not in %s (modules.order): the running kernel's "
		     "modules are needed to patch it", name, bld->modules_dir);
	if (str_ends(path, ".ko")) {
		*ko = path;
	} else {
		*ko = uncompressed(path, name);
		free(path);
	}
	free(order);
	free(order_path);
	return name;
}

/* Which module an object is linked into, from kbuild's <module>.mod lists. */
static char *module_of(const char *obj, char **ko)
{
	for (size_t i = 0; i < res->nr_mods; i++) {
		const char *p = res->mods[i].objects;
		size_t n = strlen(obj);

		while ((p = strstr(p, obj))) {
			if ((p == res->mods[i].objects || p[-1] == '\n' || p[-1] == ' ') &&
			    (p[n] == '\n' || p[n] == ' ' || !p[n])) {
				*ko = xstrdup(res->mods[i].ko);
				return xstrdup(res->mods[i].name);
			}
			p += n;
		}
	}
	*ko = xstrdup(bld->vmlinux);
	return xstrdup("vmlinux");
}

static int read_modfile(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct kpb_module *m;
	char *name, *p;

	(void)st;
	if (type != FTW_F || !str_ends(path + ftw->base, ".mod"))
		return 0;
	res->mods = xrealloc(res->mods, (res->nr_mods + 1) * sizeof(*res->mods));
	m = &res->mods[res->nr_mods++];
	m->objects = read_file(path, NULL);
	m->ko = xasprintf("%.*s.ko", (int)strlen(path) - 4, path);
	name = strndup(path + ftw->base, strlen(path + ftw->base) - 4);
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	m->name = name;
	return 0;
}

/* A unit the patches affect; its original object must be what runs. */
static void add_unit(const struct cmdfile *c)
{
	struct unit *u;

	for (size_t i = 0; i < res->nr_units; i++)
		if (!strcmp(res->units[i].obj, c->obj))
			return;
	if (!c->cmd)
		fail(EXIT_ERROR, "%s/%s: kbuild recorded no command for %s", bld->objdir,
		     c->obj, c->source);
	res->units = xrealloc(res->units, (res->nr_units + 1) * sizeof(*res->units));
	u = &res->units[res->nr_units++];
	memset(u, 0, sizeof(*u));
	u->obj = xstrdup(c->obj);
	u->orig_obj = xstrdup(c->obj);
	u->cmd = unmake(c->cmd);
	/* The source first: kbuild's deps list only what it includes. */
	u->deps = xasprintf("%s \n%s", c->source, c->deps);
	u->objname = module_of(c->obj, &u->target);
	if (!strcmp(u->objname, "vmlinux") && strstr(u->cmd, " -DMODULE ")) {
		free(u->objname);
		free(u->target);
		u->objname = shipped_module(u->cmd, &u->target);
	}
	check_unit_is_running(bld, u);
}

static void units_for_file(const char *file)
{
	char *abs = xasprintf("%s/%s", bld->view, file);
	size_t before = res->nr_units, found = 0;

	if (str_ends(file, ".c")) {
		for (size_t i = 0; i < nr_cmdfiles; i++) {
			if (!strcmp(cmdfiles[i].source, abs)) {
				add_unit(&cmdfiles[i]);
				found++;
			}
		}
		/* A source compiled only inside another unit, which #includes it. */
		for (size_t i = 0, own = found; !own && i < nr_cmdfiles; i++) {
			if (!depends_on(bld->view, &cmdfiles[i], file))
				continue;
			log_printf("%s: compiled as part of %s\n", file, cmdfiles[i].obj);
			add_unit(&cmdfiles[i]);
			found++;
		}
		if (!found)
			fail(EXIT_BAD_INPUT, "%s is not compiled in this configuration: a patch to it changes nothing "
			     "in the running kernel", file);
	} else if (str_ends(file, ".h")) {
		for (size_t i = 0; i < nr_cmdfiles; i++)
			if (depends_on(bld->view, &cmdfiles[i], file))
				add_unit(&cmdfiles[i]);
		log_printf("%s: %zu translation units include it\n", file, res->nr_units - before);
	} else {
		fail(EXIT_REFUSED, "%s: only C sources and headers can be livepatched (assembly, "
		     "Makefiles and Kconfig changes need a new kernel)", file);
	}
	free(abs);
}

void find_units(void)
{
	if (nftw(bld->objdir, read_cmdfile, 64, FTW_PHYS))
		fail(EXIT_ERROR, "cannot read kbuild records in %s", bld->objdir);
	if (nftw(bld->objdir, read_modfile, 64, FTW_PHYS))
		fail(EXIT_ERROR, "cannot read module lists in %s", bld->objdir);
	for (size_t b = 0; b < res->nr_bases; b++)
		for (size_t p = 0; p < res->bases[b].nr_patches; p++)
			for (size_t f = 0; f < res->bases[b].patches[p].nr_files; f++)
				units_for_file(res->bases[b].patches[p].files[f]);
	for (size_t p = 0; p < opt->nr_patches; p++)
		for (size_t f = 0; f < opt->patches[p].nr_files; f++)
			units_for_file(opt->patches[p].files[f]);
	if (!res->nr_units)
		fail(EXIT_NOCHANGE, "the patches change no translation unit of this configuration");
	for (size_t i = 0; i < nr_cmdfiles; i++) {
		free(cmdfiles[i].obj);
		free(cmdfiles[i].cmd);
		free(cmdfiles[i].source);
		free(cmdfiles[i].deps);
	}
	free(cmdfiles);
}

static void patched_command(struct unit *u, struct cmd *c)
{
	u->patched_obj = xasprintf("%s/patched/%s", bld->workdir, u->obj);
	unit_command(bld, u, bld->patched_view, u->patched_obj, c);
}

/* With --base, the original is the kernel plus the bases' patches. */
static void orig_command(struct unit *u, struct cmd *c)
{
	free(u->orig_obj);
	u->orig_obj = xasprintf("%s/orig/%s", bld->workdir, u->obj);
	unit_command(bld, u, bld->orig_view, u->orig_obj, c);
}

/* The files under the view named in a deps list, relative to the view. */
static void add_deps(struct strmap *files, const char *deps)
{
	size_t n = strlen(bld->view);

	for (const char *p = deps; (p = strstr(p, bld->view)); p += n) {
		size_t len;
		char *rel;

		if (p[n] != '/' || (p != deps && p[-1] != ' '))
			continue;
		len = strcspn(p + n + 1, " \n\\");
		rel = strndup(p + n + 1, len);
		if (strmap_find(files, rel))
			free(rel);
		else
			strmap_add(files, rel, NULL);
	}
}

static void make_views(void)
{
	struct strmap files;

	strmap_init(&files, 4096);
	for (size_t i = 0; i < res->nr_units; i++)
		add_deps(&files, res->units[i].deps);
	for (size_t p = 0; p < opt->nr_patches; p++)
		for (size_t f = 0; f < opt->patches[p].nr_files; f++)
			if (!strmap_find(&files, opt->patches[p].files[f]))
				strmap_add(&files, xstrdup(opt->patches[p].files[f]), NULL);
	for (size_t b = 0; b < res->nr_bases; b++)
		for (size_t p = 0; p < res->bases[b].nr_patches; p++)
			for (size_t f = 0; f < res->bases[b].patches[p].nr_files; f++)
				if (!strmap_find(&files, res->bases[b].patches[p].files[f]))
					strmap_add(&files, xstrdup(res->bases[b].patches[p].files[f]), NULL);
	bld->patched_view = xasprintf("%s/src", bld->workdir);
	make_sparse_view(bld->view, bld->patched_view, &files);
	log_printf("patched view: %zu files\n", files.count);
	apply_patches(opt, res, bld->patched_view);
	if (res->nr_bases) {
		bld->orig_view = xasprintf("%s/orig-src", bld->workdir);
		make_sparse_view(bld->view, bld->orig_view, &files);
		apply_base_patches(opt, res, bld->orig_view);
	}
	strmap_free_keys(&files);
}

static void make_output_dirs(const char *what)
{
	for (size_t i = 0; i < res->nr_units; i++) {
		char *out = xasprintf("%s/%s/%s", bld->workdir, what, res->units[i].obj);

		make_parents(out);
		free(out);
	}
}

static void compile_with(void (*command)(struct unit *, struct cmd *), const char *what,
			 const char *patches)
{
	make_output_dirs(what);
	run_units(res->units, res->nr_units, opt->jobs, bld->objdir, command, "compile");
	for (size_t i = 0; i < res->nr_units; i++)
		if (res->units[i].status)
			fail(EXIT_BUILD, "%s does not compile with %s applied", res->units[i].obj, patches);
}

void compile_units(void)
{
	make_views();
	if (res->nr_bases)
		compile_with(orig_command, "orig", "the bases' patches");
	compile_with(patched_command, "patched", "the patches");
}
