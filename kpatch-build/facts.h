/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_FACTS_H
#define KPB_FACTS_H

/* moddir/facts.o: the module's modinfo, states, bases and build ids. */
#include "context.h"

char *write_facts(const struct kpb_build *b, const struct kpb_results *r, const char *version,
		  const char *moddir);

#endif
