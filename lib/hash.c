// SPDX-License-Identifier: GPL-2.0
/*
 * Content hashes: of a file (a patch, a manifest) and of a function's code
 * with what it refers to (the manifest's per-function hash, which a new
 * release compares with the one it replaces).
 */
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "elf.h"
#include "hash.h"
#include "arch.h"
#include "util.h"

static char *hex(XXH128_hash_t h)
{
	return xasprintf("xxh128:%016llx%016llx", (unsigned long long)h.high64,
			 (unsigned long long)h.low64);
}

char *content_hash(const void *data, size_t size)
{
	return hex(XXH3_128bits(data, size));
}

static void hash_string(XXH3_state_t *st, const char *s)
{
	XXH3_128bits_update(st, s, strlen(s) + 1);
}

/*
 * What a relocation refers to, by name or content rather than by offset:
 * where a string or a datum lands in the output depends on what else the
 * unit carries.
 */
static void hash_target(XXH3_state_t *st, const struct reloc *r)
{
	const struct symbol *sym = r->sym;
	long off = reloc_target_offset(r);
	const struct symbol *in;
	char buf[32];

	if (sym->type == STT_SECTION && sym->sec && is_string_section(sym->sec) && sym->sec->data &&
	    off >= 0 && (unsigned long)off < sym->sec->size) {
		hash_string(st, "string");
		hash_string(st, (const char *)sym->sec->data + off);
		return;
	}
	if (sym->type == STT_SECTION && sym->sec && (in = elf_symbol_at(sym->sec, off))) {
		hash_string(st, in->name);
		off -= in->value;
	} else {
		hash_string(st, sym->type == STT_SECTION && sym->sec ? sym->sec->name : sym->name);
		off = r->addend;
	}
	snprintf(buf, sizeof(buf), "%ld", off);
	hash_string(st, buf);
}

char *code_hash(const struct symbol *fn)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h;
	size_t nr = 0;
	struct reloc *r = NULL;

	XXH3_128bits_reset(st);
	if (fn->sec && fn->sec->data) {
		XXH3_128bits_update(st, fn->sec->data + fn->value, fn->size);
		r = elf_relocs_in(fn->sec, fn->value, fn->value + fn->size, &nr);
	}
	for (size_t i = 0; i < nr; i++) {
		unsigned long where[2] = { r[i].offset - fn->value, r[i].type };

		XXH3_128bits_update(st, where, sizeof(where));
		hash_target(st, &r[i]);
	}
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return hex(h);
}

