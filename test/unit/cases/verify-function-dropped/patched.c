#include <fixture.h>

int ext(int);

int first(int x)
{
	return ext(x + 1);
}

int second(int x)
{
	return ext(x * 3);
}
