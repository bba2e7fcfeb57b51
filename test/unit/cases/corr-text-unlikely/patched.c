#include <fixture.h>

int ext(int);

__cold int rarely(int x)
{
	return ext(x) + 10;
}

int often(int x)
{
	return ext(x) + 2;
}
