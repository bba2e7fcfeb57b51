#include <fixture.h>

int ext(int);

int caller(int x)
{
	return ext(x);
}
