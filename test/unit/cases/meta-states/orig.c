#include <fixture.h>

int ext(int);

int feature(int x)
{
	return ext(x);
}
