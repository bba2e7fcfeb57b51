// SPDX-License-Identifier: GPL-2.0
/*
 * Where the running kernel was built, when the user has that build: the
 * tree itself when it was built in place with plain make (kpatch's usual
 * -s TREE -c TREE/.config -v TREE/vmlinux), or the --build-dir of a make
 * O=DIR build.  That build's Module.symvers and modules are the ones that
 * run.  It is the original the patches are compared with only when it was
 * built with function sections; otherwise a prepared tree is made from the
 * source and the build only supplies what it knows.
 */
#include <string.h>

#include "context.h"
#include "disk.h"
#include "elf-file.h"
#include "kbuild-record.h"
#include "kernel-build.h"
#include "run.h"

/*
 * The "Linux version 6.1.0-56-amd64 (...) ... Debian 6.1.192-2 (...)"
 * banner in .rodata, without "Linux version ".
 */
char *vmlinux_banner(const char *vmlinux)
{
	size_t size;
	char *rodata = elf_file_section(vmlinux, ".rodata", &size), *p, *banner = NULL;

	if (!rodata)
		fail(EXIT_BAD_INPUT, "%s: not a vmlinux (no .rodata section)", vmlinux);
	p = memmem(rodata, size, "Linux version ", 14);
	if (p)
		banner = strndup(p + 14, strcspn(p + 14, "\n"));
	free(rodata);
	if (!banner)
		fail(EXIT_BAD_INPUT, "%s: no Linux version banner: not a vmlinux", vmlinux);
	return banner;
}

/*
 * The build dir of the given vmlinux: dir holds a vmlinux with the same
 * banner (release, build number, compiler and date), so its symbols and
 * modules are those of the kernel that runs.
 */
static bool builds_this_vmlinux(const char *dir, const char *vmlinux)
{
	char *ours = xasprintf("%s/vmlinux", dir);
	bool same = false;

	if (file_exists(ours)) {
		char *a = vmlinux_banner(ours), *b = vmlinux_banner(vmlinux);

		same = !strcmp(a, b);
		free(a);
		free(b);
	}
	free(ours);
	return same;
}

/* kbuild's record of init/main.o, an object every configuration builds. */
static bool has_function_sections(const char *dir)
{
	char *path = xasprintf("%s/init/.main.o.cmd", dir);
	struct kbuild_record rec;
	bool yes = record_read(&rec, path, "init/main.o") && rec.cmd &&
		   strstr(rec.cmd, " -ffunction-sections") && strstr(rec.cmd, " -fdata-sections");

	record_free(&rec);
	free(path);
	return yes;
}

static void default_to(char **what, const char *dir, const char *file)
{
	char *path = xasprintf("%s/%s", dir, file);

	if (!*what && file_exists(path))
		*what = path;
	else
		free(path);
}

void find_kernel_build(struct kpb_build *b, bool packaged)
{
	const char *dir;

	if (b->build_dir) {
		dir = b->build_dir;
		if (!builds_this_vmlinux(dir, b->vmlinux))
			fail(EXIT_BAD_INPUT, "--build-dir %s did not build %s (its vmlinux is missing or "
			     "another): give the build directory of the kernel that runs", dir,
			     b->vmlinux);
		if (!has_function_sections(dir)) {
			log_printf("%s was built without function sections: the original is a "
				   "prepared tree\n", dir);
			b->build_dir = NULL;
		}
	} else if (!packaged && builds_this_vmlinux(b->srcdir, b->vmlinux)) {
		dir = b->srcdir;
	} else {
		return;
	}
	default_to(&b->symvers, dir, "Module.symvers");
	if (!b->modules_dir) {
		char *order = xasprintf("%s/modules.order", dir);

		if (file_exists(order))
			b->modules_dir = xstrdup(dir);
		free(order);
	}
	log_printf("the running kernel was built in %s: its Module.symvers%s\n", dir,
		   b->modules_dir && !strcmp(b->modules_dir, dir) ? " and modules" : "");
}
