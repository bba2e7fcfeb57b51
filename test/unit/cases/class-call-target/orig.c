#include <fixture.h>

int ext_a(int);
int ext_b(int);

int dispatch(int x)
{
	return ext_a(x + 3);
}

int other(int x)
{
	return ext_b(x);
}
