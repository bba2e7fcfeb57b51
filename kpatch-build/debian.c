// SPDX-License-Identifier: GPL-2.0
/*
 * Debian kernels (--kernel RELEASE): everything a livepatch for a kernel
 * Debian ships needs is in its archive, in packages of one version.  They
 * are fetched with apt-get download and unpacked once into the cache:
 *
 *	linux-image-RELEASE-dbg		the vmlinux that runs, with symbols
 *	linux-headers-RELEASE		the build's .config and Module.symvers
 *	linux-image-RELEASE		vmlinuz and the modules
 *	linux-source-X.Y		the source, at the same version
 *
 * Only the vmlinux is taken out of the -dbg package (5 GB unpacked).
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "kpatch-build.h"

struct debian {
	char *release;		/* 6.1.0-56-amd64 */
	char *version;		/* 6.1.192-2: of every package */
	char *dir;		/* CACHE/debian/RELEASE */
	char *debs;		/* CACHE/debian/debs */
};

static bool valid_release(const char *s)
{
	if (!*s || !isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".+-_~", *s))
			return false;
	return true;
}

/* "Version: " of a package as apt knows it, or NULL. */
static char *apt_version(const char *package)
{
	char *argv[] = { "apt-cache", "show", "--no-all-versions", (char *)package, NULL };
	char *out = run_capture(NULL, argv), *p, *v = NULL;

	if (out && (p = strstr(out, "\nVersion: ")))
		v = strndup(p + 10, strcspn(p + 10, "\n"));
	free(out);
	return v;
}

/* The .deb of package=version in debs, downloaded if it is not there. */
static char *fetch(const struct debian *d, const char *package)
{
	char *glob = xasprintf("%s/%s_*.deb", d->debs, package);
	char *pin = xasprintf("%s=%s", package, d->version);
	char *find = xasprintf("ls %s 2>/dev/null | head -n1", glob);
	char *argv[] = { "sh", "-c", find, NULL };
	char *deb = run_capture(NULL, argv);

	if (!deb || !*deb) {
		char *get[] = { "apt-get", "download", "-q", pin, NULL };

		free(deb);
		fprintf(stderr, "%s: downloading %s\n", progname, pin);
		if (run(d->debs, get))
			fail(EXIT_BAD_INPUT, "apt-get download %s failed: is the package in the "
			     "configured archives (apt-get update)?", pin);
		deb = run_capture(NULL, argv);
		if (!deb || !*deb)
			fail(EXIT_ERROR, "apt-get download %s left no %s", pin, glob);
	}
	deb[strcspn(deb, "\n")] = '\0';
	free(find);
	free(pin);
	free(glob);
	return deb;
}

/* Run cmd, which unpacks into @TMP@, then rename that to dir. */
static void unpack(const char *dir, const char *what, const char *cmd)
{
	char *tmp = xasprintf("%s.tmp", dir), *sh;

	if (file_exists(dir))
		return;
	fprintf(stderr, "%s: unpacking %s\n", progname, what);
	remove_tree(tmp);
	sh = str_replace(xstrdup(cmd), "@TMP@", tmp, false);
	if (run_shell(NULL, sh) || rename(tmp, dir))
		fail(EXIT_ERROR, "cannot unpack %s into %s (see the log)", what, dir);
	free(sh);
	free(tmp);
}

/* linux-source-6.1 for 6.1.192-2 */
static char *source_package(const char *version)
{
	const char *dot = strchr(version, '.');
	size_t n = dot ? strspn(dot + 1, "0123456789") : 0;

	if (!dot || !n)
		fail(EXIT_BAD_INPUT, "cannot tell the source package of kernel version %s", version);
	return xasprintf("linux-source-%.*s", (int)(dot + 1 + n - version), version);
}

static void fetch_all(struct debian *d)
{
	char *dbg = xasprintf("linux-image-%s-dbg", d->release);
	char *image = xasprintf("linux-image-%s", d->release);
	char *headers = xasprintf("linux-headers-%s", d->release);
	char *source = source_package(d->version);
	char *dbg_deb = fetch(d, dbg), *image_deb = fetch(d, image);
	char *headers_deb = fetch(d, headers), *source_deb = fetch(d, source);
	char *vmlinux = xasprintf("%s/vmlinux", d->dir), *pkg = xasprintf("%s/pkg", d->dir);
	char *src = xasprintf("%s/src", d->dir);
	char *cmd = xasprintf("mkdir -p @TMP@ && dpkg-deb --fsys-tarfile '%s' | "
			      "tar -xO ./usr/lib/debug/boot/vmlinux-%s > @TMP@/vmlinux",
			      dbg_deb, d->release);

	unpack(vmlinux, dbg, cmd);
	free(cmd);
	cmd = xasprintf("dpkg-deb -x '%s' @TMP@ && dpkg-deb -x '%s' @TMP@", headers_deb, image_deb);
	unpack(pkg, "the headers and the image", cmd);
	free(cmd);
	cmd = xasprintf("mkdir -p @TMP@ && dpkg-deb --fsys-tarfile '%s' | tar -xO --wildcards "
			"'./usr/src/%s.tar.*' | tar -xJ -C @TMP@ --strip-components=1",
			source_deb, source);
	unpack(src, source, cmd);
	free(cmd);
	free(src);
	free(pkg);
	free(vmlinux);
	free(source_deb);
	free(headers_deb);
	free(image_deb);
	free(dbg_deb);
	free(source);
	free(headers);
	free(image);
	free(dbg);
}

/*
 * --kernel RELEASE: the tree, config, vmlinux and Module.symvers of a
 * Debian kernel, from its packages (fetched and unpacked once).
 */
void use_debian_kernel(const char *release)
{
	struct debian d = { .release = xstrdup(release) };
	char *dbg = xasprintf("linux-image-%s-dbg", release), *stamp;
	char *inner;

	if (!valid_release(release))
		fail(EXIT_USAGE, "--kernel %s: not a kernel release (uname -r prints one)", release);
	d.dir = xasprintf("%s/debian/%s", kpb->cache, release);
	d.debs = xasprintf("%s/debian/debs", kpb->cache);
	stamp = xasprintf("%s/version", d.dir);
	/* Unpacked before: the packages of one release do not change. */
	d.version = read_file(stamp, NULL);
	if (!d.version) {
		char *mk;

		d.version = apt_version(dbg);
		if (!d.version)
			fail(EXIT_BAD_INPUT, "no package %s in the configured archives: is %s a Debian "
			     "kernel, and apt's package lists up to date (apt-get update)?", dbg, release);
		mk = xasprintf("mkdir -p '%s' '%s'", d.dir, d.debs);
		if (run_shell(NULL, mk))
			fail(EXIT_ERROR, "cannot create %s", d.dir);
		fetch_all(&d);
		write_file(stamp, d.version, strlen(d.version));
		free(mk);
	}
	kpb->tree_id = xasprintf("Debian %s %s", release, d.version);
	inner = xasprintf("%s/pkg/usr/src/linux-headers-%s", d.dir, release);
	kpb->srcdir = xasprintf("%s/src", d.dir);
	if (!kpb->config)
		kpb->config = xasprintf("%s/.config", inner);
	if (!kpb->vmlinux)
		kpb->vmlinux = xasprintf("%s/vmlinux/vmlinux", d.dir);
	if (!kpb->symvers)
		kpb->symvers = xasprintf("%s/Module.symvers", inner);
	kpb->modules_dir = xasprintf("%s/pkg/lib/modules/%s", d.dir, release);
	free(inner);
	free(stamp);
	free(dbg);
	free(d.debs);
	free(d.dir);
	free(d.version);
	free(d.release);
}
