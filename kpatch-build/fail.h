/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_FAIL_H
#define KPB_FAIL_H

/*
 * How a run stops on an error.  The lowest layer: it knows nothing of
 * what a failure must still do (the log's tail, the report, cleanup);
 * main() registers that as the wind-up.
 */

/* Print "kpatch-build: error: ...", wind up, exit with code. */
void fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* What every failure does after its message (reason may be NULL), given arg; once. */
void fail_winds_up(void (*wind_up)(void *arg, int code, const char *reason), void *arg);
/* From now on die() in lib/ winds up as fail() does (with die_code). */
void fail_on_die(void);

#endif
