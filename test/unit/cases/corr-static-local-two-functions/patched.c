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
	static int floor = -100;
	static int count = 100;

	if (count - x > floor)
		count -= x;
	return ext(count);
}
