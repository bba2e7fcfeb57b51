// SPDX-License-Identifier: GPL-2.0
/*
 * --deb: the module as a Debian binary package, livepatch-STEM-RELEASE,
 * one per kernel ABI.  It depends on the exact linux-image it was built
 * for, ships the module (and the bases it was built on) under
 * /usr/lib/livepatch-packages/PACKAGE, and its maintainer scripts
 * (templates/deb-*.in) install, load, upgrade and remove it with
 * klp-manage.  dpkg-deb builds it; nothing here needs debhelper.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "arch.h"
#include "deb.h"
#include "digest.h"
#include "disk.h"
#include "elf-file.h"
#include "files.h"
#include "manifest.h"
#include "run.h"

/* Debian's rule for package names, lower case only. */
static bool package_name_ok(const char *s)
{
	if (strlen(s) < 2 || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("+-.", *s))
			return false;
	return true;
}

/* A native version: a digit first, no epoch, no revision. */
static bool version_ok(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".+~", *s))
			return false;
	return true;
}

char *deb_package(const struct kpb_options *o, const char *release)
{
	const char *stem = o->deb_name ? o->deb_name : o->name;
	char *name;

	/* livepatch-foo, the default module name, is not livepatch-livepatch-foo */
	if (!strncmp(stem, "livepatch-", 10) || !strncmp(stem, "livepatch_", 10))
		stem += 10;
	name = xasprintf("livepatch-%s-%s", stem, release);
	for (char *p = name; *p; p++)
		if (*p == '_')
			*p = '-';
	return name;
}

char *deb_version(const struct kpb_options *o)
{
	return xstrdup(o->deb_version ? o->deb_version : o->version ? o->version : "1");
}

/* DEBFULLNAME <DEBEMAIL>, or DEBEMAIL alone when it has the name, as dch takes them. */
static char *maintainer(void)
{
	const char *mail = getenv("DEBEMAIL"), *full = getenv("DEBFULLNAME");
	char *m;

	if (!mail || !*mail)
		return NULL;
	m = strchr(mail, '<') || !full || !*full ? xstrdup(mail) : xasprintf("%s <%s>", full, mail);
	for (const char *p = m; *p; p++)
		if (iscntrl((unsigned char)*p)) {
			free(m);
			return NULL;
		}
	if (!strchr(m, '<') || !strchr(m, '@')) {
		free(m);
		return NULL;
	}
	return m;
}

void check_deb_options(const struct kpb_options *o)
{
	char *name, *m;

	if (!o->deb) {
		if (o->deb_version || o->deb_name)
			fail(EXIT_USAGE, "--deb-version and --deb-name go with --deb");
		return;
	}
	if (o->oot_module)
		fail(EXIT_USAGE, "--deb packages a module for a kernel's own code, not --oot-module");
	/* the release: --kernel names it now; a tree's is checked once read */
	name = deb_package(o, o->kernel ? o->kernel : "0");
	if (!package_name_ok(name))
		fail(EXIT_USAGE, "--deb: '%s' cannot name a Debian package (lower-case letters, digits, "
		     "'+', '-', '.'): give --deb-name", name);
	free(name);
	name = deb_version(o);
	if (!version_ok(name))
		fail(EXIT_USAGE, "--deb: '%s' is not a package version here (a digit, then letters, "
		     "digits, '.', '+', '~'): give --deb-version", name);
	free(name);
	m = maintainer();
	if (!m)
		fail(EXIT_USAGE, "--deb: a package names its maintainer: set DEBEMAIL to an address "
		     "(and DEBFULLNAME to a name), as for dch; no control characters");
	free(m);
}

/* text as the lines of an extended description: wrapped, each after a space. */
static void add_wrapped(char **out, const char *text)
{
	char *copy = xstrdup(text), *save = NULL;
	size_t col = 0;

	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (col && col + 1 + strlen(w) > 75) {
			str_appendf(out, "\n");
			col = 0;
		}
		str_appendf(out, " %s", w);
		col += 1 + strlen(w);
	}
	str_appendf(out, "\n");
	free(copy);
}

static char *patch_list(const struct kpb_options *o)
{
	char *list = xstrdup("");

	for (size_t i = 0; i < o->nr_patches; i++)
		str_appendf(&list, "%s%s", i ? ", " : "", o->patches[i].name);
	return list;
}

struct deb {
	const struct kpb_options *o;
	const struct kpb_build *b;
	char *package, *version, *root, *dir, *doc;
	unsigned long kib;	/* Installed-Size */
	struct strlist files;	/* what it installs, from the root: its md5sums */
};

/* path holds text, with mode whatever the umask (dpkg-deb checks the control files'). */
static void write_mode(const char *path, const char *data, size_t size, mode_t mode)
{
	write_file(path, data, size);
	if (chmod(path, mode))
		fail(EXIT_ERROR, "chmod %s: %s", path, strerror(errno));
}

/* A file the package installs, counted in Installed-Size. */
static void put_file(struct deb *d, const char *path, const char *data, size_t size, mode_t mode)
{
	write_mode(path, data, size, mode);
	d->kib += (size + 1023) / 1024;
	strlist_add(&d->files, path + strlen(d->root) + 1);
}

static void put_copy(struct deb *d, const char *from, const char *to)
{
	size_t size;
	char *data = read_file(from, &size);

	if (!data)
		fail(EXIT_ERROR, "%s: %s", from, strerror(errno));
	put_file(d, to, data, size, 0644);
	free(data);
}

static void put_dir(const char *dir)
{
	make_dirs(dir);
	if (chmod(dir, 0755))
		fail(EXIT_ERROR, "chmod %s: %s", dir, strerror(errno));
}

/* root/rel and every directory between, each 0755 whatever the umask. */
static void put_dirs(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel);

	for (char *p = path + strlen(root) + 1;; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = '\0';
		put_dir(path);
		*p = c;
		if (!c)
			break;
	}
	free(path);
}

/* The md5 of root/rel, in hex (allocated). */
static char *md5_of(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel), *hex;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		fail(EXIT_ERROR, "%s: %s", path, strerror(errno));
	hex = digest_hex(fd, "md5", path);
	close(fd);
	free(path);
	return hex;
}

static void add_md5(char **text, const char *root, const char *rel)
{
	char *hex = md5_of(root, rel);

	str_appendf(text, "%s  %s\n", hex, rel);
	free(hex);
}

/* A maintainer script from its template, the names (checked: one word each) put in. */
static void put_script(struct deb *d, const char *which)
{
	char *in = xasprintf("%s/deb-%s.in", d->b->templates, which);
	char *text = read_file(in, NULL), *sysname = xstrdup(d->o->name);
	char *path = xasprintf("%s/DEBIAN/%s", d->root, which);

	if (!text)
		fail(EXIT_ERROR, "%s: %s", in, strerror(errno));
	for (char *p = sysname; *p; p++)
		if (*p == '-')
			*p = '_';
	text = str_replace(text, "@PACKAGE@", d->package, false);
	text = str_replace(text, "@RELEASE@", d->b->release, false);
	text = str_replace(text, "@MODULE@", d->o->name, false);
	text = str_replace(text, "@SYSNAME@", sysname, false);
	write_mode(path, text, strlen(text), 0755);
	free(path);
	free(sysname);
	free(text);
	free(in);
}

/* RFC 5322 date of SOURCE_DATE_EPOCH, else now: what dpkg-parsechangelog reads. */
static char *changelog_date(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	char buf[64];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	return xstrdup(buf);
}

static void put_changelog(struct deb *d, const char *maint)
{
	char *path = xasprintf("%s/changelog.gz", d->doc), *date = changelog_date();
	char *patches = patch_list(d->o), *text, *entry;
	gzFile gz;
	struct stat st;

	entry = xasprintf("Livepatch %s for Linux %s, built by kpatch-build from %s.", d->o->name,
			  d->b->release, patches);
	text = xasprintf("%s (%s) unstable; urgency=medium\n\n", d->package, d->version);
	/* a bullet, then the entry's words wrapped under it */
	str_appendf(&text, "  *");
	add_wrapped(&text, entry);
	text = str_replace(text, "\n ", "\n    ", false);
	str_appendf(&text, "\n -- %s  %s\n", maint, date);
	/* zlib writes no name and no time: the same package from the same build */
	gz = gzopen(path, "wb9");
	if (!gz || gzwrite(gz, text, strlen(text)) != (int)strlen(text) || gzclose(gz) != Z_OK)
		fail(EXIT_ERROR, "cannot write %s", path);
	if (chmod(path, 0644) || stat(path, &st))
		fail(EXIT_ERROR, "%s: %s", path, strerror(errno));
	d->kib += (st.st_size + 1023) / 1024;
	strlist_add(&d->files, path + strlen(d->root) + 1);
	free(entry);
	free(text);
	free(patches);
	free(date);
	free(path);
}

static void put_copyright(struct deb *d)
{
	static const char text[] =
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
		"Comment: a livepatch module built by kpatch-build from patches to the Linux\n"
		" kernel: it is a work derived from the kernel, under the kernel's licence.\n"
		"\n"
		"Files: *\n"
		"Copyright: 1991-2026 Linus Torvalds, the authors of the Linux kernel and of the patches\n"
		"License: GPL-2\n"
		" On Debian systems, the complete text of the GNU General Public License\n"
		" version 2 can be found in /usr/share/common-licenses/GPL-2.\n";
	char *path = xasprintf("%s/copyright", d->doc);

	put_file(d, path, text, sizeof(text) - 1, 0644);
	free(path);
}

/* The modules: this one, and the bases it was built on (klp-manage installs them together). */
static void put_modules(struct deb *d, const struct kpb_results *r)
{
	char *to = xasprintf("%s/%s.ko", d->dir, d->o->name);
	size_t size;
	char *manifest = elf_file_section(r->module, MANIFEST_SECTION, &size), *path;

	put_copy(d, r->module, to);
	free(to);
	for (size_t i = 0; i < r->nr_bases; i++) {
		to = xasprintf("%s/%s.ko", d->dir, r->bases[i].name);
		put_copy(d, r->bases[i].ko, to);
		free(to);
	}
	if (!manifest)
		fail(EXIT_ERROR, "%s: no %s section", r->module, MANIFEST_SECTION);
	path = xasprintf("%s/manifest.json", d->doc);
	put_file(d, path, manifest, strnlen(manifest, size), 0644);
	free(path);
	free(manifest);
}

static void put_control(struct deb *d, const char *maint)
{
	const struct kpb_build *b = d->b;
	char *path = xasprintf("%s/DEBIAN/control", d->root), *patches = patch_list(d->o);
	char *text, *about;

	text = xasprintf("Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: %s\n"
			 "Installed-Size: %lu\nDepends: klp-manage, kmod", d->package, d->version,
			 DEB_ARCH, maint, d->kib);
	/* the build it was made for: the signed image, or the unsigned one */
	if (b->distro && b->distro_version)
		str_appendf(&text, ", linux-image-%s (= %s) | linux-image-%s-unsigned (= %s)",
			    b->release, b->distro_version, b->release, b->distro_version);
	str_appendf(&text, "\nSection: kernel\nPriority: optional\nDescription: livepatch for Linux %s\n",
		    b->release);
	about = xasprintf("The livepatch module %s, built by kpatch-build for the kernel %s from %s.",
			  d->o->name, b->release, patches);
	add_wrapped(&text, about);
	str_appendf(&text, " .\n");
	add_wrapped(&text, "Installing the package installs the module with klp-manage, which loads "
		    "it at every boot of that kernel, and loads it at once when that kernel runs, "
		    "over an earlier cumulative release with klp-manage upgrade (no moment without "
		    "a fix). Removing the package unloads and uninstalls it.");
	write_mode(path, text, strlen(text), 0644);
	free(about);
	free(text);
	free(patches);
	free(path);
}

/* DEBIAN/md5sums: every file the package installs. */
static void put_md5sums(struct deb *d)
{
	char *path = xasprintf("%s/DEBIAN/md5sums", d->root), *text = xstrdup("");

	for (size_t i = 0; i < d->files.nr; i++)
		add_md5(&text, d->root, d->files.v[i]);
	write_mode(path, text, strlen(text), 0644);
	free(text);
	free(path);
}

char *build_deb(const struct kpb_options *o, const struct kpb_build *b, const struct kpb_results *r)
{
	struct deb d = { .o = o, .b = b };
	char *maint = maintainer(), *out;
	struct cmd c = { 0 };

	d.package = deb_package(o, b->release);
	if (!package_name_ok(d.package))
		fail(EXIT_USAGE, "--deb: '%s' cannot name a Debian package (the kernel release %s "
		     "has characters a package name cannot): give --deb-name", d.package, b->release);
	d.version = deb_version(o);
	d.root = xasprintf("%s/deb", b->workdir);
	d.dir = xasprintf("%s/usr/lib/livepatch-packages/%s", d.root, d.package);
	d.doc = xasprintf("%s/usr/share/doc/%s", d.root, d.package);
	put_dir(d.root);
	put_dirs(d.root, "DEBIAN");
	put_dirs(d.root, d.dir + strlen(d.root) + 1);
	put_dirs(d.root, d.doc + strlen(d.root) + 1);
	put_modules(&d, r);
	put_copyright(&d);
	put_changelog(&d, maint);
	put_md5sums(&d);
	put_control(&d, maint);
	put_script(&d, "postinst");
	put_script(&d, "prerm");
	out = xasprintf("%s/%s_%s_%s.deb", b->workdir, d.package, d.version, DEB_ARCH);
	cmd_args(&c, "dpkg-deb", "--root-owner-group", "--build", d.root, out, NULL);
	if (run_cmd(NULL, &c))
		fail(EXIT_BUILD, "dpkg-deb could not build %s (see the log)", out);
	cmd_free(&c);
	free(d.doc);
	free(d.dir);
	free(d.root);
	free(d.version);
	free(d.package);
	strlist_free(&d.files);
	free(maint);
	return out;
}

void install_deb(const struct kpb_options *o, struct kpb_results *r)
{
	const char *base = strrchr(r->deb, '/') + 1;
	char *final = xasprintf("%s/%s", o->outdir, base);
	int err = replace_file_copy(final, r->deb, 0644);

	if (err)
		fail(EXIT_ERROR, "cannot write %s: %s", final, strerror(err));
	free(r->deb);
	r->deb = final;
}
