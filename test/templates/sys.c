// SPDX-License-Identifier: GPL-2.0
/* System calls replaced through KLP_SYSCALL_DEFINE<n> (kpatch-macros.h). */
#include "kpatch-macros.h"
#include "standin.h"

KLP_SYSCALL_DEFINE0(getppid)
{
	return 4242;
}

KLP_SYSCALL_DEFINE1(umask, int, mask)
{
	return 0123 + (mask & 0);
}

STANDIN_FUNC(getppid, __x64_sys_getppid, "__x64_sys_getppid", "vmlinux", 0);
STANDIN_FUNC(umask, __x64_sys_umask, "__x64_sys_umask", "vmlinux", 0);
