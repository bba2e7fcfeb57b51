/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_CHECKS_H
#define KPB_CHECKS_H

/* Input checks before any work: tree, config, compiler and vmlinux agree. */
#include "context.h"

/* b's tree, config, compiler and vmlinux; r's bases and previous modules loaded, checked. */
void check_inputs(const struct kpb_options *o, struct kpb_build *b, struct kpb_results *r);
/* CONFIG_name in the running kernel's config (read once), or NULL when unset */
char *config_option(const char *config, const char *name);

#endif
