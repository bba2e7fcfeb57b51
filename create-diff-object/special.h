/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_SPECIAL_H
#define CDO_SPECIAL_H

#include "cdo.h"

enum special_kind {
	ENTRIES,	/* keep the entries owned by included functions */
	COMPANION,	/* entries kept in step with another section's */
	DROP,		/* never carried into a livepatch */
	META,		/* author metadata, handled by meta.c */
};

enum owner_kind {
	OWNER_RELOC,	/* the relocation at owner_off names the function */
	OWNER_PI_FUNC,	/* .printk_index: the pi_entry's func string names it */
};

struct special {
	const char *name;
	bool prefix;		/* name is a prefix: ".discard." */
	enum special_kind kind;
	enum owner_kind owner;
	int owner_off;
	bool keyed;		/* entries name a key (FIELD_KEY) */
	bool reloc_sized;	/* one entry per relocation, its width */
	const char *companion;	/* kept in step: .orc_unwind for .orc_unwind_ip */
	unsigned long fixed_size;	/* set by the x86-64 ABI, not the config */
	bool compare;		/* entries say what the function does */
	bool len_at_end;	/* the entry's last byte is the length of the
				   code its second relocation points at */
	bool objtool;		/* made by objtool: left out when objtool runs
				   on the final module (--objtool-later) */
};

/* Entry boundaries of a section: fixed size, or one per relocation. */
struct entries {
	size_t nr;
	unsigned long *start, *size;
	bool *keep;
};

/* A table's entries as inclusion left them: keep[] says which go out. */
struct kept_table {
	const struct special *s;
	const struct section *sec;
	struct entries e;
};

void entries_of(const struct cdo *cdo, const struct special *s,
		const struct section *sec, struct entries *e);
void entries_free(struct entries *e);
unsigned long entry_size(const struct cdo *cdo, const struct special *s,
			 const struct section *sec);
bool reloc_at(const struct section *sec, unsigned long off, struct ref *ref);
/* Where field is in entries of s, from --entry-sizes; -1 if they have none. */
long entry_field(const struct cdo *cdo, const struct special *s, enum entry_field field);
struct symbol *owner_of(const struct cdo *cdo, const struct special *s,
			const struct section *sec, unsigned long start);
/*
 * An alternative's replacement, from its .altinstructions entry at start:
 * what the entry's second relocation points at, its last byte long.
 */
bool replacement_of(const struct section *sec, unsigned long start, unsigned long size,
		    struct section **repl, unsigned long *from, unsigned long *to);
extern const struct special specials[];
extern const size_t nr_specials;

#endif
