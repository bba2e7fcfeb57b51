#include <fixture.h>

int ext(int);

int __init setup_thing(void)
{
	return ext(2);
}

int runtime_thing(int x)
{
	return ext(x);
}
