#include <fixture.h>

int ext(int);

int alpha(int x)
{
	return ext(x) + 1;
}

int beta(int x)
{
	return ext(x) + 2;
}

int gamma(int x)
{
	return ext(x) + 3;
}
