// SPDX-License-Identifier: GPL-2.0
/*
 * What a symbol's name says: the compiler's renumbered suffixes, its private
 * statics, the children (.cold, .part) of a function.
 */
#include <ctype.h>
#include <string.h>

#include "cdo.h"

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * The name without the numbers the compiler picks per build: "foo.isra.3"
 * and "foo.isra.0" share the stem "foo.isra", "count.12" is "count",
 * "__UNIQUE_ID_ddebug45" is "__UNIQUE_ID_ddebug".
 */
char *name_stem(const char *name)
{
	char *stem = xstrdup(name), *out = stem;
	const char *p = name;

	while (*p) {
		size_t len = strcspn(p + 1, ".") + 1;

		/* p points at a component, with its leading dot if any. */
		if (!(p != name && *p == '.' && all_digits(p + 1, len - 1))) {
			memmove(out, p, len);
			out += len;
		}
		p += len;
	}
	*out = '\0';
	if (str_starts(stem, "__UNIQUE_ID_")) {
		while (out > stem + 12 && isdigit((unsigned char)out[-1]))
			*--out = '\0';
	}
	return stem;
}

/*
 * Statics the compiler or a macro creates for one use site: lockdep keys,
 * once-flags, ratelimit states, switch tables, printk index and dynamic
 * debug entries.  Their state belongs to the code that uses them, so new
 * code gets fresh copies and they are never correlated.  All are local to
 * a function, so the compiler numbers them ("_rs.12"): a file's own
 * "static int _rs" is ordinary data.
 */
static const char *const private_stems[] = {
	"__key", "__warned", "__already_done", "__func__", "_rs", "CSWTCH",
	"_entry", "_entry_ptr", "__print_once",
};

/* Sections only such macros put data in (dynamic debug's "descriptor" too). */
static const char *const private_sections[] = {
	".data.once", "__dyndbg", ".printk_index",
};

static bool numbered(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name && all_digits(dot + 1, strlen(dot + 1));
}

bool in_private_section(const struct symbol *sym)
{
	for (size_t i = 0; sym->sec && i < ARRAY_SIZE(private_sections); i++)
		if (!strcmp(sym->sec->name, private_sections[i]))
			return true;
	return false;
}

bool is_private_static(const struct symbol *sym)
{
	bool found = false;
	char *stem;

	if (sym->bind != STB_LOCAL || !is_object(sym) || !sym->sec)
		return false;
	if (in_private_section(sym))
		return true;
	if (!numbered(sym->name))
		return false;
	stem = name_stem(sym->name);
	for (size_t i = 0; i < ARRAY_SIZE(private_stems) && !found; i++)
		found = !strcmp(stem, private_stems[i]);
	free(stem);
	return found;
}

/* "count.12": a function's static variable, numbered by the compiler. */
bool is_static_local(const struct symbol *sym)
{
	return sym->bind == STB_LOCAL && is_object(sym) && sym->sec && numbered(sym->name) &&
	       !is_private_static(sym);
}

/* The function a .cold or .part child was split from, or NULL. */
struct symbol *parent_of(const struct elf *elf, const struct symbol *child)
{
	const char *part = strstr(child->name, ".part.");
	struct symbol *parent;
	char *name;

	if (!is_func(child))
		return NULL;
	if (str_ends(child->name, ".cold"))
		name = xstrdup(child->name);
	else if (part)
		name = xstrdup(child->name);
	else
		return NULL;
	if (str_ends(name, ".cold"))
		name[strlen(name) - 5] = '\0';
	else
		name[part - child->name] = '\0';
	parent = elf_find_symbol(elf, name);
	free(name);
	return parent && is_func(parent) && parent != child ? parent : NULL;
}

bool is_init_section(const struct section *sec)
{
	return str_starts(sec->name, ".init.") || str_starts(sec->name, ".meminit.");
}
