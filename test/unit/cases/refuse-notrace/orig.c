#include <fixture.h>

int ext(int);

notrace int untraced(int x)
{
	return ext(x) + 1;
}
