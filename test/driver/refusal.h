/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TEST_DRIVER_REFUSAL_H
#define TEST_DRIVER_REFUSAL_H

/*
 * fail() for the driver's unit tests: it records the exit code and the
 * reason and jumps back to the setjmp(refused) of the test that called.
 */
#include <setjmp.h>

extern jmp_buf refused;
extern int refused_code;
extern char *refused_why;

#endif
