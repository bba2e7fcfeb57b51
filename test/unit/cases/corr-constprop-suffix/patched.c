#include <fixture.h>

int ext(int);
int ext2(int, int);

/* Every caller passes mode 1: ipa-cp makes calc.constprop.0. */
static noinline int calc(int mode, int x)
{
	if (mode == 1)
		return ext(x) * 3 + ext2(x, 6);
	return ext(x + 1) + x * 7;
}

int use1(int x)
{
	return calc(1, x);
}

int use2(int x)
{
	return calc(1, x + 2);
}
