#include <fixture.h>

int ext(int);

/* Global, unchanged, and not exported: reached through a klp relocation. */
noinline int helper(int x)
{
	return ext(x) * 7;
}

int caller(int x)
{
	return helper(x) + 1;
}
