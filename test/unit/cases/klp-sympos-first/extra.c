#include <fixture.h>

int ext(int);

static noinline int scale(int x)
{
	return ext(x) * 5;
}

int other_user(int x)
{
	return scale(x) + scale(x - 1);
}
