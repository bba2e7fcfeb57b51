/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_SPECIAL_X86_H
#define KLP_SPECIAL_X86_H

/*
 * x86's rows of special.c's table: static calls, objtool's site lists and
 * ORC, paravirt patch sites, SMP lock prefixes.
 */
#define ARCH_SPECIALS \
	ENTRY(".static_call_sites", .keyed = true, .compare = true, .objtool = true), \
	ENTRY(".retpoline_sites", .fixed_size = 4, .objtool = true), \
	ENTRY(".return_sites", .fixed_size = 4, .objtool = true), \
	ENTRY(".call_sites", .fixed_size = 4, .objtool = true), \
	ENTRY(".ibt_endbr_seal", .fixed_size = 4, .objtool = true), \
	ENTRY(".orc_unwind_ip", .companion = ".orc_unwind", .fixed_size = 4, .objtool = true), \
	{ .name = ".orc_unwind", .kind = COMPANION }, \
	/* A hash of the ORC format for the loader; objtool writes it per module. */ \
	{ .name = ".orc_header", .kind = DROP }, \
	ENTRY(".parainstructions", .compare = true), \
	ENTRY(".smp_locks", .fixed_size = 4),

#endif
