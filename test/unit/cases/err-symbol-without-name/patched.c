#include <fixture.h>

int ext(int);

int victim(int x)
{
	return ext(x) + 2;
}
