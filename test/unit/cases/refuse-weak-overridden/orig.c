#include <fixture.h>

int ext(int);

/* the generic version; extra.c's strong one is what the image runs */
__attribute__((weak)) int arch_hook(int x)
{
	return ext(x) + 1;
}

int other(int x)
{
	return ext(x);
}
