#include <fixture.h>

int ext(int);

int gamma(int x)
{
	return ext(x) + 3;
}

int alpha(int x)
{
	return ext(x) + 1;
}

int beta(int x)
{
	return ext(x) + 2;
}
