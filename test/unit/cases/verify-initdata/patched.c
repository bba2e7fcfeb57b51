#include <fixture.h>

int ext(int);

static int limits[4] = { 1, 2, 3, 4 };

int __init setup(void)
{
	return ext(limits[1]);
}

int runtime(int x)
{
	return ext(x + limits[2]);
}
