#include <fixture.h>

int ext(int);

int count_it(int x)
{
	static int calls;

	calls++;
	return ext(x + calls + 1);
}
