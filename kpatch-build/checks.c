// SPDX-License-Identifier: GPL-2.0
/*
 * Input checks, before any work: a mismatch between the tree, the config,
 * the compiler and the vmlinux the user runs must stop the build with a
 * clear reason, not produce a module that silently does the wrong thing.
 */
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <unistd.h>

#include "kpatch-build.h"

/* The contents of a named section of an ELF file, or NULL. */
char *elf_section(const char *path, const char *name, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *e;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	char *copy = NULL;

	if (fd < 0)
		return NULL;
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (e && !elf_getshdrstrndx(e, &shstrndx)) {
		while ((scn = elf_nextscn(e, scn))) {
			GElf_Shdr sh;
			Elf_Data *d;
			const char *n;

			if (!gelf_getshdr(scn, &sh) || !(n = elf_strptr(e, shstrndx, sh.sh_name)) ||
			    strcmp(n, name) || !(d = elf_getdata(scn, NULL)))
				continue;
			copy = xmalloc(d->d_size + 1);
			memcpy(copy, d->d_buf, d->d_size);
			copy[d->d_size] = '\0';
			*size = d->d_size;
			break;
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	return copy;
}

/* "6.1.158" from the "Linux version 6.1.158 (...)" banner in .rodata. */
static char *vmlinux_release(const char *vmlinux)
{
	size_t size;
	char *rodata = elf_section(vmlinux, ".rodata", &size), *p, *end, *rel = NULL;

	if (!rodata)
		fail(EXIT_BAD_INPUT, "%s: not a vmlinux (no .rodata section)", vmlinux);
	p = memmem(rodata, size, "Linux version ", 14);
	if (p) {
		p += 14;
		end = p + strcspn(p, " ");
		rel = strndup(p, end - p);
	}
	free(rodata);
	if (!rel)
		fail(EXIT_BAD_INPUT, "%s: no Linux version banner: not a vmlinux", vmlinux);
	return rel;
}

/* The value of CONFIG_name in a .config, or NULL when unset. */
char *config_value(const char *config, const char *name)
{
	char *key = xasprintf("\nCONFIG_%s=", name), *p, *v = NULL;

	p = strstr(config, key);
	if (p) {
		p += strlen(key);
		v = strndup(p, strcspn(p, "\n"));
		if (*v == '"') {
			memmove(v, v + 1, strlen(v));
			v[strcspn(v, "\"")] = '\0';
		}
	}
	free(key);
	return v;
}

static void check_config(const char *config)
{
	static const char *const needed[] = {
		"MODULES", "LIVEPATCH", "KALLSYMS_ALL", "FUNCTION_TRACER", "DYNAMIC_FTRACE",
	};
	char *text = read_file(config, NULL), *buf;

	if (!text)
		fail(EXIT_BAD_INPUT, "cannot read config %s", config);
	buf = xasprintf("\n%s", text);
	for (size_t i = 0; i < ARRAY_SIZE(needed); i++) {
		char *v = config_value(buf, needed[i]);

		if (!v || strcmp(v, "y"))
			fail(EXIT_BAD_INPUT, "config %s: CONFIG_%s is not =y; a livepatch needs it",
			     config, needed[i]);
		free(v);
	}
	free(buf);
	free(text);
}

/* The config records the compiler the kernel was built with. */
static void check_compiler(const char *config, const char *vmlinux)
{
	char *argv[] = { "gcc", "--version", NULL };
	char *text = read_file(config, NULL), *buf = xasprintf("\n%s", text);
	char *want = config_value(buf, "CC_VERSION_TEXT");
	char *have = run_capture(NULL, argv), *comment;
	size_t size;

	if (!have)
		fail(EXIT_BAD_INPUT, "no gcc on PATH");
	have[strcspn(have, "\n")] = '\0';
	if (want && strcmp(want, have))
		fail(EXIT_BAD_INPUT, "compiler mismatch: the kernel was built with '%s', gcc here is '%s'; "
		     "install that compiler, or build against a kernel built with this one",
		     want, have);
	comment = elf_section(vmlinux, ".comment", &size);
	/* .comment holds "GCC: (Debian 12.2.0-14) 12.2.0"; gcc says "gcc (Debian ...) 12.2.0". */
	if (comment && strchr(have, ' ') && !memmem(comment, size, strchr(have, ' '),
						    strlen(strchr(have, ' '))))
		fail(EXIT_BAD_INPUT, "compiler mismatch: %s was not built by '%s'", vmlinux, have);
	free(comment);
	free(want);
	free(buf);
	free(text);
	free(have);
}

static char *makefile_var(const char *makefile, const char *var)
{
	char *key = xasprintf("\n%s =", var), *p = strstr(makefile, key), *v;

	free(key);
	if (!p)
		return xstrdup("");
	p += strlen(var) + 3;
	p += strspn(p, " \t");
	v = strndup(p, strcspn(p, " \t\n"));
	return v;
}

/* VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION CONFIG_LOCALVERSION, as kbuild does. */
static char *tree_release(const char *srcdir, const char *config)
{
	char *path = xasprintf("%s/Makefile", srcdir), *mk = read_file(path, NULL);
	char *text = read_file(config, NULL), *buf = xasprintf("\n%s", text ? text : "");
	char *v[4], *local = config_value(buf, "LOCALVERSION"), *rel;

	if (!mk)
		fail(EXIT_BAD_INPUT, "%s is not a kernel source tree (no Makefile)", srcdir);
	free(path);
	path = xasprintf("\n%s", mk);
	v[0] = makefile_var(path, "VERSION");
	v[1] = makefile_var(path, "PATCHLEVEL");
	v[2] = makefile_var(path, "SUBLEVEL");
	v[3] = makefile_var(path, "EXTRAVERSION");
	rel = xasprintf("%s.%s.%s%s%s", v[0], v[1], v[2], v[3], local ? local : "");
	for (int i = 0; i < 4; i++)
		free(v[i]);
	free(local);
	free(buf);
	free(text);
	free(path);
	free(mk);
	return rel;
}

static void check_tree(void)
{
	char *kernel = xasprintf("%s/kernel/livepatch", kpb->srcdir);
	char *rel;

	if (!file_exists(kernel))
		fail(EXIT_BAD_INPUT, "%s is not a kernel source tree with livepatch support",
		     kpb->srcdir);
	free(kernel);
	kpb->release = vmlinux_release(kpb->vmlinux);
	rel = tree_release(kpb->srcdir, kpb->config);
	if (strcmp(rel, kpb->release))
		fail(EXIT_BAD_INPUT, "%s is Linux %s but the source tree %s with this config is %s: "
		     "use the tree and config the running kernel was built from",
		     kpb->vmlinux, kpb->release, kpb->srcdir, rel);
	free(rel);
}

void check_inputs(void)
{
	if (!file_exists(kpb->srcdir))
		fail(EXIT_BAD_INPUT, "source tree %s does not exist", kpb->srcdir);
	if (!file_exists(kpb->config))
		fail(EXIT_BAD_INPUT, "config %s does not exist", kpb->config);
	if (!file_exists(kpb->vmlinux))
		fail(EXIT_BAD_INPUT, "vmlinux %s does not exist", kpb->vmlinux);
	check_config(kpb->config);
	check_tree();
	check_compiler(kpb->config, kpb->vmlinux);
	load_bases();
	for (size_t i = 0; i < kpb->nr_patches; i++)
		read_patch_files(&kpb->patches[i]);
	check_patches_apply();
	load_previous();
	check_hotfixes();
}
