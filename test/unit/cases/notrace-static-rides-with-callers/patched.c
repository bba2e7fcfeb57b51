#include <fixture.h>

int ext(int);

/* The kernel's "inline" implies notrace; GCC may still emit it out of line. */
static notrace noinline int helper(int x)
{
	return ext(x) + 2;
}

int caller(int x)
{
	return helper(x) * 3;
}

int other(int x)
{
	return ext(x);
}
