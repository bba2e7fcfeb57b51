/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Patches written for kpatch include this header for its
 * KPATCH_SYSCALL_DEFINE1..6 macros; they are defined, with the rest of the
 * author macros, in kpatch-macros.h.
 */
#ifndef _KPATCH_SYSCALL_H_
#define _KPATCH_SYSCALL_H_

#include "kpatch-macros.h"

#endif /* _KPATCH_SYSCALL_H_ */
