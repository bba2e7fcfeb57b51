/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KBUILD_H
#define KPB_KBUILD_H

/* kbuild itself: recording its commands, building the module, one file of it. */
#include "context.h"

/*
 * make -C dir with the variables every kbuild run needs (the build's
 * make_vars), then args (NULL-terminated).
 */
int run_make(const struct strlist *vars, const char *dir, char *const args[]);
/* Its argument vector (the array is the caller's to free). */
char **make_argv(const struct strlist *vars, const char *dir, char *const args[]);
/* Called first: kpatch-build may be running as make for a recording. */
void kbuild_record_if_asked(char **argv);
/* The module in moddir, by b's kbuild; its record of kbuild kept in cache. */
int kbuild_module(const struct kpb_build *b, const char *cache, const char *moddir,
		  char *const extra[]);
/* Start making one file of moddir; 0 if this tree's kbuild cannot. */
pid_t kbuild_start_file(const struct kpb_build *b, const char *cache, const char *moddir,
			const char *file);

#endif
