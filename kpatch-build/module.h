/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_MODULE_H
#define KPB_MODULE_H

/* The diff of each unit, its verification, and the livepatch module built from the results. */
#include "context.h"

/* verify-units.c: the verifier on every unit's output (exit 3 on a problem) */
void verify_units(const struct kpb_build *b, struct kpb_results *r);
/* kpatch-build --verify ORIG.o PATCHED.o OUTPUT.o: its exit status */
int verify_command(const char *orig, const char *patched, const char *out);

/* module.c */
void diff_units(void);
void start_module(void);
void build_module(void);
void install_module(void);

#endif
