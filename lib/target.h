/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_TARGET_H
#define KLP_TARGET_H

#include <stdbool.h>

#include "strmap.h"

/*
 * The symbol table of what the user runs: the vmlinux or a module .ko.
 * Livepatch symbol positions (sympos) are computed here, from the final
 * image, never from an intermediate object.
 */
struct target_sym {
	const char *name;
	const char *file;	/* STT_FILE group of a local, NULL for globals */
	unsigned long value;
	unsigned int size;
	unsigned int order;	/* position in kallsyms order */
	unsigned char type, bind;
	unsigned int shndx;
};

struct target {
	const char *path;
	char *objname;		/* "vmlinux" or the module name */
	bool is_module;
	struct target_sym *syms;	/* in kallsyms order */
	size_t nr_syms;
	unsigned int *by_name;		/* indices into syms, by name then order */
	void *priv;
};

struct target *target_load(const char *path);
void target_free(struct target *t);
/* Every target still loaded, even half-read ones a die() left. */
void target_free_all(void);
/*
 * The CRC (CONFIG_MODVERSIONS) t exports name with, from its __crc_<name>
 * symbol: false if it has none.
 */
bool target_crc(const struct target *t, const char *name, unsigned long *crc);

enum sympos_result {
	SYMPOS_OK,
	SYMPOS_NOT_FOUND,
	SYMPOS_AMBIGUOUS,
};

/*
 * Position of the symbol called name: 0 when the name is unique in the
 * target, else its 1-based rank among the same-named symbols.  For a local,
 * file (the STT_FILE of its translation unit) and size pick the candidate.
 */
enum sympos_result target_sympos(const struct target *t, const char *name,
				 const char *file, unsigned long size,
				 unsigned long *pos);
bool target_has(const struct target *t, const char *name);
/* The first symbol called name, in kallsyms order, or NULL. */
const struct target_sym *target_find(const struct target *t, const char *name);
/* Whether a symbol called name has this size: the same code, built alike. */
bool target_has_sized(const struct target *t, const char *name, unsigned long size);

/* Module.symvers: which module exports a symbol, and its CRC. */
struct symvers_entry {
	char *name, *module;
	char *ns;		/* the export's symbol namespace, NULL if none */
	unsigned long crc;
};

struct symvers {
	struct strmap by_name;
	struct symvers_entry *entries;
	size_t nr;
};

struct symvers *symvers_load(const char *path);
void symvers_free(struct symvers *sv);
/* The exporting module ("vmlinux" for the kernel), or NULL. */
const char *symvers_exporter(const struct symvers *sv, const char *name);

#endif
