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
 *	linux-headers-ABI-common	a copy of part of the kernel's tree, to
 *					check the source is the kernel's
 *
 * Only the vmlinux is taken out of the -dbg package (5 GB unpacked).  The
 * .deb files stay in one directory (--packages) that any number of caches
 * can share; one source tree per version serves every flavour of it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "context.h"
#include "debian-source.h"
#include "debian.h"
#include "digest.h"
#include "disk.h"
#include "kernels-spec.h"
#include "run.h"

struct debian {
	char *release;		/* 6.1.0-56-amd64 */
	char *version;		/* 6.1.192-2: of every package */
	const char *cache;	/* CACHE */
	char *dir;		/* CACHE/debian/RELEASE */
	char *debs;		/* where the .deb files are kept (--packages) */
};

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

/* Every version of a package apt knows, newest first, as "A, B, C". */
static char *apt_versions(const char *package)
{
	char *argv[] = { "apt-cache", "madison", (char *)package, NULL };
	char *out = run_capture(NULL, argv), *list = xstrdup(""), *line, *save = NULL;

	for (line = out ? strtok_r(out, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *bar = strchr(line, '|'), *v;

		if (!bar)
			continue;
		v = bar + 1 + strspn(bar + 1, " ");
		str_appendf(&list, "%s%.*s", *list ? ", " : "", (int)strcspn(v, " |"), v);
	}
	free(out);
	return list;
}

/* apt names a .deb PACKAGE_VERSION_ARCH.deb, with an epoch's ':' as "%3a". */
static char *deb_prefix(const char *package, const char *version)
{
	char *v = str_replace(xstrdup(version), ":", "%3a", true);
	char *prefix = xasprintf("%s_%s_", package, v);

	free(v);
	return prefix;
}

/* The .deb of package=version in debs, or NULL. */
static char *find_deb(const struct debian *d, const char *package)
{
	char *prefix = deb_prefix(package, d->version), *found = NULL;
	DIR *dir = opendir(d->debs);
	struct dirent *e;

	while (dir && !found && (e = readdir(dir)))
		if (str_starts(e->d_name, prefix) && str_ends(e->d_name, ".deb"))
			found = xasprintf("%s/%s", d->debs, e->d_name);
	if (dir)
		closedir(dir);
	free(prefix);
	return found;
}

/* Its owner's name, or the uid as a number. */
static char *owner_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	return pw ? xstrdup(pw->pw_name) : xasprintf("uid %u", (unsigned int)uid);
}

/*
 * deb opened for reading, refused unless a regular file only the running
 * user can change: what is checked must be what is unpacked.  O_NOFOLLOW
 * and fstat() look at the file that is then read, not at a name.
 */
static int open_deb(const char *deb)
{
	int fd = open(deb, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *owner, *me;

	if (fd < 0 && errno == ELOOP)
		fail(EXIT_BAD_INPUT, "%s is a symbolic link: kpatch-build unpacks only packages kept "
		     "as files; remove it (kpatch-build downloads it again)", deb);
	if (fd < 0 || fstat(fd, &st))
		fail(EXIT_ERROR, "%s: %s", deb, strerror(errno));
	if (!S_ISREG(st.st_mode))
		fail(EXIT_BAD_INPUT, "%s is not a regular file: remove it (kpatch-build downloads "
		     "it again)", deb);
	if (st.st_uid == geteuid() && !(st.st_mode & (S_IWGRP | S_IWOTH)))
		return fd;
	owner = owner_name(st.st_uid);
	me = owner_name(geteuid());
	fail(EXIT_BAD_INPUT, "%s (owner %s, mode %04o) can be changed by users other than %s, "
	     "and what it holds is run once it is unpacked: remove it (kpatch-build downloads it "
	     "again), or, if you trust it, chown %s and chmod go-w it", deb, owner,
	     (unsigned int)(st.st_mode & 07777), me, me);
}

/* Field name of a stanza of apt-cache show (NUL-terminated): its value (allocated), or NULL. */
static char *field(const char *stanza, const char *name)
{
	char *key = xasprintf("\n%s: ", name), *v = NULL;
	const char *p = strstr(stanza, key);

	/* The first line has no newline before it. */
	if (str_starts(stanza, key + 1))
		p = stanza + strlen(key + 1);
	else if (p)
		p += strlen(key);
	if (p)
		v = strndup(p, strcspn(p, "\n"));
	free(key);
	return v;
}

/* Whether field name of the stanza is value. */
static bool field_is(const char *stanza, const char *name, const char *value)
{
	char *v = field(stanza, name);
	bool is = v && !strcmp(v, value);

	free(v);
	return is;
}

/*
 * The SHA256 apt's index (whose signature apt checked) lists for
 * package=version on arch, into sums: one per archive that has that
 * version, so that a file is accepted if it is any of them.
 */
static void index_sha256(const char *package, const char *version, const char *arch,
			 struct strlist *sums)
{
	char *pin = xasprintf("%s=%s", package, version);
	char *argv[] = { "apt-cache", "show", "--no-all-versions", pin, NULL };
	char *out = run_capture(NULL, argv), *stanza, *next, *sum;

	for (stanza = out; stanza && *stanza; stanza = next) {
		char *end = strstr(stanza, "\n\n");

		next = end ? end + 2 : stanza + strlen(stanza);
		if (end)
			end[1] = '\0';
		if (!field_is(stanza, "Package", package) || !field_is(stanza, "Version", version) ||
		    !field_is(stanza, "Architecture", arch) || !(sum = field(stanza, "SHA256")))
			continue;
		if (!strlist_has(sums, sum))
			strlist_add(sums, sum);
		free(sum);
	}
	free(out);
	free(pin);
}

/*
 * deb, found in debs or downloaded now, refused (exit 5) unless it is the
 * file apt's signed index lists for package at d's version: apt checked
 * what it downloaded, but anyone may have put a file there before, and
 * its Makefile is run once it is unpacked.  Nothing is unpacked before.
 */
static void verify_deb(const struct debian *d, const char *deb, const char *package)
{
	/* find_deb() found it as PACKAGE_VERSION_ARCH.deb; neither has a '_' */
	const char *name = strrchr(deb, '_') + 1;
	char *arch = strndup(name, strlen(name) - strlen(".deb")), *sum, *want = NULL;
	struct strlist sums = { 0 };
	int fd = open_deb(deb);

	index_sha256(package, d->version, arch, &sums);
	if (!sums.nr)
		fail(EXIT_BAD_INPUT, "%s: apt's index lists no SHA256 for %s=%s (%s), so it cannot be "
		     "checked to be the archive's: add an archive that has this version (Debian's "
		     "snapshot archive, snapshot.debian.org, keeps every version) and run apt-get "
		     "update", deb, package, d->version, arch);
	sum = digest_hex(fd, "sha256", deb);
	close(fd);
	if (!strlist_has(&sums, sum)) {
		for (size_t i = 0; i < sums.nr; i++)
			str_appendf(&want, "%s%s", i ? " or " : "", sums.v[i]);
		fail(EXIT_BAD_INPUT, "%s is not the package apt's signed index lists for %s=%s (%s): "
		     "its SHA256 is %s, the index's %s; remove it (kpatch-build downloads it again)",
		     deb, package, d->version, arch, sum, want);
	}
	strlist_free(&sums);
	free(sum);
	free(arch);
}

/*
 * The .deb of package at exactly the kernel's version, downloaded if it is
 * not there: Debian's patches differ between revisions of one upstream
 * version, so no other version of the source will do.
 */
static char *fetch(const struct debian *d, const char *package)
{
	char *pin = xasprintf("%s=%s", package, d->version);
	/* Builds for several kernels at once share packages: one download at a time (DEBS/.lock). */
	char *dir = xasprintf("%s/", d->debs);
	int lock = cache_lock(dir);
	char *deb = find_deb(d, package);

	if (!deb) {
		char *get[] = { "apt-get", "download", "-q", pin, NULL };

		fprintf(stderr, "%s: downloading %s\n", progname, pin);
		if (run_argv(d->debs, get)) {
			char *have = apt_versions(package);

			fail(EXIT_BAD_INPUT, "%s %s: %s is not in the configured archives (%s has %s); "
			     "a livepatch needs the packages of the kernel's own version: add an archive "
			     "that keeps them (Debian's snapshot archive keeps every version), or give "
			     "the files with -s, -c, -v and --symvers", d->release, d->version, pin, package,
			     *have ? have : "no version");
		}
		deb = find_deb(d, package);
		if (!deb)
			fail(EXIT_ERROR, "apt-get download %s left no %s_%s_*.deb in %s", pin, package,
			     d->version, d->debs);
	}
	/* Under the lock: not a file another kpatch-build is still downloading. */
	verify_deb(d, deb, package);
	cache_unlock(lock);
	free(dir);
	free(pin);
	return deb;
}

/* A .deb's own Package and Version fields must be what it was fetched as. */
static void check_deb(const struct debian *d, const char *deb, const char *package)
{
	char *argv[] = { "dpkg-deb", "--showformat=${Package} ${Version}", "--show", (char *)deb, NULL };
	char *out = run_capture(NULL, argv), *want = xasprintf("%s %s", package, d->version);

	if (!out || strcmp(out, want))
		fail(EXIT_BAD_INPUT, "%s is %s, not %s: remove it from %s", deb,
		     out ? out : "not a Debian package", want, d->debs);
	free(want);
	free(out);
}

struct unpacking {
	const char *what, *script, *a, *b;
};

/* Run the script, which unpacks into PARAM(1); a and b are its PARAM(2) and PARAM(3). */
static char *run_unpack(const char *dir, void *arg)
{
	const struct unpacking *u = arg;
	const char *values[] = { dir, u->a, u->b };
	struct cmd cmd = { 0 };
	bool ok;

	fprintf(stderr, "%s: unpacking %s\n", progname, u->what);
	make_dirs(dir);
	cmd_script(&cmd, u->script, values, ARRAY_SIZE(values));
	ok = !run_cmd(NULL, &cmd);
	cmd_free(&cmd);
	return ok ? xstrdup(dir) : NULL;
}

/* dir, unpacked once (cache.h). */
static void unpack(const char *dir, const char *what, const char *script, const char *a,
		   const char *b)
{
	struct unpacking u = { what, script, a, b };
	bool ok;

	cache_get(dir, CACHE_RENAMED, run_unpack, &u, &ok);
	if (!ok)
		fail(EXIT_ERROR, "cannot unpack %s into %s (see the log)", what, dir);
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

/* One unpacked source per Debian version, shared by its flavours. */
static char *source_dir(const struct debian *d)
{
	return xasprintf("%s/debian/source-%s", d->cache, d->version);
}

/* The common headers package the headers of d's release depend on. */
static char *common_package(const struct debian *d, const char *headers_deb)
{
	char *argv[] = { "dpkg-deb", "--field", (char *)headers_deb, "Depends", NULL };
	char *out = run_capture(NULL, argv), *p = out, *pkg = NULL;

	while (p && !pkg && (p = strstr(p, "linux-headers-"))) {
		size_t n = strcspn(p, " ,(|\n");

		if (memmem(p, n, "-common", 7))
			pkg = strndup(p, n);
		p += n;
	}
	free(out);
	if (!pkg)
		fail(EXIT_BAD_INPUT, "%s depends on no linux-headers-*-common package: cannot tell "
		     "whether the packaged source is %s's", headers_deb, d->release);
	return pkg;
}

/* Made once the source is found to be the kernel's. */
static char *source_checked(const struct debian *d)
{
	return xasprintf("%s/source-checked", d->dir);
}

/*
 * The source and the headers first, checked to be the kernel's, before the
 * -dbg package (up to 1 GB) is fetched for a kernel that cannot be built.
 */
static char *fetch_source(struct debian *d)
{
	char *headers = xasprintf("linux-headers-%s", d->release);
	char *source = source_package(d->version);
	char *headers_deb = fetch(d, headers), *source_deb = fetch(d, source);
	char *common = common_package(d, headers_deb), *common_deb = fetch(d, common);
	char *src = source_dir(d), *root = xasprintf("%s/common", d->dir);
	char *member = xasprintf("./usr/src/%s.tar.*", source), *checked = source_checked(d);

	check_deb(d, headers_deb, headers);
	check_deb(d, source_deb, source);
	check_deb(d, common_deb, common);
	unpack(src, source, "dpkg-deb --fsys-tarfile " PARAM(2) " | tar -xO --wildcards " PARAM(3)
	       " | tar -xJ -C " PARAM(1) " --strip-components=1", source_deb, member);
	unpack(root, common, "dpkg-deb -x " PARAM(2) " " PARAM(1), common_deb, "");
	check_debian_source(d->release, d->version, src, root, common);
	write_file(checked, "", 0);
	free(checked);
	free(member);
	free(root);
	free(src);
	free(common_deb);
	free(common);
	free(source_deb);
	free(source);
	free(headers);
	return headers_deb;
}

static void fetch_all(struct debian *d)
{
	char *headers_deb = fetch_source(d);
	char *dbg = xasprintf("linux-image-%s-dbg", d->release);
	char *image = xasprintf("linux-image-%s", d->release);
	char *dbg_deb = fetch(d, dbg), *image_deb = fetch(d, image);
	char *vmlinux = xasprintf("%s/vmlinux", d->dir), *pkg = xasprintf("%s/pkg", d->dir);
	char *member = xasprintf("./usr/lib/debug/boot/vmlinux-%s", d->release);

	check_deb(d, dbg_deb, dbg);
	check_deb(d, image_deb, image);
	/*
	 * The vmlinux is among the package's first members: tar stops there
	 * (--occurrence), without decompressing the modules' debug files
	 * after it (about 25 s of 30), and dpkg-deb, cut off, says so.
	 */
	unpack(vmlinux, dbg, "dpkg-deb --fsys-tarfile " PARAM(2) " | tar -xO --occurrence=1 "
	       PARAM(3) " > " PARAM(1) "/vmlinux", dbg_deb, member);
	unpack(pkg, "the headers and the image", "dpkg-deb -x " PARAM(2) " " PARAM(1) " && "
	       "dpkg-deb -x " PARAM(3) " " PARAM(1), headers_deb, image_deb);
	free(member);
	free(pkg);
	free(vmlinux);
	free(image_deb);
	free(dbg_deb);
	free(headers_deb);
	free(image);
	free(dbg);
}

/* The packages of d's release, fetched and unpacked into dir; its version. */
static char *fetch_release(const char *dir, void *arg)
{
	struct debian *d = arg;
	char *dbg = xasprintf("linux-image-%s-dbg", d->release);
	char *mk[] = { "mkdir", "-p", "--", (char *)dir, d->debs, NULL };

	d->version = apt_version(dbg);
	if (!d->version)
		fail(EXIT_BAD_INPUT, "no package %s in the configured archives: is %s a Debian "
		     "kernel, and apt's package lists up to date (apt-get update)?", dbg, d->release);
	if (run_argv(NULL, mk))
		fail(EXIT_ERROR, "cannot create %s and %s", dir, d->debs);
	fetch_all(d);
	free(dbg);
	return xstrdup(d->version);
}

/*
 * --kernel RELEASE: the tree, config, vmlinux and Module.symvers of a
 * Debian kernel, from its packages (fetched and unpacked once).
 */
void use_debian_kernel(struct kpb_build *b, const char *release, const char *cache,
		       const char *packages)
{
	struct debian d = { .release = xstrdup(release), .cache = cache };
	char *inner;
	bool ok;

	if (!valid_release(release))
		fail(EXIT_USAGE, "--kernel %s: not a kernel release (uname -r prints one)", release);
	d.dir = xasprintf("%s/debian/%s", cache, release);
	d.debs = packages ? xstrdup(packages) : xasprintf("%s/debian/debs", cache);
	/* Fetched before: the packages of one release do not change.  The stamp is the version. */
	if (cache_get(d.dir, CACHE_IN_PLACE, fetch_release, &d, &ok)) {
		char *checked = source_checked(&d);

		cache_has(d.dir, CACHE_IN_PLACE, &d.version);
		/* Fetched by a kpatch-build that did not check the source. */
		if (!file_exists(checked))
			free(fetch_source(&d));
		free(checked);
	}
	b->tree_id = xasprintf("Debian %s %s", release, d.version);
	b->distro_version = xstrdup(d.version);
	inner = xasprintf("%s/pkg/usr/src/linux-headers-%s", d.dir, release);
	b->srcdir = source_dir(&d);
	if (!b->config)
		b->config = xasprintf("%s/.config", inner);
	if (!b->vmlinux)
		b->vmlinux = xasprintf("%s/vmlinux/vmlinux", d.dir);
	if (!b->symvers)
		b->symvers = xasprintf("%s/Module.symvers", inner);
	b->modules_dir = xasprintf("%s/pkg/lib/modules/%s", d.dir, release);
	free(inner);
	free(d.debs);
	free(d.dir);
	free(d.version);
	free(d.release);
}
