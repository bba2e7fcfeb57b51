#include <fixture.h>

int ext(int);

int rarely(int x)
{
	return ext(x) + 1;
}

int often(int x)
{
	return ext(x) + 2;
}
