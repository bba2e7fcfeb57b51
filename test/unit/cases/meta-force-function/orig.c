#include <fixture.h>

int ext(int);

int helper(int x)
{
	return ext(x) + 1;
}

int caller(int x)
{
	return helper(x) * 2;
}
