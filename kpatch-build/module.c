// SPDX-License-Identifier: GPL-2.0
/*
 * From changed objects to the module: run the diff engine on every unit,
 * link its results, build the module from templates/ with the kernel's own
 * kbuild, convert livepatch relocations, check what it imports, install.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "cache.h"
#include "checks.h"
#include "context.h"
#include "direct-calls.h"
#include "disk.h"
#include "facts.h"
#include "files.h"
#include "elf.h"
#include "kbuild.h"
#include "klp-convert.h"
#include "manifest.h"
#include "match.h"
#include "module.h"
#include "module-dir.h"
#include "release.h"
#include "run.h"
#include "stack.h"
#include "states.h"
#include "target.h"
#include "text.h"
#include "units.h"

/* Compile the probe against arg, the build, and read the sizes from its assembly into file. */
static char *probe_entry_sizes(const char *file, void *arg)
{
	const struct kpb_build *b = arg;
	char *dir = xasprintf("%s/probe", b->workdir);
	char *src = xasprintf("%s/entry-sizes-probe.c", b->templates);
	char *probe = xasprintf("%s/probe.c", dir), *kbuild = xasprintf("%s/Kbuild", dir);
	char *m = xasprintf("M=%s", dir), *make[] = { m, "probe.s", NULL };
	char *cp[] = { "cp", "--", src, probe, NULL };
	char *asm_path = xasprintf("%s/probe.s", dir), *text, *p, *out = xstrdup("");
	unsigned long want, got = 0;

	make_dirs(dir);
	write_file(kbuild, "obj-m := probe.o\n", strlen("obj-m := probe.o\n"));
	if (run_argv(NULL, cp) || run_make(&b->make_vars, b->objdir, make) ||
	    !(text = read_file(asm_path, NULL)))
		fail(EXIT_BUILD, "cannot compile the entry-size probe against %s", b->objdir);
	/* in the order printed: a size, or a field's offset in entries */
	for (p = text; (p = strstr(p, "->ent")); p++) {
		char sec[128], field[32];
		unsigned long size;
		long off;

		if (sscanf(p, "->entsize %127s %lu", sec, &size) == 2) {
			str_appendf(&out, "%s %lu\n", sec, size);
			got++;
		} else if (sscanf(p, "->entoff %127s %31[a-z] %ld", sec, field, &off) == 3) {
			str_appendf(&out, "%s %s %ld\n", sec, field, off);
			got++;
		}
	}
	for (p = text; (p = strstr(p, "->entries ")) && sscanf(p + 10, "%lu", &want) != 1; p++)
		;
	if (!p)
		fail(EXIT_ERROR, "%s: the entry-size probe printed no count of its sizes", asm_path);
	if (want != got)
		fail(EXIT_ERROR, "%s: the entry-size probe printed %lu sizes, %lu could be read",
		     asm_path, want, got);
	write_file(file, out, strlen(out));
	free(text);
	free(asm_path);
	free(m);
	free(kbuild);
	free(probe);
	free(src);
	free(dir);
	return out;
}

/*
 * The probe's answer depends on the kernel's headers and config and on the
 * probe: kept in the cache under a hash of those.
 */
static char *entry_sizes_cache(const struct kpb_build *b, const char *cache)
{
	char *files[] = { xasprintf("%s/include/generated/autoconf.h", b->objdir),
			  xasprintf("%s/entry-sizes-probe.c", b->templates) };
	XXH3_state_t *st = XXH3_createState();
	char *path;

	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, b->objdir, strlen(b->objdir) + 1);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		size_t size;
		char *text = read_file(files[i], &size);

		XXH3_64bits_update(st, text ? text : "", text ? size : 0);
		free(text);
		free(files[i]);
	}
	path = xasprintf("%s/entry-sizes/%016llx", cache,
			 (unsigned long long)XXH3_64bits_digest(st));
	XXH3_freeState(st);
	return path;
}

/* The file of special-section entry sizes of this kernel, from a probe compiled against it. */
static char *learn_entry_sizes(const struct kpb_build *b, const char *cache)
{
	char *entry_sizes = entry_sizes_cache(b, cache);
	bool ok;

	cache_get(entry_sizes, CACHE_RENAMED, probe_entry_sizes, (void *)b, &ok);
	if (!ok)
		fail(EXIT_ERROR, "cannot keep the entry sizes in %s", entry_sizes);
	return entry_sizes;
}

/*
 * The globals the patches add, by the objects that define them: another
 * changed object may call them, and the module's link resolves that.
 * Returns the file that lists them.
 */
static char *write_provided(const struct kpb_build *b, const struct kpb_results *r)
{
	char *text = xstrdup(""), *provided;

	for (size_t i = 0; i < r->nr_units; i++) {
		const struct unit *u = &r->units[i];
		/* the original object of the build, relative to it; a copy, absolute */
		char *path = u->orig_obj[0] == '/' ? xstrdup(u->orig_obj) :
			     xasprintf("%s/%s", b->objdir, u->orig_obj);
		struct elf *orig = elf_load(path), *patched = elf_load(u->patched_obj);
		struct symbol *sym, *was;

		for_each_symbol(patched, sym, j) {
			if (!sym->sec || sym->bind == STB_LOCAL || (!is_func(sym) && !is_object(sym)))
				continue;
			was = elf_find_symbol(orig, sym->name);
			if (!was || !was->sec)
				str_appendf(&text, "%s\n", sym->name);
		}
		elf_free(patched);
		elf_free(orig);
		free(path);
	}
	provided = xasprintf("%s/provided", b->workdir);
	write_file(provided, text, strlen(text));
	free(text);
	return provided;
}

/* The engine's files for u are named after its output: OUTPUT.SUFFIX. */
static char *unit_path(const struct unit *u, const char *suffix)
{
	return xasprintf("%s.%s", u->output, suffix);
}

/* What every unit's diff is run with. */
struct diffing {
	const struct kpb_build *b;
	bool debug;
	const struct kpb_base *bases;
	size_t nr_bases;
	char *entry_sizes, *provided;	/* files: learn_entry_sizes(), write_provided() */
	struct strlist forced;	/* functions the engine must replace although unchanged */
};

/* arg: the diffing. */
static void diff_command(struct unit *u, struct cmd *c, void *arg)
{
	const struct diffing *d = arg;
	char *symvers = xasprintf("%s/Module.symvers", d->b->objdir);
	char *tool = xasprintf("%s/create-diff-object", d->b->tooldir), *report;

	free(u->output);
	u->output = xasprintf("%s/diff/%s", d->b->workdir, u->obj);
	make_parents(u->output);
	cmd_add(c, tool);
	if (d->debug)
		cmd_add(c, "-d");
	if (d->b->objtool_later)
		cmd_add(c, "-O");
	for (size_t i = 0; i < d->forced.nr; i++)
		cmd_args(c, "-f", d->forced.v[i], NULL);
	for (size_t i = 0; i < d->nr_bases; i++)
		cmd_args(c, "-b", d->bases[i].ko, NULL);
	report = unit_path(u, "report");
	cmd_args(c, "-e", d->entry_sizes, "-p", d->provided, "-s", symvers, "-n", u->objname,
		 "-r", report,
		 "--",
		 u->orig_obj, u->patched_obj, u->target, u->output, NULL);
	c->out = unit_path(u, "changed");
	c->err = unit_path(u, "log");
	free(report);
	free(tool);
	free(symvers);
}

static char *unit_file(const struct unit *u, const char *suffix)
{
	char *path = unit_path(u, suffix);
	char *text = read_file(path, NULL);

	free(path);
	return text ? text : xstrdup("");
}

/* What create-diff-object decided for u (it writes the report only on success). */
static void read_engine_report(struct unit *u)
{
	char *path = unit_path(u, "report"), *text, *err;

	engine_report_free(&u->report);
	if (u->status != EXIT_OK) {
		free(path);
		return;
	}
	text = read_file(path, NULL);
	if (!text)
		fail(EXIT_ERROR, "create-diff-object wrote no report for %s (%s)", u->obj, path);
	err = engine_report_read(text, &u->report);
	if (err)
		fail(EXIT_ERROR, "%s: %s", path, err);
	free(text);
	free(path);
}

/* The diff of each of r's units, jobs at a time; how many changed. */
static size_t run_diffs(struct diffing *d, struct kpb_results *r, int jobs)
{
	size_t changed = 0;

	run_units(r->units, r->nr_units, jobs, d->b->objdir, diff_command, d, "diff");
	for (size_t i = 0; i < r->nr_units; i++) {
		struct unit *u = &r->units[i];
		char *why = unit_file(u, "log"), *printed = unit_file(u, "changed");

		log_printf("%s: create-diff-object exit %d\n%s", u->obj, u->status, why);
		if (u->status == EXIT_OK && !d->forced.nr)
			fprintf(stderr, "%s: %s (%s):\n%s", progname, u->obj, u->objname, printed);
		free(printed);
		if (u->status == EXIT_REFUSED)
			fail(EXIT_REFUSED, "%s cannot be livepatched:\n%s", u->obj, why);
		if (u->status != EXIT_OK && u->status != EXIT_NOCHANGE)
			fail(EXIT_ERROR, "create-diff-object failed on %s:\n%s", u->obj, why);
		read_engine_report(u);
		if (u->status == EXIT_OK)
			changed++;
		free(why);
	}
	return changed;
}

/* New code only runs through a replaced function: without one the module changes nothing. */
static void check_something_replaced(const struct kpb_results *r)
{
	char *added;

	if (r->nr_funcs)
		return;
	added = xstrdup("");
	for (size_t i = 0; i < r->nr_units; i++)
		for (size_t j = 0; j < r->units[i].report.nr_funcs; j++)
			if (r->units[i].report.funcs[j].is_new)
				str_append_word(&added, r->units[i].report.funcs[j].name);
	fail(EXIT_REFUSED, "no function of the running kernel is replaced: the patches only add "
	     "code (%s) that nothing replaced calls, so the module would change nothing; make the "
	     "fix in a function that can be patched, or call the new code from one", added);
}

void diff_units(const struct kpb_options *o, const struct kpb_build *b, struct kpb_results *r)
{
	struct diffing d = {
		.b = b, .debug = o->debug, .bases = r->bases, .nr_bases = r->nr_bases,
	};
	struct strlist read;

	d.entry_sizes = learn_entry_sizes(b, o->cache);
	d.provided = write_provided(b, r);
	if (!run_diffs(&d, r, o->jobs)) {
		verify_units(b, r);	/* "no change" is a claim too: nothing outside functions changed */
		fail(EXIT_NOCHANGE, "no functional change in %zu translation unit%s: nothing to livepatch",
		     r->nr_units, r->nr_units == 1 ? "" : "s");
	}
	/* Replacing a function some base calls directly means replacing the caller too. */
	d.forced = direct_call_fixes(r);
	if (d.forced.nr)
		run_diffs(&d, r, o->jobs);
	check_direct_call_fixes(r, &d.forced);
	verify_units(b, r);
	read_replaced(r);
	check_something_replaced(r);
	collect_states(r);
	read = base_files_read(r, b->view);
	classify_against_bases(r, &read);
	strlist_free(&read);
	compare_release(o, r);
	strlist_free(&d.forced);
	free(d.provided);
	free(d.entry_sizes);
}

/* The diff engine's outputs and the facts, one object for the template's metadata. */
static void link_patch(const char *templates, const struct kpb_results *r, const char *moddir,
		       const char *facts)
{
	char *lds = xasprintf("%s/patch.lds", templates), *out = xasprintf("%s/patch.o", moddir);
	char *record = xstrdup("cmd_patch.o :="), *path;
	struct cmd ld = { 0 };

	cmd_args(&ld, "ld", "-r", "-T", lds, "-o", out, facts, NULL);
	for (size_t i = 0; i < r->nr_units; i++)
		if (r->units[i].status == EXIT_OK)
			cmd_add(&ld, r->units[i].output);
	if (run_cmd(NULL, &ld))
		fail(EXIT_ERROR, "cannot link the changed objects");
	/* kbuild's record of how patch.o was made (modpost reads it for a srcversion) */
	for (size_t i = 0; i < ld.args.nr; i++)
		str_append_word(&record, ld.args.v[i]);
	str_appendf(&record, "\n");
	path = xasprintf("%s/.patch.o.cmd", moddir);
	write_file(path, record, strlen(record));
	cmd_free(&ld);
	free(record);
	free(path);
	free(out);
	free(lds);
}

static void write_kbuild(const struct kpb_options *o, const char *templates, const char *moddir)
{
	char *in = xasprintf("%s/Kbuild.in", templates), *text = read_file(in, NULL);
	char *path = xasprintf("%s/Kbuild", moddir), *id = ident_of(o->name);

	if (!text)
		fail(EXIT_ERROR, "%s: %s", in, strerror(errno));
	text = str_replace(text, "@NAME@", o->name, false);
	text = str_replace(text, "@REPLACE@", o->replace ? "1" : "0", false);
	text = str_replace(text, "@IDENT@", id, false);
	write_if_changed(path, text, strlen(text));
	free(id);
	free(path);
	free(text);
	free(in);
}

/*
 * With CONFIG_MODVERSIONS, __versions holds { unsigned long crc; char
 * name[56]; } per import: each CRC must be the one its exporter uses, the
 * running kernel (its own __crc_ symbols, whatever Module.symvers said) or
 * a base module.
 */
static void check_crcs(struct kpb_build *b, const char *ko, struct elf *elf,
		       struct symvers *sv, struct symvers *bases)
{
	struct section *versions = elf_find_section(elf, "__versions");
	const size_t entry = 64;

	for (size_t off = 0; versions && versions->data && off + entry <= versions->size; off += entry) {
		const char *name = (const char *)versions->data + off + 8;
		unsigned long crc, theirs;
		struct symvers_entry *e;

		memcpy(&crc, versions->data + off, sizeof(crc));
		crc &= 0xffffffff;
		e = strmap_get(&sv->by_name, name);
		if (!e && bases)
			e = strmap_get(&bases->by_name, name);
		if (e && (e->crc & 0xffffffff) != crc)
			fail(EXIT_ERROR, "%s imports %s with CRC 0x%08lx, %s exports it with 0x%08lx",
			     ko, name, crc, e->module, e->crc & 0xffffffff);
		if (!e || strcmp(e->module, "vmlinux"))
			continue;
		if (target_crc(vmlinux_symbols(b), name, &theirs) && theirs != crc)
			fail(EXIT_BAD_INPUT, "%s imports %s with CRC 0x%08lx, but %s exports it with "
			     "0x%08lx: the Module.symvers the build used (%s) is not the running "
			     "kernel's", ko, name, crc, b->vmlinux, theirs,
			     b->symvers ? b->symvers : "the build's");
	}
}

/*
 * Where kbuild runs objtool on the final module (IBT), objtool's warnings
 * do not stop the build, but one it gives up on leaves the module without
 * ORC data: its functions would not unwind, and a task sleeping in one
 * would keep every later transition from finishing.
 */
static void check_objtool_ran(const struct kpb_build *b, const char *ko, struct elf *elf)
{
	char *orc = config_option(b->config, "UNWINDER_ORC");

	if (b->objtool_later && orc && !strcmp(orc, "y") && !elf_find_section(elf, ".orc_unwind_ip"))
		fail(EXIT_BUILD, "objtool made no ORC data for %s (its warnings are in %s): the "
		     "module would not unwind reliably", ko, b->log);
	free(orc);
}

/*
 * A kernel without clear_relocate_add() leaves a module's livepatch
 * relocations applied in the livepatch when the module goes away, and then
 * refuses to apply them again: the module cannot be loaded a second time
 * while the livepatch is.  Worth knowing before it is in production.
 */
static void warn_no_reload(struct kpb_build *b, const char *livepatch, struct elf *elf)
{
	struct strmap seen;
	struct section *sec;

	strmap_init(&seen, 8);
	for_each_section(elf, sec, i) {
		const char *obj = sec->name + strlen(".klp.rela.");
		char *name;

		if (!str_starts(sec->name, ".klp.rela.") || !strstr(obj, ".."))
			continue;
		name = xasprintf("%.*s", (int)(strstr(obj, "..") - obj), obj);
		if (!strcmp(name, "vmlinux") || strmap_get(&seen, name)) {
			free(name);
			continue;
		}
		strmap_add(&seen, name, name);
		if (!target_has(vmlinux_symbols(b), "clear_relocate_add"))
			warn("this kernel does not clear livepatch relocations when a module goes "
			     "away (no clear_relocate_add): while %s is loaded, %s cannot be "
			     "loaded again once removed", livepatch, name);
	}
	strmap_free_keys(&seen);
}

/*
 * The loader fixes up a static call site that names a trampoline only for
 * vmlinux's trampolines; another module's makes it refuse the whole
 * livepatch (EINVAL).  The engine names the key (static-calls.c): this is
 * the final module's proof.
 */
static void check_static_call_sites(const char *ko, struct elf *elf, struct symvers *sv)
{
	struct section *sites = elf_find_section(elf, ".static_call_sites");
	const char *exporter;

	for (size_t i = 0; sites && sites->rela && i < sites->rela->nr_relocs; i++) {
		const struct symbol *sym = sites->rela->relocs[i].sym;

		if (sym->sec || !str_starts(sym->name, "__SCT__") ||
		    !(exporter = symvers_exporter(sv, sym->name)) || !strcmp(exporter, "vmlinux"))
			continue;
		fail(EXIT_REFUSED, "%s: a static call site names %s, the trampoline of module %s: "
		     "the loader would refuse the module", ko, sym->name, exporter);
	}
}

/* Every import must be an export, a livepatch symbol or the module's own. */
static void check_imports(struct kpb_build *b, const char *ko, const char *bases)
{
	struct elf *elf = elf_load(ko);
	char *symvers = xasprintf("%s/Module.symvers", b->objdir);
	struct symvers *sv = symvers_load(symvers), *from_bases = bases ? symvers_load(bases) : NULL;
	struct symbol *sym;

	check_crcs(b, ko, elf, sv, from_bases);
	check_static_call_sites(ko, elf, sv);
	for_each_symbol(elf, sym, i) {
		if (sym->sec || sym->shndx != SHN_UNDEF || !*sym->name ||
		    !strcmp(sym->name, "__this_module"))
			continue;
		if (!symvers_exporter(sv, sym->name) && !symvers_exporter(from_bases, sym->name))
			fail(EXIT_ERROR, "%s imports '%s', which the kernel does not export and which is "
			     "not a livepatch relocation", ko, sym->name);
	}
	symvers_free(sv);
	if (from_bases)
		symvers_free(from_bases);
	free(symvers);
	elf_free(elf);
}

/*
 * With --sign-key and --sign-cert, the kernel's own sign-file appends a
 * signature with the config's hash; without them the module is unsigned,
 * and loading it taints the kernel (or fails under module.sig_enforce).
 */
static void sign_module(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r,
			const char *ko)
{
	char *hash = config_option(b->config, "MODULE_SIG_HASH");
	char *sig = config_option(b->config, "MODULE_SIG");
	char *tool = xasprintf("%s/scripts/sign-file", b->objdir);
	char *argv[] = { tool, hash ? hash : "sha256", o->sign_key, o->sign_cert, (char *)ko, NULL };

	b->checks_signatures = sig && !strcmp(sig, "y");
	if (!o->sign_key) {
		if (b->checks_signatures)
				fprintf(stderr, "%s: the module is not signed: loading it taints the kernel, and a "
				"kernel that enforces module signatures refuses it (--sign-key, --sign-cert)\n",
				progname);
	} else if (!file_exists(tool)) {
		fail(EXIT_BAD_INPUT, "%s does not exist: this kernel was configured without module "
		     "signing (CONFIG_MODULE_SIG)", tool);
	} else if (run_argv(NULL, argv)) {
		fail(EXIT_BAD_INPUT, "sign-file could not sign the module with %s and %s",
		     o->sign_key, o->sign_cert);
	} else {
		r->signed_module = true;
	}
	free(tool);
	free(sig);
	free(hash);
}

/* templates/file into dir, if what is there differs (kbuild goes by mtimes). */
static void put_template(const char *templates, const char *dir, const char *file)
{
	char *from = xasprintf("%s/%s", templates, file), *to = xasprintf("%s/%s", dir, file);
	size_t size;
	char *text = read_file(from, &size);

	if (!text)
		fail(EXIT_ERROR, "%s: %s", from, strerror(errno));
	write_if_changed(to, text, size);
	free(text);
	free(to);
	free(from);
}

/*
 * The module directory, and the template compiled while the objects are
 * compiled and compared: it depends on the module's name and mode only,
 * so in a directory kept from the last build of the module, kbuild finds
 * it up to date.
 */
struct module_dir start_module(const struct kpb_options *o, const struct kpb_build *b)
{
	struct module_dir m = open_module_dir(o->cache, b->workdir, b->objdir, o->name);
	char *lp;

	put_template(b->templates, m.dir, "livepatch.c");
	put_template(b->templates, m.dir, "klp-meta.h");
	write_kbuild(o, b->templates, m.dir);
	lp = xasprintf("%s/livepatch.o", m.dir);
	/* one job more than the units' compiles and diffs: not with -j 1 */
	if (o->jobs > 1)
		m.template_build = kbuild_start_file(b, o->cache, m.dir, lp);
	free(lp);
	return m;
}

/* kbuild's module, out of its directory: what follows changes it. */
static char *take_module(const struct kpb_options *o, const struct kpb_build *b,
			 struct module_dir *m)
{
	char *built = xasprintf("%s/%s.ko", m->dir, o->name);
	char *ko = xasprintf("%s/%s.ko", b->workdir, o->name);
	int err = replace_file_copy(ko, built, 0644);

	if (err)
		fail(EXIT_ERROR, "cannot copy %s: %s", built, strerror(err));
	close_module_dir(m);
	free(built);
	return ko;
}

void build_module(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r,
		  struct module_dir *m)
{
	char *bases = bases_symvers(r, b->workdir);
	char *extra = bases ? xasprintf("KBUILD_EXTRA_SYMBOLS=%s", bases) : NULL;
	char *make[] = { extra, NULL };
	char *ko, *facts;
	struct elf *elf;
	struct json_object *manifest;

	manifest = seal_manifest(o, b, r);
	facts = write_facts(b, r, o->version, m->dir);

	link_patch(b->templates, r, m->dir, facts);
	if (m->template_build && finish(m->template_build))
		fail(EXIT_BUILD, "the module template does not compile against %s", b->objdir);
	if (kbuild_module(b, o->cache, m->dir, make))
		fail(EXIT_BUILD, "the livepatch module does not build");
	ko = take_module(o, b, m);
	/* After the final link, which would drop the livepatch markings. */
	elf = elf_load(ko);
	check_objtool_ran(b, ko, elf);
	log_printf("%zu livepatch relocations\n", klp_convert(elf));
	warn_no_reload(b, o->name, elf);
	embed_manifest(elf, manifest);
	elf_write(elf, ko);
	elf_free(elf);
	check_imports(b, ko, bases);
	sign_module(o, b, r, ko);
	r->module = ko;
	free(facts);
	free(bases);
	free(extra);
}

/* Nothing appears in the output directory until the module is complete. */
void install_module(const struct kpb_options *o, struct kpb_results *r)
{
	char *final = xasprintf("%s/%s.ko", o->outdir, o->name), *why;
	int err;

	make_dirs(o->outdir);
	why = dir_unsafe_for_output(o->outdir);
	if (why)
		fail(EXIT_USAGE, "-o: %s", why);
	err = replace_file_copy(final, r->module, 0644);

	if (err)
		fail(EXIT_ERROR, "cannot write %s: %s", final, strerror(err));
	r->output = final;
}
