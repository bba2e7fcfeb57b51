/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_STACK_H
#define KPB_STACK_H

/* Stacked patches (--base) and klp_states. */
#include "context.h"

/* stack.c */
void classify_against_bases(void);
bool base_depended_on(const struct kpb_base *b);
char *bases_symvers(void);

/* states.c */
void collect_states(void);
unsigned long state_version(unsigned long id);
char *shared_klp_state(const struct kpb_base *b, char *why);
void states_into(struct manifest *m);

#endif
