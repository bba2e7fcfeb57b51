#include <fixture.h>

int ext(int);

int sample(int x)
{
	return ext(x);
}
