#include <fixture.h>

/* The target is the module mymod (fixture.o + extra.o). */
int ext(int);			/* exported by vmlinux */
extern int mod_counter;		/* extra.c, not exported */

static noinline int mod_helper(int x)
{
	return ext(x) - mod_counter;
}

int mod_entry(int x)
{
	return mod_helper(x) + mod_helper(x + 1);
}
