// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch-build/kernels-spec.c: which kernels --kernels SPEC names, from a
 * list of the packages apt knows (list_known below), with no archive and
 * no kernel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "context.h"
#include "kernels-spec.h"
#include "kernels.h"
#include "refusal.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

/* apt-cache pkgnames linux-image-, as Debian 12's archive answers it (a part) */
static const char *known =
	"linux-image-6.1.0-54-amd64-dbg\n"
	"linux-image-6.1.0-56-amd64\n"
	"linux-image-6.1.0-56-amd64-dbg\n"
	"linux-image-6.1.0-9-amd64-dbg\n"
	"linux-image-6.1.0-54-cloud-amd64-dbg\n"
	"linux-image-6.1.0-54-rt-amd64-dbg\n"
	"linux-image-6.1.0-55-amd64-dbg\n"
	"linux-image-6.12-amd64-dbg\n"
	"linux-image-6.12.113+deb12-amd64-dbg\n"
	"linux-image-6.12.117+deb12-amd64-dbg\n"
	"linux-image-6.12.117+deb12-cloud-amd64-dbg\n"
	"linux-image-amd64-dbg\n";

static char *list_known(void)
{
	return xstrdup(known);
}

static bool list_is(const struct strlist *l, const char *want)
{
	char *got = xstrdup("");
	bool same;

	for (size_t i = 0; i < l->nr; i++)
		str_appendf(&got, "%s%s", i ? " " : "", l->v[i]);
	same = !strcmp(got, want);
	if (!same)
		fprintf(stderr, "got '%s', want '%s'\n", got, want);
	free(got);
	return same;
}

static void patterns(void)
{
	CHECK(release_matches("6.1.0-*-amd64", "6.1.0-56-amd64"));
	CHECK(!release_matches("6.1.0-*-amd64", "6.1.0-54-cloud-amd64"));
	CHECK(release_matches("6.1.0-*-*-amd64", "6.1.0-54-cloud-amd64"));
	CHECK(release_matches("6.12.*+deb12-amd64", "6.12.113+deb12-amd64"));
	CHECK(!release_matches("6.12.*+deb12-amd64", "6.12.113+deb12-cloud-amd64"));
	CHECK(release_matches("6.1.0-5?-amd64", "6.1.0-54-amd64"));
	CHECK(!release_matches("6.1.0-5?-amd64", "6.1.0-9-amd64"));
	CHECK(!release_matches("6.1.0-*", "6.1.0-56-amd64"));
	CHECK(release_matches("*", "6.12-amd64") == false);
}

static bool spec_gives(const char *spec, const char *want)
{
	struct strlist l = { 0 };
	volatile bool ok = false;

	if (!setjmp(refused)) {
		kernels_from_spec(spec, list_known, &l);
		ok = list_is(&l, want);
	} else {
		fprintf(stderr, "%s: refused: %s\n", spec, refused_why);
	}
	strlist_free(&l);
	return ok;
}

static bool spec_refused(const char *spec, int code, const char *why)
{
	struct strlist l = { 0 };
	volatile bool ok = false;

	if (!setjmp(refused))
		kernels_from_spec(spec, list_known, &l);
	else
		ok = refused_code == code && strstr(refused_why, why);
	if (!ok)
		fprintf(stderr, "%s: not refused with %d '%s' (%s)\n", spec, code, why,
			refused_why ? refused_why : "accepted");
	strlist_free(&l);
	return ok;
}

static void specs(void)
{
	char path[] = "/tmp/kernels-spec-XXXXXX";
	int fd = mkstemp(path);
	const char *file = "# the ABIs we support\n6.1.0-5?-amd64\n\n6.12.117+deb12-amd64 # newest\n";

	/* oldest first by version, one flavour, the metapackages left out */
	CHECK(spec_gives("6.1.0-*-amd64", "6.1.0-9-amd64 6.1.0-54-amd64 6.1.0-55-amd64 6.1.0-56-amd64"));
	CHECK(spec_gives("6.12.*+deb12-amd64,6.1.0-54-cloud-amd64",
			 "6.12.113+deb12-amd64 6.12.117+deb12-amd64 6.1.0-54-cloud-amd64"));
	/* a release named twice is built once */
	CHECK(spec_gives("6.1.0-56-amd64,6.1.0-5?-amd64", "6.1.0-56-amd64 6.1.0-54-amd64 6.1.0-55-amd64"));
	CHECK(fd >= 0 && write(fd, file, strlen(file)) == (ssize_t)strlen(file) && !close(fd));
	CHECK(spec_gives(path, "6.1.0-54-amd64 6.1.0-55-amd64 6.1.0-56-amd64 6.12.117+deb12-amd64"));
	unlink(path);
	CHECK(spec_refused("6.1.0-*-arm64", EXIT_BAD_INPUT, "'6.1.0-*-arm64' matches no kernel"));
	CHECK(spec_refused("6.1.0-56-amd64,../etc", EXIT_USAGE, "'../etc' is not a kernel release"));
	CHECK(spec_refused(",", EXIT_BAD_INPUT, "names no kernel"));
}

int main(void)
{
	progname = "kernels";
	patterns();
	specs();
	if (failures) {
		fprintf(stderr, "kernels: %d failure%s\n", failures, failures == 1 ? "" : "s");
		return 1;
	}
	fprintf(stderr, "kernels: release patterns, --kernels lists, files and refusals: ok\n");
	return 0;
}
