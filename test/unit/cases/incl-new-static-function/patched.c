#include <fixture.h>

int ext(int);

static noinline int clamp_arg(int x)
{
	if (x > 1000)
		return ext(1000);
	return ext(x);
}

int caller(int x)
{
	return clamp_arg(x) + clamp_arg(x * 2) + 1;
}
