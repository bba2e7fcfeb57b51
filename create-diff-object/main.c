// SPDX-License-Identifier: GPL-2.0
/*
 * create-diff-object: compare the original and the patched object of one
 * translation unit and write an object holding only what the livepatch
 * needs.  Phases: calls within shared sections made relocations, correlate,
 * compare, include, special sections, output with livepatch references,
 * metadata.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "arch.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: create-diff-object [options] ORIG.o PATCHED.o TARGET OUTPUT.o\n"
"\n"
"Compare two builds of one translation unit (compiled with -ffunction-sections\n"
"-fdata-sections) and write OUTPUT.o with what a livepatch needs: the changed\n"
"and new functions, their new data, and references to everything else.\n"
"TARGET is the vmlinux or module .ko the patch is for: its symbol table\n"
"resolves references and livepatch symbol positions.\n"
"\n"
"  -s, --symvers FILE       Module.symvers of the target kernel\n"
"  -e, --entry-sizes FILE   special section entry sizes: '<section> <size>' lines\n"
"  -n, --objname NAME       patched object name (default: from TARGET)\n"
"  -f, --force-function NAME  replace NAME although it did not change\n"
"  -p, --provided FILE      names (one a line) of new globals other objects of\n"
"                           the same livepatch define: references stay plain\n"
"  -b, --base-module KO     a stacked livepatch module this one is built on:\n"
"                           symbols not in TARGET are looked up there\n"
"  -r, --report FILE        the report for kpatch-build (lib/engine-report.c):\n"
"                           what is printed, the functions the output replaces\n"
"                           with the hash of their code, the symbols reached in\n"
"                           base modules\n"
"  -O, --objtool-later      objtool runs on the final module (kernels with IBT):\n"
"                           leave out the sections it makes (ORC, *_sites)\n"
"  -d, --debug              explain correlations and every change\n"
"  -h, --help               this text\n"
"\n"
"Prints 'changed: FUNC' and 'new: FUNC' for every function it includes,\n"
"'new data: NAME' for new data it includes, 'shadow: ID' for each klp_shadow_*\n"
"call of included code ('?': not constant) and 'state: ID VERSION' for each\n"
"KLP_STATE() declaration of the patched object.\n"
"Exit status: 0 written, 1 error, 2 usage, 3 refused (cannot be livepatched\n"
"safely; the message says why and what to do), 4 no functional change.\n");
}

static const char *file_symbol(const struct elf *elf)
{
	struct symbol *sym;

	for_each_symbol(elf, sym, i)
		if (sym->type == STT_FILE)
			return sym->name;
	return NULL;
}

static bool valid_objname(const char *name)
{
	return *name && strlen(name) < 56 && !strpbrk(name, ".,/ \t");
}

static void run(struct cdo *cdo, const char *output, const char *report)
{
	section_calls(cdo);
	correlate(cdo);
	compare(cdo);
	check_registrations(cdo);
	check_aliases(cdo);
	check_asm_symbols(cdo);
	include(cdo);
	check_changes_reachable(cdo);
	check_unknown_specials(cdo);
	output_begin(cdo);
	output_included(cdo);
	emit_thunk_relocs(cdo);
	special_emit(cdo);
	emit_thunk_orc(cdo);
	emit_metadata(cdo);
	report_included(cdo);
	report_shadow_ids(cdo);
	report_states(cdo);
	report_print(cdo);
	report_force_unsafe(cdo);
	if (!cdo->report.nr_funcs) {
		fprintf(stderr, "%s: %s: no functional change\n", progname,
			cdo->patched_path);
		leave(EXIT_NOCHANGE);
	}
	fflush(stdout);
	output_finish(cdo, output);
	if (report)
		report_write(cdo, output, report);
}

struct options {
	const char *symvers, *sizes, *objname, *report;
};

static void read_provided(struct cdo *cdo, const char *path)
{
	size_t size;
	char *text = read_file(path, &size), *line, *save = NULL;

	if (!text)
		die("%s: %s", path, strerror(errno));
	free(cdo->provided_text);
	cdo->provided_text = text;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		strmap_add(&cdo->provided, line, NULL);
}

static void parse_options(int argc, char **argv, struct cdo *cdo, struct options *o)
{
	static const struct option options[] = {
		{ "symvers", required_argument, NULL, 's' },
		{ "entry-sizes", required_argument, NULL, 'e' },
		{ "objname", required_argument, NULL, 'n' },
		{ "force-function", required_argument, NULL, 'f' },
		{ "base-module", required_argument, NULL, 'b' },
		{ "provided", required_argument, NULL, 'p' },
		{ "report", required_argument, NULL, 'r' },
		{ "objtool-later", no_argument, NULL, 'O' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:e:n:f:b:p:r:Odvh", options, NULL)) != -1) {
		switch (c) {
		case 's': o->symvers = optarg; break;
		case 'e': o->sizes = optarg; break;
		case 'n': o->objname = optarg; break;
		case 'b':
			cdo->bases = xrealloc(cdo->bases, (cdo->nr_bases + 1) * sizeof(*cdo->bases));
			cdo->bases[cdo->nr_bases++] = target_load(optarg);
			break;
		case 'f':
			cdo->force = xrealloc(cdo->force, (cdo->nr_force + 1) * sizeof(char *));
			cdo->force[cdo->nr_force++] = optarg;
			break;
		case 'p': read_provided(cdo, optarg); break;
		case 'r': o->report = optarg; break;
		case 'O': cdo->objtool_later = true; break;
		case 'd': case 'v': debug = true; break;
		case 'h': usage(stdout); leave(EXIT_OK);
		default: usage(stderr); leave(EXIT_USAGE);
		}
	}
	if (argc - optind != 4) {
		usage(stderr);
		leave(EXIT_USAGE);
	}
}

static void cleanup(struct cdo *cdo)
{
	insn_cleanup();
	special_compare_done();
	special_kept_free(cdo);
	free(cdo->force);
	free(cdo->ambiguous);
	free(cdo->branches);
	free(cdo->far_jumps);
	free(cdo->thunks);
	engine_report_free(&cdo->report);
	strmap_free(&cdo->provided);
	free(cdo->provided_text);
	for (size_t i = 0; i < cdo->nr_bases; i++)
		target_free(cdo->bases[i]);
	free(cdo->bases);
	elf_free(cdo->out);
	elf_free(cdo->orig);
	elf_free(cdo->patched);
	target_free(cdo->target);
	if (cdo->symvers)
		symvers_free(cdo->symvers);
}

/* What leave() frees when the run stops early (a harness runs many). */
static struct cdo *running;

static void cleanup_running(void)
{
	cleanup(running);
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct cdo cdo = { 0 };

	progname = "create-diff-object";
	running = &cdo;
	leave_hook = cleanup_running;
	strmap_init(&cdo.provided, 64);
	parse_options(argc, argv, &cdo, &o);
	cdo.orig_path = argv[optind];
	cdo.patched_path = argv[optind + 1];
	cdo.orig = elf_load(cdo.orig_path);
	cdo.patched = elf_load(cdo.patched_path);
	cdo.target = target_load(argv[optind + 2]);
	if (o.symvers)
		cdo.symvers = symvers_load(o.symvers);
	if (o.sizes)
		read_entry_sizes(&cdo, o.sizes);
	cdo.objname = o.objname ? o.objname : cdo.target->objname;
	if (!valid_objname(cdo.objname))
		die("'%s' is not a valid object name (a module name, or vmlinux)", cdo.objname);
	cdo.file = file_symbol(cdo.orig);
	run(&cdo, argv[optind + 3], o.report);
	leave_hook = NULL;
	cleanup(&cdo);
	return EXIT_OK;
}
