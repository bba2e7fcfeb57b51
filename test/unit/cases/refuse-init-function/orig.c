#include <fixture.h>

int ext(int);

int __init setup_thing(void)
{
	return ext(1);
}

int runtime_thing(int x)
{
	return ext(x);
}
