#include <fixture.h>

int ext(int);

int sample(int x)
{
	static int last;
	int delta = x - last;

	last = x;
	return ext(delta);
}
