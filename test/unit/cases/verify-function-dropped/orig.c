#include <fixture.h>

int ext(int);

int first(int x)
{
	return ext(x);
}

int second(int x)
{
	return ext(x * 2);
}
