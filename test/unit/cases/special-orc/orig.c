#include <fixture.h>

int ext(int);

int unwind_a(int x)
{
	ORC_POINT(8);
	return ext(x);
}

int unwind_b(int x)
{
	ORC_POINT(8);
	x = ext(x);
	ORC_POINT(16);
	return ext(x) + 1;
}
