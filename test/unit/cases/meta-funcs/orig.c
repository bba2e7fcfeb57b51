#include <fixture.h>

int ext(int);

int one(int x)
{
	return ext(x) + 1;
}

int two(int x)
{
	return ext(x) + 2;
}

int three(int x)
{
	return ext(x) + 3;
}

int four(int x)
{
	return ext(x) + 4;
}
