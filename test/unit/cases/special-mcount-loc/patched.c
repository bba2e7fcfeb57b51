#include <fixture.h>

int ext(int);

int traced_a(int x)
{
	return ext(x);
}

int traced_b(int x)
{
	return ext(x) + 2;
}

int traced_c(int x)
{
	return ext(x) + 5;
}
