// SPDX-License-Identifier: GPL-2.0
/* Failing the run: the message, then the registered wind-up (fail.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fail.h"
#include "util.h"

static void (*winding_up)(void *arg, int code, const char *reason);
static void *winding_arg;
static bool failing;

void fail_winds_up(void (*wind_up)(void *arg, int code, const char *reason), void *arg)
{
	winding_up = wind_up;
	winding_arg = arg;
}

void fail(int code, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	/* Winding up runs commands too: they must not fail again. */
	if (failing)
		exit(code);
	failing = true;
	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = NULL;
	va_end(ap);
	fprintf(stderr, "%s: error: %s\n", progname, reason ? reason : fmt);
	if (winding_up)
		winding_up(winding_arg, code, reason);
	exit(code);
}

/* die() in shared code (lib/): a failure like any other, exit 1. */
static void on_die(void)
{
	if (failing)
		return;
	failing = true;
	if (winding_up)
		winding_up(winding_arg, die_code, die_message);
}

void fail_on_die(void)
{
	leave_hook = on_die;
}
