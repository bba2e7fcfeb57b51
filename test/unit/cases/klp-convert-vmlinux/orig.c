#include <fixture.h>

int ext(int);

static int calls;

static noinline int count_call(void)
{
	return ++calls;
}

int entry(int x)
{
	return ext(x) + count_call();
}
