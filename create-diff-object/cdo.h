/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_H
#define CDO_H

#include "elf.h"
#include "engine-report.h"
#include "target.h"
#include "util.h"

/* symbol->status and section->status */
enum status {
	SAME = 0,
	CHANGED,
	NEW,
};

/* What a relocation points at, independent of how it is spelled. */
enum ref_kind {
	REF_SYMBOL,	/* a named function, object or undefined symbol */
	REF_STRING,	/* a literal in a merged string section */
	REF_CONSTANT,	/* an entry of a merged constant section (.rodata.cst8) */
	REF_SECTION,	/* a section without symbols (jump tables, .altinstr_*) */
};

struct ref {
	enum ref_kind kind;
	struct symbol *sym;	/* REF_SYMBOL */
	struct section *sec;	/* REF_STRING, REF_CONSTANT, REF_SECTION */
	unsigned long start;	/* REF_STRING, REF_CONSTANT: where the literal starts */
	long offset;		/* addend relative to sym, literal or section */
};

struct special;
struct kept_table;
/* Room for the special-section table (special.c), which checks it fits. */
#define MAX_SPECIALS 64

/* Fields inside special entries the engine reads, at offsets the probe learns. */
enum entry_field {
	FIELD_KEY,	/* a static key or static call key */
	FIELD_TARGET,	/* a jump entry's target */
	FIELD_LINE,	/* a bug entry's __LINE__ (DEBUG_BUGVERBOSE) */
	NR_FIELDS,
};

/* The code standing for such a branch: cmpl, jg/jle, jmp (key-thunks.c). */

/* A static branch on a key of the patched module, made a test (key-branches.c). */
struct key_branch {
	struct symbol *func;		/* the patched function holding the site */
	unsigned long site;		/* offset of the site in func */
	unsigned int len;		/* of the site: 5 or 2 bytes */
	struct ref target;		/* where the branch goes when taken */
	const struct reloc *key;	/* the jump entry's key field */
	bool branch;			/* the entry's branch bit */
	unsigned long thunk;		/* the thunk's offset in the copy's section */
};

/* A short jump to another function of the section, through a jump after the copy (far-jumps.c). */
struct far_jump {
	const struct symbol *func;	/* the patched function holding it */
	const struct reloc *reloc;	/* its R_PC8 (section-calls.c) */
	unsigned long at;		/* the rel32 jump's offset in the copy's section */
};

/* Code appended to a function's copy, standing for its site there (thunks.c). */
struct thunk {
	const struct symbol *func;	/* the patched function */
	unsigned long site;		/* the site, from func's start */
	unsigned long at;		/* the code's offset in the copy's section */
};

struct cdo {
	const char *orig_path, *patched_path;
	struct elf *orig, *patched, *out;
	struct target *target;
	struct target **bases;		/* --base-module: stacked modules below */
	size_t nr_bases;
	struct symvers *symvers;
	const char *objname;
	const char *file;		/* STT_FILE of the translation unit */
	bool objtool_later;		/* objtool runs on the final module */
	char **force;			/* --force-function names */
	size_t nr_force;
	struct strmap provided;		/* --provided: new globals of the patch's other objects */
	char *provided_text;
	struct symbol **ambiguous;	/* static locals correlate.c could not pair for sure */
	size_t nr_ambiguous, alloc_ambiguous;
	struct key_branch *branches;	/* key-branches.c */
	size_t nr_branches, alloc_branches;
	struct far_jump *far_jumps;	/* far-jumps.c */
	size_t nr_far_jumps, alloc_far_jumps;
	struct thunk *thunks;		/* both kinds, for ORC (thunk-orc.c) */
	size_t nr_thunks, alloc_thunks;
	struct kept_table *kept;	/* special-include.c, for special-output.c */
	size_t nr_kept, alloc_kept;
	struct engine_report report;	/* what it tells the driver (report.c) */
	unsigned long entry_size[MAX_SPECIALS];	/* by special-table index; 0: unknown */
	bool entry_size_set[MAX_SPECIALS];
	long entry_field[MAX_SPECIALS][NR_FIELDS];	/* offsets from --entry-sizes */
	bool entry_field_set[MAX_SPECIALS][NR_FIELDS];
};

/* names.c */
char *name_stem(const char *name);
bool is_private_static(const struct symbol *sym);
/* In a section of call-site records (dynamic debug, once flags, printk index). */
bool in_private_section(const struct symbol *sym);
bool is_static_local(const struct symbol *sym);
struct symbol *parent_of(const struct elf *elf, const struct symbol *child);
bool is_init_section(const struct section *sec);

/* refs.c */
void resolve_reloc(const struct reloc *reloc, struct ref *ref);
/* A function's address taken (not a call or jump to it, which gas spells PLT32). */
bool takes_address(const struct reloc *reloc, const struct ref *ref);
const char *ref_string(const struct ref *ref);
/* The NUL-terminated string at off in sec, or NULL if there is none. */
const char *string_in(const struct section *sec, long off);

/* section-calls.c: calls within a shared named section made relocations */
void section_calls(struct cdo *cdo);

/* correlate.c */
void correlate(struct cdo *cdo);
#define MAX_LOCALS 256
size_t static_locals_of(const struct symbol *func, struct symbol **out, size_t max);
bool is_ambiguous_local(const struct cdo *cdo, const struct symbol *local);

/* asm-symbols.c: symbols without a size, compared by extent; a change refused */
void check_asm_symbols(struct cdo *cdo);

/* aliases.c: two names of one running function may not part */
void check_aliases(struct cdo *cdo);

/* registration.c: tables the kernel reads once; a change to them is refused */
void check_registrations(struct cdo *cdo);

/* compare.c */
void compare(struct cdo *cdo);
bool has_fentry(const struct symbol *func);
bool rides_with_users(const struct cdo *cdo, const struct symbol *func);

/* equal.c */
bool refs_equal(const struct ref *a, const struct ref *b);
bool bytes_equal(const struct symbol *a, const struct symbol *b);
/* Compare the relocations of a and b (of one size); on mismatch say where. */
bool relocs_equal(const struct symbol *a, const struct symbol *b, unsigned long *where);
/* A comparison of targets other than refs_equal(), with what it needs. */
struct ref_match {
	bool (*equal)(const struct ref *x, const struct ref *y, const struct ref_match *m);
	const unsigned char *a_entry, *b_entry;	/* special-compare.c: the entries */
	unsigned long size;
};
/*
 * Whether the relocations of a in [as, as + size) and of b in [bs, bs +
 * size) are at the same places, of the same types, to equal targets
 * (match, or refs_equal() if NULL); *where: where the first differs.
 */
bool relocs_range_equal(const struct section *a, unsigned long as, const struct section *b,
			unsigned long bs, unsigned long size, const struct ref_match *match,
			unsigned long *where);

/* lineno.c */
bool only_line_numbers_differ(const struct symbol *a, const struct symbol *b,
			      unsigned long *first_diff);

/* key-branches.c */
void note_key_branch(struct cdo *cdo, const struct section *table, unsigned long start,
		     struct symbol *func, const char *key);
bool in_key_branch_site(const struct cdo *cdo, const struct symbol *func, unsigned long off);

/* key-thunks.c */
void append_thunks(struct cdo *cdo, const struct symbol *func, struct section *out,
		   unsigned long off);
void emit_thunk_relocs(struct cdo *cdo);

/* far-jumps.c */
bool is_far_jump(const struct reloc *r);
void append_far_jumps(struct cdo *cdo, const struct symbol *func, struct section *out,
		      unsigned long off);
/* Where, in the copy's section, the jump for the short jump r was appended. */
unsigned long far_jump_at(const struct cdo *cdo, const struct reloc *r);

/* thunks.c */
void note_thunk(struct cdo *cdo, const struct symbol *func, unsigned long site, unsigned long at);

/* thunk-orc.c */
void emit_thunk_orc(struct cdo *cdo);

/* reach.c */
void check_changes_reachable(struct cdo *cdo);

/*
 * A section without symbols that is copied whole (a switch table) or in
 * pieces (the alternatives' replacement code of included functions only):
 * section->priv from inclusion on, where each piece lands in the output.
 */
struct piece {
	unsigned long start, end, base;
};

struct pieces {
	struct section *out;
	struct piece *p;
	size_t nr, alloc;
};

/* include.c */
void include(struct cdo *cdo);

/* include-refs.c */
void include_begin(void);
void include_symbol(struct symbol *sym);
void include_ref(struct cdo *cdo, const struct ref *ref);
/* [start, end) of sec, one alternative's replacement: copied with its relocations. */
void include_piece(struct cdo *cdo, struct section *sec, unsigned long start,
		   unsigned long end);
void include_range(struct cdo *cdo, const struct section *sec,
		   unsigned long start, unsigned long end);
/* Follow the references of every symbol included since the last call. */
void include_drain(struct cdo *cdo);
void include_end(void);

/* special.c */
void read_entry_sizes(struct cdo *cdo, const char *path);
const struct special *special_lookup(const char *secname);
bool copied_in_pieces(const struct section *sec);
void check_unknown_specials(struct cdo *cdo);

/* special-include.c */
void special_include(struct cdo *cdo);
void special_kept_free(struct cdo *cdo);

/* special-output.c */
void special_emit(struct cdo *cdo);

/* special-compare.c */
bool special_entries_equal(struct cdo *cdo, const struct symbol *p,
			   const struct symbol *o, const char **where);
void special_compare_done(void);

/* ignore.c */
bool ignored_section(const struct cdo *cdo, const struct section *sec);
void ignore_functions(struct cdo *cdo);
void report_force_unsafe(const struct cdo *cdo);

/* refuse.c */
/* Stop with EXIT_REFUSED: the message names the file; fmt says what and why. */
void refuse(const struct cdo *cdo, const char *remedy, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

/* output.c */
void output_begin(struct cdo *cdo);
void output_included(struct cdo *cdo);
void output_finish(struct cdo *cdo, const char *path);

/* output-relocs.c */
void output_relocs(struct cdo *cdo, struct section *outsec, unsigned long outoff,
		   const struct section *insec, unsigned long start,
		   unsigned long end);
struct section *output_section_for(struct cdo *cdo, const struct section *sec);
/* A relocation of the patched object as the output's symbol and addend. */
void output_translate(struct cdo *cdo, const struct reloc *r, struct symbol **sym, long *addend);

/* static-calls.c: a call to another module's trampoline names its key (IBT) */
void static_call_key(struct cdo *cdo, const struct reloc *r, const struct symbol *sym);

/* copies.c: same-named locals of a module without file symbols, all alike */
bool identical_copies(const struct cdo *cdo, const struct symbol *orig);

/* klp.c */
struct symbol *reference_symbol(struct cdo *cdo, const struct symbol *sym);
/* The output's undefined symbol of that name, made if it has none. */
struct symbol *undefined_symbol(struct cdo *cdo, const char *name, unsigned char bind);
unsigned long sympos_of(struct cdo *cdo, const struct symbol *orig);
unsigned long sympos_in(struct cdo *cdo, const struct symbol *orig, const char **objname);

/* state.c */
void report_shadow_ids(struct cdo *cdo);
void report_states(struct cdo *cdo);

/* meta.c */
void emit_metadata(struct cdo *cdo);

/* report.c */
void report_included(struct cdo *cdo);
void report_print(const struct cdo *cdo);
void report_write(struct cdo *cdo, const char *output, const char *path);

#endif
