#include <fixture.h>

int ext(int);

int tick(int x)
{
	static int count;

	count += x;
	return ext(count);
}

int tock(int x)
{
	return ext(x) - 1;
}
