#include <fixture.h>

int ext(int);

static noinline int helper(int x)
{
	return ext(x) * 9;
}

int one(int x)
{
	return helper(x) + 1;
}

int two(int x)
{
	return ext(x) + 2;
}

int three(int x)
{
	return ext(x) - 3;
}

int four(int x)
{
	return ext(x) - 4;
}
