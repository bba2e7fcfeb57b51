/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_STATES_H
#define KPB_STATES_H

/* klp_states: the states the patch sets, and those of its bases. */
#include "context.h"

/*
 * Into r->states: those its units declare, and those carried from
 * r->previous; none lower than a deployed module's.
 */
void collect_states(struct kpb_results *r);
/* The version of state id in r; 0 if it has none. */
unsigned long state_version(const struct kpb_results *r, unsigned long id);
/* why, with a reason for each klp_state id b shares with r */
char *shared_klp_state(const struct kpb_results *r, const struct kpb_base *b, char *why);
void states_into(const struct kpb_results *r, struct manifest *m);
/* Into ids: the shadow variable ids r's units use ("?": one not known). */
void shadow_ids(const struct kpb_results *r, struct strlist *ids);

#endif
