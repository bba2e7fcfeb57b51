// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "refusal.h"
#include "fail.h"

jmp_buf refused;
int refused_code;
char *refused_why;

void fail(int code, const char *fmt, ...)
{
	va_list ap;

	free(refused_why);
	va_start(ap, fmt);
	if (vasprintf(&refused_why, fmt, ap) < 0)
		refused_why = NULL;
	va_end(ap);
	refused_code = code;
	longjmp(refused, 1);
}
