#include <fixture.h>

int ext(int);

int runtime(int x)
{
	return ext(x);
}
