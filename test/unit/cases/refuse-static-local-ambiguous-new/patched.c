#include <fixture.h>

int ext(int);

/* first and second became one function: whose count does it continue? */
int either(int x, int sign)
{
	static int hits;

	return ext(sign ? x + ++hits : x - ++hits);
}

int first(int x)
{
	return either(x, 1);
}

int second(int x)
{
	return either(x, 0);
}
