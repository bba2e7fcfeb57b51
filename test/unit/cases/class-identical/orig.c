#include <fixture.h>

int ext(int);

int add_one(int x)
{
	return ext(x) + 1;
}

int times_two(int x)
{
	return ext(x) * 2;
}
