// SPDX-License-Identifier: GPL-2.0
/*
 * klp_states (states.c), without a kernel: the versions units declare
 * agree, never lower a base's or a previous release's, and a replaced
 * release's states are carried.
 */
#include "harness.h"
#include "manifest.h"
#include "states.h"

static void states(void)
{
	struct unit *u;
	struct kpb_base *b;

	reset();
	u = add_unit("a.o", "vmlinux");
	report_add_state(&u->report, 1, 1);
	u = add_unit("b.o", "vmlinux");
	report_add_state(&u->report, 1, 2);
	REFUSES(EXIT_BAD_INPUT, "state 1 is declared at version 1 in a.o and 2 in b.o", collect_states(&results));

	reset();
	u = add_unit("a.o", "vmlinux");
	report_add_state(&u->report, 2, 1);
	b = add_deployed(&results.bases, &results.nr_bases, "lp-base", false);
	manifest_add_state(&b->manifest, 2, 3, "x.o");
	REFUSES(EXIT_REFUSED, "lowers a state's version", collect_states(&results));

	/* a unit that failed to diff declares nothing */
	reset();
	u = add_unit("a.o", "vmlinux");
	report_add_state(&u->report, 2, 1);
	u->status = EXIT_NOCHANGE;
	b = add_deployed(&results.previous, &results.nr_previous, "lp-v1", true);
	manifest_add_state(&b->manifest, 5, 1, "y.o");
	manifest_add_state(&b->manifest, 2, 1, "z.o");
	ACCEPTS(collect_states(&results));
	CHECK(results.nr_states == 2);
	CHECK(state_version(&results, 5) == 1 && state_version(&results, 2) == 1 && state_version(&results, 3) == 0);
	CHECK(results.nr_states == 2 && results.states[0].carried && strstr(results.states[0].from, "lp-v1"));
}

int main(void)
{
	progname = "states";
	states();
	return finished("states", "declared, lowered, carried");
}
