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
#include "kbuild-record.h"
#include "match.h"
#include "run.h"
#include "text.h"
#include "unit-command.h"
#include "units.h"
#include "view.h"

/* What the walks of the objdir collect: nftw() passes its callbacks no argument. */
static struct kbuild_record *cmdfiles;
static size_t nr_cmdfiles, alloc_cmdfiles;
static size_t objdir_len;	/* of the objdir walked */
static struct kpb_module *walked_mods;
static size_t nr_walked_mods;

static int read_cmdfile(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base;
	char *obj;

	(void)st;
	if (type != FTW_F || base[0] != '.' || !str_ends(base, ".o.cmd"))
		return 0;
	/* ".cmdline.o.cmd" in fs/proc/ records fs/proc/cmdline.o */
	obj = xasprintf("%.*s%.*s", ftw->base - (int)objdir_len - 1,
			path + objdir_len + 1, (int)strlen(base) - 5, base + 1);
	GROW(cmdfiles, alloc_cmdfiles, nr_cmdfiles);
	if (record_read(&cmdfiles[nr_cmdfiles], path, obj))
		nr_cmdfiles++;
	free(obj);
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

static bool depends_on(const char *view, struct kbuild_record *c, const char *file)
{
	return deps_name(view, record_deps(c), file);
}

struct strlist base_files_read(const struct kpb_results *r, const char *view)
{
	struct strlist read = { 0 };

	for (size_t i = 0; i < r->nr_bases; i++)
		for (size_t p = 0; p < r->bases[i].nr_patches; p++)
			for (size_t f = 0; f < r->bases[i].patches[p].nr_files; f++) {
				const char *file = r->bases[i].patches[p].files[f];

				for (size_t u = 0; u < r->nr_units && !strlist_has(&read, file); u++)
					if (r->units[u].status == EXIT_OK &&
					    deps_name(view, r->units[u].deps, file))
						strlist_add(&read, file);
			}
	return read;
}

/*
 * modules.order's path of the module, .ko as given or compressed.  An
 * installed tree lists .ko files; a build directory since Linux 6.2 lists
 * the modules' .o names, the .ko beside them.
 */
static char *shipped_path(const char *modules_dir, const char *order, const char *name)
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
				char *path = xasprintf("%s/%s%s", modules_dir, ko, suffixes[i]);

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
static char *uncompressed(const char *workdir, const char *path, const char *name)
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
	ko = xasprintf("%s/shipped/%s.ko", workdir, name);
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
static char *shipped_module(struct kpb_build *b, const char *cmd, char **ko)
{
	const char *p = strstr(cmd, "-DKBUILD_MODNAME='\"");
	char *name, *order_path, *order, *path;

	if (!p)
		fail(EXIT_ERROR, "a module object compiled without -DKBUILD_MODNAME: %s", cmd);
	p += strlen("-DKBUILD_MODNAME='\"");
	name = strndup(p, strcspn(p, "\""));
	if (!b->modules_dir)
		b->modules_dir = xasprintf("/lib/modules/%s", b->release);
	order_path = xasprintf("%s/modules.order", b->modules_dir);
	order = read_file(order_path, NULL);
	path = order ? shipped_path(b->modules_dir, order, name) : NULL;
	if (!path)
		fail(EXIT_BAD_INPUT, "module %s is not in %s (modules.order): the running kernel's "
		     "modules are needed to patch it", name, b->modules_dir);
	if (str_ends(path, ".ko")) {
		*ko = path;
	} else {
		*ko = uncompressed(b->workdir, path, name);
		free(path);
	}
	free(order);
	free(order_path);
	return name;
}

/* Which module an object is linked into, from kbuild's <module>.mod lists in r; else vmlinux. */
static char *module_of(const struct kpb_results *r, const char *vmlinux, const char *obj,
		       char **ko)
{
	for (size_t i = 0; i < r->nr_mods; i++) {
		const char *p = r->mods[i].objects;
		size_t n = strlen(obj);

		while ((p = strstr(p, obj))) {
			if ((p == r->mods[i].objects || p[-1] == '\n' || p[-1] == ' ') &&
			    (p[n] == '\n' || p[n] == ' ' || !p[n])) {
				*ko = xstrdup(r->mods[i].ko);
				return xstrdup(r->mods[i].name);
			}
			p += n;
		}
	}
	*ko = xstrdup(vmlinux);
	return xstrdup("vmlinux");
}

static int read_modfile(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct kpb_module *m;
	char *name, *p;

	(void)st;
	if (type != FTW_F || !str_ends(path + ftw->base, ".mod"))
		return 0;
	walked_mods = xrealloc(walked_mods, (nr_walked_mods + 1) * sizeof(*walked_mods));
	m = &walked_mods[nr_walked_mods++];
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
static void add_unit(struct kpb_build *b, struct kpb_results *r, struct kbuild_record *c)
{
	struct unit *u;

	for (size_t i = 0; i < r->nr_units; i++)
		if (!strcmp(r->units[i].obj, c->obj))
			return;
	if (!c->cmd)
		fail(EXIT_ERROR, "%s/%s: kbuild recorded no command for %s", b->objdir,
		     c->obj, c->source);
	r->units = xrealloc(r->units, (r->nr_units + 1) * sizeof(*r->units));
	u = &r->units[r->nr_units++];
	memset(u, 0, sizeof(*u));
	u->obj = xstrdup(c->obj);
	u->orig_obj = xstrdup(c->obj);
	u->cmd = xstrdup(c->cmd);
	/* The source first: kbuild's deps list only what it includes. */
	u->deps = xasprintf("%s \n%s", c->source, record_deps(c));
	u->objname = module_of(r, b->vmlinux, c->obj, &u->target);
	if (!strcmp(u->objname, "vmlinux") && strstr(u->cmd, " -DMODULE ")) {
		free(u->objname);
		free(u->target);
		u->objname = shipped_module(b, u->cmd, &u->target);
	}
	check_unit_is_running(b, u);
}

static void units_for_file(struct kpb_build *b, struct kpb_results *r, const char *file)
{
	char *abs = xasprintf("%s/%s", b->view, file);
	size_t before = r->nr_units, found = 0;

	if (str_ends(file, ".c")) {
		for (size_t i = 0; i < nr_cmdfiles; i++) {
			if (!strcmp(cmdfiles[i].source, abs)) {
				add_unit(b, r, &cmdfiles[i]);
				found++;
			}
		}
		/* A source compiled only inside another unit, which #includes it. */
		for (size_t i = 0, own = found; !own && i < nr_cmdfiles; i++) {
			if (!depends_on(b->view, &cmdfiles[i], file))
				continue;
			log_printf("%s: compiled as part of %s\n", file, cmdfiles[i].obj);
			add_unit(b, r, &cmdfiles[i]);
			found++;
		}
		if (!found)
			fail(EXIT_BAD_INPUT, "%s is not compiled in this configuration: a patch to it changes nothing "
			     "in the running kernel", file);
	} else if (str_ends(file, ".h")) {
		for (size_t i = 0; i < nr_cmdfiles; i++)
			if (depends_on(b->view, &cmdfiles[i], file))
				add_unit(b, r, &cmdfiles[i]);
		log_printf("%s: %zu translation units include it\n", file, r->nr_units - before);
	} else {
		fail(EXIT_REFUSED, "%s: only C sources and headers can be livepatched (assembly, "
		     "Makefiles and Kconfig changes need a new kernel)", file);
	}
	free(abs);
}

void find_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r)
{
	objdir_len = strlen(b->objdir);
	if (nftw(b->objdir, read_cmdfile, 64, FTW_PHYS))
		fail(EXIT_ERROR, "cannot read kbuild records in %s", b->objdir);
	if (nftw(b->objdir, read_modfile, 64, FTW_PHYS))
		fail(EXIT_ERROR, "cannot read module lists in %s", b->objdir);
	r->mods = walked_mods;
	r->nr_mods = nr_walked_mods;
	for (size_t i = 0; i < r->nr_bases; i++)
		for (size_t p = 0; p < r->bases[i].nr_patches; p++)
			for (size_t f = 0; f < r->bases[i].patches[p].nr_files; f++)
				units_for_file(b, r, r->bases[i].patches[p].files[f]);
	for (size_t p = 0; p < o->nr_patches; p++)
		for (size_t f = 0; f < o->patches[p].nr_files; f++)
			units_for_file(b, r, o->patches[p].files[f]);
	if (!r->nr_units)
		fail(EXIT_NOCHANGE, "the patches change no translation unit of this configuration");
	for (size_t i = 0; i < nr_cmdfiles; i++)
		record_free(&cmdfiles[i]);
	free(cmdfiles);
}

/* arg: the build. */
static void patched_command(struct unit *u, struct cmd *c, void *arg)
{
	const struct kpb_build *b = arg;

	u->patched_obj = xasprintf("%s/patched/%s", b->workdir, u->obj);
	unit_command(b, u, b->patched_view, u->patched_obj, c);
}

/* With --base, the original is the kernel plus the bases' patches. */
static void orig_command(struct unit *u, struct cmd *c, void *arg)
{
	const struct kpb_build *b = arg;

	free(u->orig_obj);
	u->orig_obj = xasprintf("%s/orig/%s", b->workdir, u->obj);
	unit_command(b, u, b->orig_view, u->orig_obj, c);
}

/* The files under the view named in a deps list, relative to the view. */
static void add_deps(const char *view, struct strmap *files, const char *deps)
{
	size_t n = strlen(view);

	for (const char *p = deps; (p = strstr(p, view)); p += n) {
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

static void add_file(struct strmap *files, const char *file)
{
	if (!strmap_find(files, file))
		strmap_add(files, xstrdup(file), NULL);
}

static void make_views(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r)
{
	struct strmap files;

	strmap_init(&files, 4096);
	for (size_t i = 0; i < r->nr_units; i++)
		add_deps(b->view, &files, r->units[i].deps);
	for (size_t p = 0; p < o->nr_patches; p++)
		for (size_t f = 0; f < o->patches[p].nr_files; f++)
			add_file(&files, o->patches[p].files[f]);
	for (size_t i = 0; i < r->nr_bases; i++)
		for (size_t p = 0; p < r->bases[i].nr_patches; p++)
			for (size_t f = 0; f < r->bases[i].patches[p].nr_files; f++)
				add_file(&files, r->bases[i].patches[p].files[f]);
	b->patched_view = xasprintf("%s/src", b->workdir);
	make_sparse_view(b->view, b->patched_view, &files);
	log_printf("patched view: %zu files\n", files.count);
	apply_patches(o, r, b->patched_view);
	if (r->nr_bases) {
		b->orig_view = xasprintf("%s/orig-src", b->workdir);
		make_sparse_view(b->view, b->orig_view, &files);
		apply_base_patches(o, r, b->orig_view);
	}
	strmap_free_keys(&files);
}

static void make_output_dirs(const char *workdir, const struct kpb_results *r, const char *what)
{
	for (size_t i = 0; i < r->nr_units; i++) {
		char *out = xasprintf("%s/%s/%s", workdir, what, r->units[i].obj);

		make_parents(out);
		free(out);
	}
}

static void compile_with(const struct kpb_build *b, struct kpb_results *r, int jobs,
			 void (*command)(struct unit *, struct cmd *, void *), const char *what,
			 const char *patches)
{
	make_output_dirs(b->workdir, r, what);
	run_units(r->units, r->nr_units, jobs, b->objdir, command, (void *)b, "compile");
	for (size_t i = 0; i < r->nr_units; i++)
		if (r->units[i].status)
			fail(EXIT_BUILD, "%s does not compile with %s applied", r->units[i].obj,
			     patches);
}

void compile_units(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r)
{
	make_views(o, b, r);
	if (r->nr_bases)
		compile_with(b, r, o->jobs, orig_command, "orig", "the bases' patches");
	compile_with(b, r, o->jobs, patched_command, "patched", "the patches");
}
