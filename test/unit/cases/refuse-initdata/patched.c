#include <fixture.h>

int ext(int);

static int boot_defaults[4] __initdata = { 1, 2, 3, 5 };

int __init apply_defaults(void)
{
	return ext(boot_defaults[0] + boot_defaults[3]);
}

int runtime_thing(int x)
{
	return ext(x);
}
