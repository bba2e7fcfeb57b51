#include <fixture.h>

int ext(int);

int first(int x)
{
	static int hits;

	return ext(x + ++hits);
}

int second(int x)
{
	static int hits;

	return ext(x - ++hits);
}
