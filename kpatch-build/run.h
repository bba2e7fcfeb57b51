/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_RUN_H
#define KPB_RUN_H

/* Running commands: children, their output in the run's log, signals. */
#include <signal.h>

#include "context.h"
/* The commands fail the run when they cannot start. */
#include "fail.h"

void catch_signals(void);
int run_argv(const char *dir, char *const argv[]);
/* A child's arguments, and files for its standard streams (NULL: the log). */
struct cmd {
	struct strlist args;
	char *in, *out, *err;
};
/* The marker cmd_script turns into positional parameter n (1-9). */
#define PARAM(n) "\001" #n
void cmd_add(struct cmd *c, const char *arg);
/* Each argument up to a NULL. */
void cmd_args(struct cmd *c, ...) __attribute__((sentinel));
char **cmd_argv(struct cmd *c);
void cmd_script(struct cmd *c, const char *script, const char *const values[], size_t n);
void cmd_free(struct cmd *c);
int run_cmd(const char *dir, struct cmd *c);
/* c started now, its output into c->out and c->err; reap_any() sees it end. */
pid_t start_cmd(const char *dir, struct cmd *c);
/* A child started here that has ended (its exit status, 128+N for signal N), or 0. */
pid_t reap_any(int *code);
/* The most children at once, so also the most -j and --kernel-jobs. */
#define MAX_JOBS 256
/* The signal that stopped this run, or 0 (catch_signals). */
extern volatile sig_atomic_t interrupted;
/* With envp as the whole environment. */
int run_env(const char *dir, char *const argv[], char *const envp[]);
/* The same, started now and finished later (its exit status). */
pid_t start_env(const char *dir, char *const argv[], char *const envp[]);
int finish(pid_t pid);
char *run_capture(const char *dir, char *const argv[]);
/* The same, whatever the exit status (into *status unless NULL). */
char *run_capture_any(const char *dir, char *const argv[], int *status);
/* Run command(unit, arg) for every unit in dir, jobs at a time: unit->status. */
void run_units(struct unit *units, size_t nr, int jobs, const char *dir,
	       void (*command)(struct unit *, struct cmd *, void *arg), void *arg, const char *what);
/* The run's log, from now on (written when something is logged). */
void log_to(const char *path);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A failure's part of the run (fail.h): log tail, children stopped, half-written file gone. */
void stop_run(int code, bool keep_workdir);
void remove_tree(const char *path);

#endif
