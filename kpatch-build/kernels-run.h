/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_KERNELS_RUN_H
#define KPB_KERNELS_RUN_H

/* The jobs of --kernels: what each is, running them, what they did. */

#include <stdbool.h>
#include <sys/types.h>

#include "run.h"

enum kresult { K_WAITING, K_RUNNING, K_BUILT, K_REFUSED, K_NO_CHANGE, K_NOT_APPLY, K_FAILED,
	       K_INTERRUPTED };

struct kjob {
	char *release;
	char *dir;		/* OUTPUT/RELEASE: the module */
	char *report, *log;	/* OUTPUT/RELEASE.json, OUTPUT/RELEASE.log */
	char *keyfile, *key;	/* what decided the result in dir, and what decides it now */
	struct cmd cmd;		/* kpatch-build --kernel RELEASE ..., without -j */
	pid_t pid;
	double start, seconds;
	char *stage;		/* the stage it is in, from its log */
	int status;
	enum kresult result;
	char *reason, *module, *hash;
	char *deb;		/* with --deb: its package */
	bool reused;		/* finished by an earlier run */
};

struct kjobs {
	struct kjob *v;
	size_t nr;
	char *outdir;		/* absolute: OUTPUT */
	const char *name;	/* the module's: OUTPUT/RELEASE/NAME.ko */
};

/* What a job's end means (code: its exit status), for run_jobs. */
typedef void (*kjob_done)(struct kjob *j, int code);

/* kernels-run.c: kjobs at once, each make with -j jobs; progress on stderr */
void run_jobs(struct kjobs *all, int kjobs, int jobs, kjob_done done);

#endif
