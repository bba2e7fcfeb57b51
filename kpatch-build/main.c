// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch-build: from PATCH... to a livepatch module for the kernel the user
 * runs.  Stages: check inputs, prepare the original build (cached), compile
 * the affected translation units with the patches, diff them, build the
 * module, install it.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "build.h"
#include "checks.h"
#include "context.h"
#include "deb.h"
#include "debian.h"
#include "disk.h"
#include "elf.h"
#include "files.h"
#include "kbuild.h"
#include "kernels-spec.h"
#include "kernels.h"
#include "klp-convert.h"
#include "manifest.h"
#include "module.h"
#include "oot.h"
#include "patch-read.h"
#include "release.h"
#include "run-report.h"
#include "run.h"
#include "series.h"
#include "stage.h"
#include "units.h"
#include "workdirs.h"
#include "view.h"

/* The --help text: one string, in the order parse_options handles the options. */
static void usage(FILE *f)
{
	fprintf(f,
"usage: kpatch-build [options] PATCH...\n"
"\n"
"Build a livepatch module that applies PATCH... to the running kernel.  By\n"
"default no kernel is built: the affected objects are compiled in a prepared\n"
"tree (the source with the kernel's config, make modules_prepare) and checked\n"
"against the vmlinux and modules that run.\n"
"\n"
"      --kernel RELEASE    a Debian kernel (uname -r of the machine it runs on): its\n"
"                          source, config, vmlinux and Module.symvers come from its\n"
"                          packages, downloaded and unpacked once into the cache\n"
"      --packages DIR      where --kernel keeps the .deb files it downloads, to share\n"
"                          them between caches (default: CACHE/debian/debs)\n"
"      --kernels SPEC      one module per Debian kernel of SPEC, in OUTPUT/RELEASE/:\n"
"                          releases separated by commas, patterns of them ('*'\n"
"                          is any run without '-': '6.1.0-*-amd64', '?' any one\n"
"                          character), or a file of those ('#' comments); a\n"
"                          summary, and resumes\n"
"      --kernel-jobs N     with --kernels: kernels built at once (default: from\n"
"                          the CPUs and the memory)\n"
"      --plan FILE         with --kernels: write each kernel's build as a job\n"
"                          (JSON: a plain kpatch-build --kernel command) and stop\n"
"      --no-fuzz           refuse a patch that applies only with fuzz (with\n"
"                          --kernels always)\n"
"  -s, --sourcedir DIR     kernel source tree the running kernel was built from\n"
"  -c, --config FILE       its .config (default: DIR/.config)\n"
"  -v, --vmlinux FILE      the vmlinux it runs, with symbols\n"
"                          (default: /usr/lib/debug/boot/vmlinux-$(uname -r))\n"
"  -n, --name NAME         module name (default: livepatch-<first patch name>)\n"
"  -o, --output DIR        where to write NAME.ko (default: .)\n"
"  -j, --jobs N            parallel jobs (default: number of CPUs)\n"
"  -t, --target TARGET     make target of a full original build (--full-build);\n"
"                          repeatable (default: vmlinux modules)\n"
"  -R, --non-replace       a stacked module (default: replace, cumulative)\n"
"      --base KO           with -R: a stacked livepatch already deployed, built by\n"
"                          kpatch-build, that this one goes on top of (its patches\n"
"                          next to it); repeatable, in load order. Dependent on\n"
"                          a base by overlap, reference, shared state or shared\n"
"                          source, else independent\n"
"      --series FILE       build a cumulative release from a series file (patches\n"
"                          in a labelled base set and additions) instead of PATCH...\n"
"      --previous KO       a deployed module this release replaces: the release and\n"
"                          the hot fixes stacked on it (their patches next to them);\n"
"                          repeatable, in load order. Reports what is added,\n"
"                          changed and dropped; carries klp_states forward\n"
"      --allow-drop NAME   let the release drop NAME: a function ([OBJ/]NAME), a\n"
"                          patch file, a series label, or a hot fix module\n"
"  -d, --debug             keep the work directory, explain every change\n"
"      --skip-cleanup      keep the work directory\n"
"      --full-build        build the whole original kernel (once, cached, then\n"
"                          reused without the option) instead of compiling only\n"
"                          the affected objects in a prepared tree\n"
"      --symvers FILE      Module.symvers of the running kernel, for the prepared\n"
"                          tree (default: the build's that made the vmlinux, if\n"
"                          given; with --kernel its headers package's; else\n"
"                          /lib/modules/RELEASE/build/Module.symvers)\n"
"      --cache DIR         original builds, prepared trees and logs\n"
"                          (default: $XDG_CACHE_HOME/kpatch-build or ~/.cache/kpatch-build;\n"
"                          without HOME, /var/cache/kpatch-build for root); yours alone\n"
"      --build-dir DIR     the kbuild output directory (make O=DIR) the running\n"
"                          kernel was built in; the original build itself when built\n"
"                          with -ffunction-sections -fdata-sections\n"
"      --sign-key KEY      sign the module with this private key (PEM, or a PKCS#11\n"
"                          URI) and --sign-cert CERT, with the kernel's sign-file;\n"
"                          without them it is unsigned and taints the kernel\n"
"      --sign-cert CERT    the X.509 certificate of KEY (PEM or DER)\n"
"      --deb               also write a Debian package of the module for its kernel,\n"
"                          livepatch-NAME-RELEASE_VERSION_amd64.deb, depending on\n"
"                          that kernel's exact linux-image; installing it installs\n"
"                          the module with klp-manage and loads or upgrades it when\n"
"                          that kernel runs. The maintainer: $DEBFULLNAME <$DEBEMAIL>\n"
"      --deb-version V     its version (default: the series' version, else 1)\n"
"      --deb-name NAME     its NAME (default: the module's, without livepatch-); the\n"
"                          same for every cumulative release, so that each upgrades\n"
"                          the last\n"
"      --json FILE         write a machine-readable report (failures too)\n"
"      --oot-module KO     patch this out-of-tree module (the one that runs), with\n"
"                          --oot-module-src\n"
"      --oot-module-src DIR  its source; the patches apply to DIR\n"
"      --info KO           print the manifest of a module built by kpatch-build\n"
"      --info-json KO      the same, as JSON\n"
"      --verify ORIG.o PATCHED.o [OUTPUT.o]  only the verifier: check what\n"
"                          create-diff-object wrote for a unit against the objects\n"
"                          it came from, or without OUTPUT.o that nothing changed\n"
"                          outside functions (every build runs it; exit 3 on a problem)\n"
"      --klp-convert IN OUT  only the post-link step: turn the .klp.sym references\n"
"                          of a linked module IN into livepatch relocation\n"
"                          sections (.klp.rela.*), written to OUT\n"
"  -h, --help              this text\n"
"\n"
"Exit status: 0 built, 1 internal error, 2 usage, 3 the change cannot be\n"
"livepatched safely, 4 no functional change, 5 inputs do not match (tree,\n"
"config, vmlinux, compiler, patch), 6 a build failed, 7 interrupted.  A failure\n"
"writes no module; it prints the reason and the log's path (CACHE/logs/NAME.log),\n"
"writes the --json report if asked for, and removes the work directory (unless\n"
"-d or --skip-cleanup).\n");
}

static char *default_name(const char *patch)
{
	const char *base = strrchr(patch, '/');
	char *name = xasprintf("livepatch-%s", base ? base + 1 : patch), *p;

	if (str_ends(name, ".patch"))
		name[strlen(name) - 6] = '\0';
	else if (str_ends(name, ".diff"))
		name[strlen(name) - 5] = '\0';
	else if (str_ends(name, ".series"))
		name[strlen(name) - 7] = '\0';
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			*p = '_';
	if (strlen(name) > 55)
		name[55] = '\0';
	return name;
}

static char *absolute(const char *path)
{
	char buf[PATH_MAX];

	if (!realpath(path, buf))
		fail(EXIT_BAD_INPUT, "%s: %s", path, strerror(errno));
	return xstrdup(buf);
}

/* An input path of the kind its option takes, as an absolute path. */
static char *input(const char *option, const char *path, bool dir)
{
	struct stat st;

	if (stat(path, &st))
		fail(EXIT_BAD_INPUT, "%s %s: %s", option, path, strerror(errno));
	if (dir && !S_ISDIR(st.st_mode))
		fail(EXIT_BAD_INPUT, "%s %s: not a directory", option, path);
	if (!dir && !S_ISREG(st.st_mode))
		fail(EXIT_BAD_INPUT, "%s %s: %s, not a file", option, path,
		     S_ISDIR(st.st_mode) ? "a directory" : "a special file");
	return absolute(path);
}

/* A directory that may not exist yet, as an absolute path. */
static char *absolute_dir(char *path)
{
	char cwd[PATH_MAX], *abs;

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return path;
	abs = xasprintf("%s/%s", cwd, path);
	free(path);
	return abs;
}

/* Our other tools sit beside us; templates in the tree or the install. */
static void find_tools(struct kpb_build *b)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *installed, *tree;

	if (n < 0)
		die("cannot find my own executable");
	self[n] = '\0';
	b->self = xstrdup(self);
	*strrchr(self, '/') = '\0';
	b->tooldir = xstrdup(self);
	installed = xasprintf("%s/../share/kpatch-build/templates", self);
	tree = xasprintf("%s/../../templates", self);
	if (file_exists(installed))
		b->templates = absolute(installed);
	else if (file_exists(tree))
		b->templates = absolute(tree);
	else
		die("cannot find the module templates (%s)", installed);
	free(installed);
	free(tree);
}

/*
 * The cache holds what later builds run (kbuild records, prepared trees):
 * without HOME it is root's /var/cache or the user's home from passwd,
 * never a name anyone could take first under /tmp.
 */
static void default_cache(struct kpb_options *o)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct passwd *pw;

	if (!o->cache && xdg && *xdg)
		o->cache = xasprintf("%s/kpatch-build", xdg);
	else if (!o->cache && home && *home)
		o->cache = xasprintf("%s/.cache/kpatch-build", home);
	else if (!o->cache && !geteuid())
		o->cache = xstrdup("/var/cache/kpatch-build");
	else if (!o->cache && (pw = getpwuid(geteuid())) && pw->pw_dir && *pw->pw_dir)
		o->cache = xasprintf("%s/.cache/kpatch-build", pw->pw_dir);
	else if (!o->cache)
		fail(EXIT_USAGE, "no HOME and no home directory for user %u: give --cache DIR",
		     (unsigned)geteuid());
	o->cache = absolute_dir(o->cache);
	if (o->packages)
		o->packages = absolute_dir(o->packages);
}

/* The cache and the package directory: the user's alone (files.h), or refused. */
static void trust_dir(const char *what, const char *dir)
{
	char *why = make_trusted_dir(dir);

	if (why)
		fail(EXIT_USAGE, "%s %s cannot be trusted: %s", what, dir, why);
}

/*
 * kbuild builds in the cache (prepared trees, the module) and reads the
 * templates from their path: it refuses spaces and colons in a path, make
 * expands '$' in one, and its records paste paths into shell commands.
 */
static void check_kbuild_path(const char *what, const char *path)
{
	size_t bad = strspn(path, KBUILD_PATH_CHARS);
	char shown[16];

	if (!path[bad])
		return;
	if (path[bad] == '\'')
		snprintf(shown, sizeof(shown), "\"'\"");
	else if (isgraph((unsigned char)path[bad]) || path[bad] == ' ')
		snprintf(shown, sizeof(shown), "'%c'", path[bad]);
	else
		snprintf(shown, sizeof(shown), "byte 0x%02x", (unsigned char)path[bad]);
	fail(EXIT_USAGE, "%s %s: kbuild works in this directory and cannot take a path holding %s; "
	     "use a path of letters, digits and / . _ + , @ ~ -", what, path, shown);
}

/* Where a module or report goes: no one else may replace it there (else no report in o->json). */
static void check_output_dir(struct kpb_options *o, const char *option, const char *dir)
{
	char *why = dir_unsafe_for_output(dir);

	if (why) {
		o->json = NULL;
		fail(EXIT_USAGE, "%s: %s", option, why);
	}
}

static void default_paths(struct kpb_options *o, struct kpb_build *b)
{
	struct utsname u;

	if (!b->srcdir)
		fail(EXIT_USAGE, "no source tree: give it with -s DIR, or --kernel RELEASE for a Debian kernel");
	b->srcdir = input("-s", b->srcdir, true);
	if (!b->config)
		b->config = xasprintf("%s/.config", b->srcdir);
	b->config = input("-c", b->config, false);
	if (!b->vmlinux && !uname(&u))
		b->vmlinux = xasprintf("/usr/lib/debug/boot/vmlinux-%s", u.release);
	b->vmlinux = input("-v", b->vmlinux, false);
	if (b->build_dir)
		b->build_dir = input("--build-dir", b->build_dir, true);
	if (b->symvers)
		b->symvers = input("--symvers", b->symvers, false);
	if (o->sign_key && !strstr(o->sign_key, ":"))
		o->sign_key = input("--sign-key", o->sign_key, false);
	if (o->sign_cert)
		o->sign_cert = input("--sign-cert", o->sign_cert, false);
	for (size_t i = 0; i < o->base_kos.nr; i++)
		o->base_kos.v[i] = input("--base", o->base_kos.v[i], false);
	for (size_t i = 0; i < o->previous_kos.nr; i++)
		o->previous_kos.v[i] = input("--previous", o->previous_kos.v[i], false);
	if (o->oot_module) {
		o->oot_module = input("--oot-module", o->oot_module, false);
		o->oot_module_src = input("--oot-module-src", o->oot_module_src, true);
	}
	o->patch_root = o->oot_module_src ? o->oot_module_src : b->srcdir;
	if (!o->outdir)
		o->outdir = xstrdup(".");
	if (!o->jobs)
		o->jobs = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
}

static void make_workdir(const struct kpb_options *o, struct kpb_build *b)
{
	/* Builds for several kernels under one name run at once: a log each. */
	char *logs = o->kernel ? xasprintf("%s/logs/%s", o->cache, o->kernel)
				  : xasprintf("%s/logs", o->cache);

	make_dirs(logs);
	b->log = xasprintf("%s/%s.log", logs, o->name);
	unlink(b->log);
	log_to(b->log);
	reclaim_workdirs(o->cache);
	b->workdir = new_workdir(o->cache);
	free(logs);
}

static void add_target(struct kpb_options *o, char *target)
{
	o->targets = xrealloc(o->targets, (o->nr_targets + 1) * sizeof(char *));
	o->targets[o->nr_targets++] = target;
}

static void check_options(struct kpb_options *o, const struct kpb_build *b, int argc, char **argv);

static int parse_jobs(const char *option, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end || end == arg || n < 1 || n > MAX_JOBS)
		fail(EXIT_USAGE, "%s %s: give between 1 and %d jobs", option, arg, MAX_JOBS);
	return n;
}

/* --klp-convert IN OUT: the step module.c runs after the final link, alone. */
static int convert_only(const char *in, const char *out, int rest)
{
	struct elf *elf;
	size_t moved;

	const char *irregular;

	if (rest != 1)
		fail(EXIT_USAGE, "--klp-convert IN OUT: give the linked module and the file to write");
	irregular = not_regular_file(in);
	if (irregular)
		fail(EXIT_BAD_INPUT, "--klp-convert %s: %s", in, irregular);
	/* Whatever stops the reading is the input's fault. */
	die_code = EXIT_BAD_INPUT;
	elf = elf_load(in);
	moved = klp_convert(elf);
	die_code = EXIT_ERROR;
	elf_write(elf, out);
	elf_free(elf);
	fprintf(stderr, "%s: %zu livepatch relocation%s\n", progname, moved, moved == 1 ? "" : "s");
	return EXIT_OK;
}

/* --verify ORIG.o PATCHED.o [OUTPUT.o]: the verifier alone, on one unit's diff. */
static void verify_only(const char *orig, char **rest, int nr)
{
	if (nr != 1 && nr != 2)
		fail(EXIT_USAGE, "--verify ORIG.o PATCHED.o [OUTPUT.o]: give the original and patched "
		     "objects of a unit and create-diff-object's output for them (none if it found "
		     "no change)");
	for (int i = -1; i < nr; i++) {
		const char *path = i < 0 ? orig : rest[i], *irregular = not_regular_file(path);

		if (irregular)
			fail(EXIT_BAD_INPUT, "--verify %s: %s", path, irregular);
	}
	die_code = EXIT_BAD_INPUT;	/* a malformed object is the input's fault */
	exit(verify_command(orig, rest[0], nr == 2 ? rest[1] : NULL));
}

/* --info KO: the manifest, or a failure like any other (the --json report too). */
static void info_only(const char *ko, bool json)
{
	char *why = NULL;
	int code = print_info(ko, json, &why);

	if (code)
		fail(code, "%s", why);
	exit(EXIT_OK);
}

/* Longer than 60 lines for a reason: one case per option, in the order of --help. */
static void parse_options(struct kpb_options *o, struct kpb_build *b, int argc, char **argv)
{
	enum { SKIP_CLEANUP = 256, CACHE, BUILD_DIR, JSON, OOT, OOT_SRC, INFO, INFO_JSON, KLP_CONVERT, BASE,
	       SERIES, PREVIOUS, ALLOW_DROP, FULL_BUILD, SYMVERS, KERNEL, PACKAGES, SIGN_KEY, SIGN_CERT,
	       KERNELS, KERNEL_JOBS, PLAN, NO_FUZZ, VERIFY, DEB, DEB_VERSION, DEB_NAME };
	static const struct option options[] = {
		{ "sourcedir", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "name", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "target", required_argument, NULL, 't' },
		{ "non-replace", no_argument, NULL, 'R' },
		{ "debug", no_argument, NULL, 'd' },
		{ "skip-cleanup", no_argument, NULL, SKIP_CLEANUP },
		{ "cache", required_argument, NULL, CACHE },
		{ "build-dir", required_argument, NULL, BUILD_DIR },
		{ "json", required_argument, NULL, JSON },
		{ "oot-module", required_argument, NULL, OOT },
		{ "oot-module-src", required_argument, NULL, OOT_SRC },
		{ "base", required_argument, NULL, BASE },
		{ "series", required_argument, NULL, SERIES },
		{ "full-build", no_argument, NULL, FULL_BUILD },
		{ "kernel", required_argument, NULL, KERNEL },
		{ "packages", required_argument, NULL, PACKAGES },
		{ "kernels", required_argument, NULL, KERNELS },
		{ "kernel-jobs", required_argument, NULL, KERNEL_JOBS },
		{ "plan", required_argument, NULL, PLAN },
		{ "no-fuzz", no_argument, NULL, NO_FUZZ },
		{ "sign-key", required_argument, NULL, SIGN_KEY },
		{ "sign-cert", required_argument, NULL, SIGN_CERT },
		{ "symvers", required_argument, NULL, SYMVERS },
		{ "deb", no_argument, NULL, DEB },
		{ "deb-version", required_argument, NULL, DEB_VERSION },
		{ "deb-name", required_argument, NULL, DEB_NAME },
		{ "previous", required_argument, NULL, PREVIOUS },
		{ "allow-drop", required_argument, NULL, ALLOW_DROP },
		{ "info", required_argument, NULL, INFO },
		{ "info-json", required_argument, NULL, INFO_JSON },
		{ "klp-convert", required_argument, NULL, KLP_CONVERT },
		{ "verify", required_argument, NULL, VERIFY },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *info = NULL, *convert = NULL, *verify = NULL;
	bool info_json = false, bad = false;
	int c;

	while ((c = getopt_long(argc, argv, "s:c:v:n:o:j:t:Rdh", options, NULL)) != -1) {
		switch (c) {
		case 's': b->srcdir = optarg; break;
		case 'c': b->config = optarg; break;
		case 'v': b->vmlinux = optarg; break;
		case 'n': o->name = optarg; break;
		case 'o': o->outdir = xstrdup(optarg); break;
		case 'j': o->jobs = parse_jobs("-j", optarg); break;
		case 't': add_target(o, optarg); break;
		case 'R': o->replace = false; break;
		case 'd': o->debug = o->skip_cleanup = true; break;
		case SKIP_CLEANUP: o->skip_cleanup = true; break;
		case CACHE: o->cache = xstrdup(optarg); break;
		case BUILD_DIR: b->build_dir = optarg; break;
		case JSON: o->json = optarg; break;
		case OOT: o->oot_module = optarg; break;
		case OOT_SRC: o->oot_module_src = optarg; break;
		case BASE: strlist_add(&o->base_kos, optarg); break;
		case SERIES: o->series = optarg; break;
		case FULL_BUILD: o->full_build = true; break;
		case KERNEL: o->kernel = optarg; break;
		case PACKAGES: o->packages = xstrdup(optarg); break;
		case KERNELS: o->kernels = optarg; break;
		case KERNEL_JOBS: o->kernel_jobs = parse_jobs("--kernel-jobs", optarg); break;
		case PLAN: o->plan = optarg; break;
		case NO_FUZZ: o->no_fuzz = true; break;
		case SIGN_KEY: o->sign_key = optarg; break;
		case SIGN_CERT: o->sign_cert = optarg; break;
		case SYMVERS: b->symvers = optarg; break;
		case DEB: o->deb = true; break;
		case DEB_VERSION: o->deb_version = optarg; break;
		case DEB_NAME: o->deb_name = optarg; break;
		case PREVIOUS: strlist_add(&o->previous_kos, optarg); break;
		case ALLOW_DROP: strlist_add(&o->allow_drop, optarg); break;
		case INFO: info = optarg; info_json = false; break;
		case INFO_JSON: info = optarg; info_json = true; break;
		case KLP_CONVERT: convert = optarg; break;
		case VERIFY: verify = optarg; break;
		case 'h': usage(stdout); exit(EXIT_OK);
		default: bad = true; break;
		}
	}
	/* After the whole command line: a failure writes the --json report wherever it stands. */
	if (bad) {
		usage(stderr);
		fail(EXIT_USAGE, "unknown option, or an option without its argument (see above)");
	}
	if (info)
		info_only(info, info_json);
	if (convert)
		exit(convert_only(convert, argv[optind], argc - optind));
	if (verify)
		verify_only(verify, argv + optind, argc - optind);
	check_options(o, b, argc, argv);
}

/* PATCH... or --series FILE */
static void read_patch_args(struct kpb_options *o, int argc, char **argv)
{
	if (o->series) {
		if (optind < argc)
			fail(EXIT_USAGE, "give the patches either in --series %s or as arguments",
			     o->series);
		read_series(o, o->series);
		if (!o->name)
			o->name = default_name(o->series);
		return;
	}
	if (optind == argc) {
		usage(stderr);
		fail(EXIT_USAGE, "no patch: give PATCH... or --series FILE");
	}
	o->nr_patches = argc - optind;
	o->patches = xcalloc(o->nr_patches, sizeof(*o->patches));
	for (int i = optind; i < argc; i++) {
		o->patches[i - optind].path = input("patch", argv[i], false);
		o->patches[i - optind].group = -1;
	}
	if (!o->name)
		o->name = default_name(o->patches[0].path);
}

/* Found out now, not after the build: where the report goes must exist. */
static void check_report_dir(struct kpb_options *o, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	if (stat(slash ? dir : ".", &st) || !S_ISDIR(st.st_mode)) {
		const char *report = o->json;

		o->json = NULL;
		fail(EXIT_USAGE, "--json %s: %s is not a directory", report, slash ? dir : ".");
	}
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		o->json = NULL;
		fail(EXIT_USAGE, "--json %s is a directory: give the report's file name", path);
	}
	check_output_dir(o, "--json", slash ? dir : ".");
	free(dir);
}

static void check_options(struct kpb_options *o, const struct kpb_build *b, int argc, char **argv)
{
	if (o->json)
		check_report_dir(o, o->json);
	if (file_exists(o->outdir ? o->outdir : "."))
		check_output_dir(o, "-o", o->outdir ? o->outdir : ".");
	if (o->base_kos.nr && o->replace)
		fail(EXIT_USAGE, "--base goes with -R: a replace patch supersedes every loaded patch");
	if (o->base_kos.nr && o->oot_module)
		fail(EXIT_USAGE, "--base is not supported with --oot-module yet");
	if (!o->sign_key != !o->sign_cert)
		fail(EXIT_USAGE, "--sign-key and --sign-cert go together");
	/* It names directories of the cache: checked before anything uses it. */
	if (o->kernel && !valid_release(o->kernel))
		fail(EXIT_USAGE, "--kernel %s: not a kernel release (uname -r prints one)", o->kernel);
	if (o->kernel && b->srcdir)
		fail(EXIT_USAGE, "--kernel brings its own source tree: leave out -s");
	if (o->packages && !o->kernel && !o->kernels)
		fail(EXIT_USAGE, "--packages goes with --kernel: it is where its packages are kept");
	if (o->kernels)
		check_kernels_options(o, b);
	else if (o->plan || o->kernel_jobs)
		fail(EXIT_USAGE, "--plan and --kernel-jobs go with --kernels");
	if (!o->oot_module != !o->oot_module_src)
		fail(EXIT_USAGE, "--oot-module and --oot-module-src go together");
	if (o->previous_kos.nr && !o->replace)
		fail(EXIT_USAGE, "--previous goes with a replace (cumulative) build, not -R");
	if (o->allow_drop.nr && !o->previous_kos.nr)
		fail(EXIT_USAGE, "--allow-drop needs --previous: there is nothing to drop from");
	read_patch_args(o, argc, argv);
	/* Names in a patch come from whoever wrote it: checked before anything is made. */
	for (size_t i = 0; i < o->nr_patches; i++)
		read_patch_files(&o->patches[i]);
	if (!module_name_ok(o->name))
		fail(EXIT_USAGE, "'%s' is not a module name: use at most 55 letters, digits, '_' or '-'",
		     o->name);
	check_deb_options(o);
}

/* main()'s run, as far as it got: what a failure reports and cleans up. */
struct run_so_far {
	const struct kpb_options *o;
	const struct kpb_build *b;
	const struct kpb_results *r;
};

/* What every failure does after its message: the run stopped, the report, cleanup. */
static void wind_up(void *arg, int code, const char *reason)
{
	const struct run_so_far *run = arg;

	stop_run(code, run->o->skip_cleanup);
	write_report(run->o, run->b, run->r, code, reason);
	if (run->b->workdir && run->o->skip_cleanup)
		keep_workdir(run->b->workdir);
	else if (run->b->workdir)
		remove_tree(run->b->workdir);
}

/* The stages, in order, from the checked inputs to the installed module. */
static void build_livepatch(const struct kpb_options *o, struct kpb_build *b,
			    struct kpb_results *r)
{
	struct module_dir module;

	stage_begin("checking inputs");
	check_inputs(o, b, r);
	stage_begin(b->build_dir ? "using the given original build" : "preparing the original");
	prepare_original(o, b, r);
	module = start_module(o, b);
	if (o->oot_module) {
		stage_begin("building the out-of-tree module, original and patched");
		oot_units(o, b, r);
	} else {
		stage_begin("finding the affected translation units");
		find_units(o, b, r);
		stage_begin("compiling them with the patches");
		compile_units(o, b, r);
	}
	stage_begin("comparing objects");
	diff_units(o, b, r);
	stage_begin("building the module");
	build_module(o, b, r, &module);
	if (o->deb) {
		stage_begin("packaging it for Debian");
		r->deb = build_deb(o, b, r);
	}
	install_module(o, r);
	if (r->deb)
		install_deb(o, r);
	stage_end();
}

int main(int argc, char **argv)
{
	struct kpb_options o = { .replace = true };
	struct kpb_build b = { 0 };
	struct kpb_results r = { 0 };
	struct run_so_far run = { &o, &b, &r };

	progname = "kpatch-build";
	fail_winds_up(wind_up, &run);
	kbuild_record_if_asked(argv);
	fail_on_die();
	parse_options(&o, &b, argc, argv);
	default_cache(&o);
	find_tools(&b);
	check_kbuild_path("the cache", o.cache);
	check_kbuild_path("the templates", b.templates);
	trust_dir("the cache", o.cache);
	if (o.packages)
		trust_dir("--packages", o.packages);
	if (o.kernels)
		return build_kernels(&o, &b);
	make_workdir(&o, &b);
	catch_signals();
	debug = o.debug;
	if (o.kernel) {
		stage_begin("fetching the Debian kernel's packages");
		use_debian_kernel(&b, o.kernel, o.cache, o.packages);
	}
	default_paths(&o, &b);
	build_livepatch(&o, &b, &r);
	fprintf(stderr, "%s: [%6.1fs] wrote %s\n", progname, stage_elapsed_total(), r.output);
	if (r.deb)
		fprintf(stderr, "%s: wrote %s\n", progname, r.deb);
	write_report(&o, &b, &r, EXIT_OK, NULL);
	if (o.skip_cleanup)
		keep_workdir(b.workdir);
	else
		remove_tree(b.workdir);
	return EXIT_OK;
}
