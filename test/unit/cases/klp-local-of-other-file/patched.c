#include <fixture.h>

int ext(int);

static noinline int helper(int x)
{
	return ext(x) + 2;
}

int user(int x)
{
	return helper(x) * 3;
}
