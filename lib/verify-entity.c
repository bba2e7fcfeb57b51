// SPDX-License-Identifier: GPL-2.0
/* What a reference designates, and how the verifier says a problem (verify-entity.h). */
#include <stdarg.h>
#include <string.h>

#include "arch.h"
#include "klp-convert.h"
#include "verify-entity.h"


const struct symbol *symbol_by_stem(const struct elf *obj, const char *name,
				    bool (*fits)(const struct symbol *), bool exact_numbered)
{
	const struct symbol *sym = elf_find_symbol(obj, name), *found = NULL;
	size_t n = stem_len(name);

	if (sym && fits(sym) && (exact_numbered || n == strlen(name)))
		return sym;
	for_each_symbol(obj, sym, i) {
		if (!fits(sym) || stem_len(sym->name) != n || strncmp(sym->name, name, n))
			continue;
		if (found)
			return NULL;
		found = sym;
	}
	return found;
}
/*
 * A name without the compiler's numbering: count.3 and count.4 are one
 * static, __UNIQUE_ID_x_1 and __UNIQUE_ID_x_3 one __COUNTER__ name.
 */
size_t stem_len(const char *name)
{
	size_t n = strlen(name), d = n;

	while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
		d--;
	if (d < n && str_starts(name, "__UNIQUE_ID_"))
		return d;
	return d > 1 && d < n && name[d - 1] == '.' ? d - 1 : n;
}

bool same_entity(const struct entity *a, const struct entity *b)
{
	size_t n = stem_len(a->name);

	return a->off == b->off && n == stem_len(b->name) && !strncmp(a->name, b->name, n);
}

/* The literal at at in a merged section: a string, or entsize bytes in hex. */
static char *literal(const struct section *sec, long at)
{
	char *s = NULL;

	if (at < 0 || (size_t)at >= sec->size || !sec->data)
		return xasprintf("%s+0x%lx", sec->name, at);
	if (is_string_section(sec))
		return xasprintf("\"%.*s\"", (int)strnlen((char *)sec->data + at, sec->size - at),
				 (char *)sec->data + at);
	str_appendf(&s, "constant ");
	for (size_t i = 0; i < sec->sh.sh_entsize && at + i < sec->size; i++)
		str_appendf(&s, "%02x", sec->data[at + i]);
	return s;
}

/* A literal, the symbol covering sec + off (or ending there), or the section itself. */
struct entity entity_in(const struct section *sec, long off)
{
	struct entity e = { NULL, off };
	const struct symbol *s;

	if (is_string_section(sec) || is_constant_section(sec)) {
		e.name = literal(sec, off);
		e.off = 0;
		return e;
	}
	s = elf_symbol_at(sec, off);
	if (!s && off > 0 && (s = elf_symbol_at(sec, off - 1)) && s->value + s->size != (size_t)off)
		s = NULL;	/* the end of an array, for a loop's bound */
	if (s) {
		e.name = xstrdup(s->name);
		e.off = off - (long)s->value;
	} else {
		e.name = xstrdup(sec->name);
	}
	return e;
}

/* What the symbol sym plus off designates, in its object. */
static struct entity designated(const struct symbol *sym, long off)
{
	struct entity e = { NULL, off };

	if (!sym->sec)
		e.name = running_name(sym);
	else if (sym->type == STT_SECTION || (!is_func(sym) && !is_object(sym)))
		return entity_in(sym->sec, (long)sym->value + off);	/* also .LC0 */
	else
		e.name = xstrdup(sym->name);
	return e;
}

struct entity entity_of_reloc(const struct reloc *r)
{
	return designated(r->sym, reloc_target_offset(r));
}

bool compiler_data(const struct section *sec)
{
	return !is_text(sec) && (sec->sh.sh_flags & SHF_ALLOC) && sec->data &&
	       !is_string_section(sec) && !is_constant_section(sec) &&
	       (str_starts(sec->name, ".rodata") || str_starts(sec->name, ".data"));
}

bool ranges_equal(const struct section *a, unsigned long as, const struct section *b,
		  unsigned long bs, unsigned long size, unsigned long *where)
{
	size_t na = 0, nb = 0;
	const struct reloc *ra = a->rela ? elf_relocs_in(a, as, as + size, &na) : NULL;
	const struct reloc *rb = b->rela ? elf_relocs_in(b, bs, bs + size, &nb) : NULL;
	unsigned char *mask = xcalloc(size, 1);
	bool equal = true;

	*where = 0;
	for (size_t k = 0; k < na && k < nb && equal; k++) {
		struct entity ea = entity_of_reloc(&ra[k]), eb = entity_of_reloc(&rb[k]);

		equal = ra[k].offset - as == rb[k].offset - bs && same_entity(&ea, &eb);
		*where = ra[k].offset - as;
		for (unsigned int i = 0; i < reloc_width(ra[k].type); i++)
			if (*where + i < size)
				mask[*where + i] = 1;
		free(ea.name);
		free(eb.name);
	}
	if (equal && na != nb)
		equal = false, *where = na < nb ? rb[na].offset - bs : ra[nb].offset - as;
	for (unsigned long i = 0; i < size && equal; i++)
		if (!mask[i] && a->data[as + i] != b->data[bs + i])
			equal = false, *where = i;
	free(mask);
	return equal;
}

char *running_name(const struct symbol *sym)
{
	const char *p = sym->name, *dot;

	if (!str_starts(p, KLP_SYM_PREFIX) || !(dot = strchr(p + strlen(KLP_SYM_PREFIX), '.')))
		return xstrdup(p);
	return xstrndup(dot + 1, strcspn(dot + 1, ","));
}

void verify_problem(struct strlist *problems, const struct symbol *func, unsigned long at,
		    const char *fmt, ...)
{
	char *what, *line;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	line = xasprintf("%s+0x%lx: %s", func->name, at - func->value, what);
	if (!strlist_has(problems, line))
		strlist_add(problems, line);
	free(line);
	free(what);
}

bool author_ignored(const struct elf *patched, const struct section *sec)
{
	const struct section *marks = elf_find_section(patched, ".kpatch.ignore.sections");

	for (size_t i = 0; marks && marks->rela && i < marks->rela->nr_relocs; i++) {
		struct entity e = entity_of_reloc(&marks->rela->relocs[i]);
		char *quoted = xasprintf("\"%s\"", sec->name);
		bool same = !strcmp(e.name, quoted);

		free(quoted);
		free(e.name);
		if (same)
			return true;
	}
	return false;
}

bool author_ignored_function(const struct elf *patched, const struct symbol *func)
{
	const struct section *marks = elf_find_section(patched, ".kpatch.ignore.functions");

	for (size_t i = 0; marks && marks->rela && i < marks->rela->nr_relocs; i++) {
		struct entity e = entity_of_reloc(&marks->rela->relocs[i]);
		bool same = !strcmp(e.name, func->name) && !e.off;

		free(e.name);
		if (same)
			return true;
	}
	return author_ignored(patched, func->sec);
}

/* Code only the kernel's own tables reach: compared through the functions using it. */
static const char *const site_sections[] = { ".altinstr_replacement", ".altinstr_aux", ".fixup" };

bool site_code(const struct section *sec)
{
	for (size_t k = 0; k < ARRAY_SIZE(site_sections); k++)
		if (!strcmp(sec->name, site_sections[k]))
			return true;
	return false;
}

bool relocated_range(const struct section *sec, unsigned long start, unsigned long size)
{
	size_t nr = 0;

	if (sec->rela)
		elf_relocs_in(sec, start, start + size, &nr);
	return nr > 0;
}
