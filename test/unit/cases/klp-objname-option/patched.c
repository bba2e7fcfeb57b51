#include <fixture.h>

int ext(int);

static int calls;

int entry(int x)
{
	calls++;
	return ext(x) + calls;
}
