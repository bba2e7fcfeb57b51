// SPDX-License-Identifier: GPL-2.0
/* The list of code appended to copies, each with the site it stands for (thunk-orc.c reads it). */
#include "cdo.h"

void note_thunk(struct cdo *cdo, const struct symbol *func, unsigned long site, unsigned long at)
{
	GROW(cdo->thunks, cdo->alloc_thunks, cdo->nr_thunks);
	cdo->thunks[cdo->nr_thunks++] = (struct thunk){ func, site, at };
}
