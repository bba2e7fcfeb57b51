/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_WORKDIRS_H
#define KPB_WORKDIRS_H

/*
 * Work directories in the cache (work-XXXXXX).  A build holds a lock on
 * its own (.alive) while it runs; one whose lock nobody holds was left by
 * a build that was killed (SIGKILL, power loss) and is removed by the next
 * build, unless the user kept it (--skip-cleanup marks it .kept).
 */

/* Removes the work directories under cache that killed builds left behind. */
void reclaim_workdirs(const char *cache);
/* A new work directory under cache, this running build's until the process ends. */
char *new_workdir(const char *cache);
/* Leaves workdir for the user: no later build reclaims it. */
void keep_workdir(const char *workdir);

#endif
