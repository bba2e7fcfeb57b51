#include <fixture.h>

int ext(int);

int busy(int x)
{
	return ext(x) * 2;
}
