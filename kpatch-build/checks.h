/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_CHECKS_H
#define KPB_CHECKS_H

/* Input checks before any work: tree, config, compiler and vmlinux agree. */
#include "context.h"

void check_inputs(void);
/* CONFIG_name in the running kernel's config (read once), or NULL when unset */
char *config_option(const char *name);

#endif
