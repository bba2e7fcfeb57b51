#include <fixture.h>

int ext(int);

int arch_hook(int x)
{
	return ext(x) * 9;
}
