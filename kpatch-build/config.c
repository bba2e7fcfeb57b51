// SPDX-License-Identifier: GPL-2.0
/*
 * The config kbuild's olddefconfig writes must be the running kernel's.
 * Kconfig records what it found of the toolchain (the compiler, pahole,
 * rustc): where that differs here, olddefconfig changes the config, and
 * the objects would not be the kernel's.  The options that changed are
 * named, with the tool to install when the toolchain is the cause.
 */
#include <string.h>

#include "config.h"
#include "context.h"
#include "fail.h"
#include "strmap.h"

/* Options Kconfig derives from a tool, by prefix, and the tool. */
static const struct {
	const char *prefix, *tool;
} toolchain[] = {
	{ "CC_VERSION_TEXT", "the compiler the kernel was built with" },
	{ "GCC_VERSION", "the compiler the kernel was built with" },
	{ "CLANG_VERSION", "the compiler the kernel was built with" },
	{ "AS_VERSION", "the binutils the kernel was built with" },
	{ "LD_VERSION", "the binutils the kernel was built with" },
	{ "PAHOLE_", "pahole, of the version the kernel was built with (Debian: dwarves)" },
	{ "RUSTC_", "the Rust toolchain the kernel was built with" },
	{ "BINDGEN_", "the Rust toolchain the kernel was built with" },
};

/* NAME -> "NAME=VALUE" line, for every option a config sets. */
static char *read_settings(const char *path, struct strmap *map)
{
	char *text = read_file(path, NULL), *line, *save = NULL;

	if (!text)
		fail(EXIT_ERROR, "cannot read %s", path);
	strmap_init(map, 8192);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (*line == '#' || !eq)
			continue;
		*eq = '\0';
		strmap_add(map, line, eq + 1);
	}
	return text;
}

struct config_diff {
	size_t n;
	char *list;		/* the first few changes */
	char *tools;		/* the tools behind them */
};

static void add_change(struct config_diff *d, const char *name, const char *from, const char *to)
{
	for (size_t i = 0; i < ARRAY_SIZE(toolchain); i++) {
		if (!str_starts(name + strlen("CONFIG_"), toolchain[i].prefix))
			continue;
		if (!strstr(d->tools, toolchain[i].tool))
			str_appendf(&d->tools, "%s%s", *d->tools ? "; " : "", toolchain[i].tool);
		break;
	}
	if (d->n++ < 6)
		str_appendf(&d->list, "%s%s %s -> %s", *d->list ? ", " : "", name, from, to);
}

void check_same_config(const char *config, const char *built)
{
	struct strmap want, got;
	char *a = read_settings(config, &want), *b = read_settings(built, &got);
	struct config_diff d = { .list = xstrdup(""), .tools = xstrdup("") };

	for (size_t i = 0; i < want.nbuckets; i++)
		for (struct strmap_node *e = want.buckets[i]; e; e = e->next) {
			const char *other = strmap_get(&got, e->key);

			if (!other || strcmp(other, e->value))
				add_change(&d, e->key, e->value, other ? other : "unset");
		}
	for (size_t i = 0; i < got.nbuckets; i++)
		for (struct strmap_node *e = got.buckets[i]; e; e = e->next)
			if (!strmap_find(&want, e->key))
				add_change(&d, e->key, "unset", e->value);
	if (d.n)
		fail(EXIT_BAD_INPUT, "config %s is not what kbuild makes of it with this source tree and "
		     "toolchain: %zu option%s (%s%s; compare with %s); %s%s", config, d.n,
		     d.n == 1 ? " differs" : "s differ", d.list, d.n > 6 ? ", ..." : "", built,
		     *d.tools ? "install " : "use the .config the running kernel was built with",
		     d.tools);
	strmap_free(&want);
	strmap_free(&got);
	free(d.tools);
	free(d.list);
	free(a);
	free(b);
}
