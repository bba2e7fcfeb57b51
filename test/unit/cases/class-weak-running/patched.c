#include <fixture.h>

int ext(int);

/* the generic version, and the one the image runs */
__attribute__((weak)) int arch_hook(int x)
{
	return ext(x) + 2;
}

int other(int x)
{
	return ext(x);
}
