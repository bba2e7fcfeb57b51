#include <fixture.h>

int ext(int);

static int calls;

int count_it(int x)
{
	calls++;
	return ext(x + calls);
}
