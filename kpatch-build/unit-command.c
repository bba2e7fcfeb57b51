// SPDX-License-Identifier: GPL-2.0
/*
 * kbuild's compile command for one unit, rewritten to read another view
 * and write elsewhere: the patched and original compiles, and the one
 * that checks the original is what runs.
 */
#include <string.h>

#include "context.h"
#include "run.h"
#include "unit-command.h"

/* "-I<view>/x" options of a command, as " -idirafter PARAM(4)/x": headers a
 * patch newly includes are found in the full tree after the sparse view. */
static char *fallback_includes(const char *cmd, const char *full_view)
{
	char *out = xstrdup("");
	const char *p = cmd;
	size_t n = strlen(full_view);

	while ((p = strstr(p, "-I"))) {
		const char *dir = p + 2;

		dir += strspn(dir, " ");
		p = dir;
		if (!str_starts(dir, full_view))
			continue;
		str_appendf(&out, " -idirafter " PARAM(4) "%.*s", (int)strcspn(dir + n, " ;"), dir + n);
	}
	return out;
}

/* kbuild's command, reading view and writing out (in workdir). */
void unit_command(const struct kpb_build *b, const struct unit *u, const char *view,
		  const char *out, struct cmd *c)
{
	char *cmd = xstrdup(u->cmd), *dir = xstrdup(u->obj), *base, *tmp, *dep, *inc;
	char *fallback = fallback_includes(u->cmd, b->view);
	const char *values[] = { view, out, b->templates, b->view };

	base = strrchr(dir, '/');
	*base++ = '\0';
	tmp = xasprintf("%s/.tmp_%s", dir, base);
	dep = xasprintf("-Wp,-MMD,%s/.%s.d", dir, base);
	cmd = str_replace(cmd, b->view, PARAM(1), false);
	cmd = str_replace(cmd, dep, "-Wp,-MMD,/dev/null", false);
	cmd = str_replace(cmd, tmp, PARAM(2), true);
	cmd = str_replace(cmd, u->obj, PARAM(2), true);
	/* The author macros (kpatch-macros.h) for the patched build. */
	inc = xasprintf(" -I" PARAM(3) "%s -c -o ", fallback);
	cmd = str_replace(cmd, " -c -o ", inc, false);
	cmd_script(c, cmd, values, ARRAY_SIZE(values));
	free(inc);
	free(fallback);
	free(dir);
	free(tmp);
	free(dep);
	free(cmd);
}
