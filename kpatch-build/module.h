/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_MODULE_H
#define KPB_MODULE_H

/* The diff of each unit, its verification, and the livepatch module built from the results. */
#include "context.h"
#include "module-dir.h"

/* verify-units.c: the verifier on every unit's output (exit 3 on a problem) */
void verify_units(const struct kpb_build *b, struct kpb_results *r);
/* kpatch-build --verify ORIG.o PATCHED.o OUTPUT.o: its exit status */
int verify_command(const char *orig, const char *patched, const char *out);

/* module.c */
/* The diff of r's units, checked and verified; the functions, states, relations and release. */
void diff_units(const struct kpb_options *o, const struct kpb_build *b, struct kpb_results *r);

struct module_dir start_module(const struct kpb_options *o, const struct kpb_build *b);
/* r->module, built in m from r's units (b learns whether the kernel checks signatures). */
void build_module(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r,
		  struct module_dir *m);
/* r->output: r->module installed into o->outdir. */
void install_module(const struct kpb_options *o, struct kpb_results *r);

#endif
