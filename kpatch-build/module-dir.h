/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_MODULE_DIR_H
#define KPB_MODULE_DIR_H

/*
 * The directory kbuild builds a module in, kept in the cache for each
 * tree and module name, so that the next build of that module finds up to
 * date, by kbuild's own rules, what has not changed (the template's
 * object, the .mod.c's object when modpost writes the same one).
 */
#include <sys/types.h>

struct module_dir {
	char *dir;
	pid_t template_build;	/* the template compiling meanwhile; 0: not started */
	int lock;		/* held while the directory is in use; -1: the work directory's own */
};

/*
 * CACHE/modules/<objdir and name>, locked; a directory a killed or failed
 * build left is emptied first.  If another build holds it, WORKDIR/module.
 */
struct module_dir open_module_dir(const char *cache, const char *workdir, const char *objdir,
				  const char *name);
/* kbuild built the module in m: the directory may be reused; unlocked. */
void close_module_dir(struct module_dir *m);

#endif
