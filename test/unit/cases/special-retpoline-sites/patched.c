#include <fixture.h>

int ext(int);

void run_a(void (*fn)(void), int x)
{
	CALL_NOSPEC(fn);
	ext(x);
}

void run_b(void (*fn)(void), int x)
{
	CALL_NOSPEC(fn);
	ext(x + 2);
}
