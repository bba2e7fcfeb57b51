#include <fixture.h>

int ext(int);

int tweak(int x)
{
	return ext(x) * 2;
}

int feature(int x)
{
	return ext(x);
}
