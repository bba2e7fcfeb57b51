#include <fixture.h>

int ext(int);

int warn_a(int x)
{
	WARN_ON(x == 1);
	return ext(x);
}

int warn_b(int x)
{
	WARN_ON(x == 2);
	return ext(x) + 2;
}
