/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_MODULE_H
#define KPB_MODULE_H

/* The diff of each unit and the livepatch module built from the results. */
#include "context.h"

/* facts.c: moddir/facts.o, the module's modinfo, states, bases and build ids */
char *write_facts(const char *moddir);

/* identity.c: the builds the module is for */
/* into id (KLP_BUILD_ID_MAX bytes): its length, 0 if path has none */
size_t build_id(const char *path, unsigned char *id);
char *build_id_hex(const char *path);
void put_build_ids(char **out, int (*put_name)(char **out, const char *name));

/* verify-units.c: the verifier on every unit's output (exit 3 on a problem) */
void verify_units(void);
/* kpatch-build --verify ORIG.o PATCHED.o OUTPUT.o: its exit status */
int verify_command(const char *orig, const char *patched, const char *out);

/* module.c */
void diff_units(void);
void start_module(void);
void build_module(void);
void install_module(void);

#endif
