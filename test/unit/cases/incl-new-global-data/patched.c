#include <fixture.h>

int ext(int);

int caller_calls;

int caller(int x)
{
	caller_calls++;
	return ext(x) + 1;
}
