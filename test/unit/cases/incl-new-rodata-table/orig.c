#include <fixture.h>

int ext(int);

int scale(int i)
{
	return ext(i) * 3;
}
