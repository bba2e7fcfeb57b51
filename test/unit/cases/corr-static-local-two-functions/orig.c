#include <fixture.h>

int ext(int);

int first(int x)
{
	static int count;

	count += x;
	return ext(count);
}

int second(int x)
{
	static int count = 100;

	count -= x;
	return ext(count);
}
