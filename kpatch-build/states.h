/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_STATES_H
#define KPB_STATES_H

/* klp_states: the states the patch sets, and those of its bases. */
#include "context.h"

void collect_states(void);
unsigned long state_version(unsigned long id);
char *shared_klp_state(const struct kpb_base *b, char *why);
void states_into(struct manifest *m);

#endif
