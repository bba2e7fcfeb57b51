#include <fixture.h>

int ext(int);

int unwind_b(int x)
{
	ORC_POINT(8);
	if (x == 8)
		RETURN_THUNK();
	return ext(x) + 2;
}
