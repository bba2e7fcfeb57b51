/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_CONFIG_H
#define KPB_CONFIG_H

/* The config kbuild wrote (built: its path) must be the running kernel's, config (exit 5 if not). */
void check_same_config(const char *config, const char *built);

#endif
