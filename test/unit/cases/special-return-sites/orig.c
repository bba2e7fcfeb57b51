#include <fixture.h>

int ext(int);

int leave_a(int x)
{
	if (x == 7)
		RETURN_THUNK();
	return ext(x);
}

int leave_b(int x)
{
	if (x == 8)
		RETURN_THUNK();
	return ext(x) + 1;
}
