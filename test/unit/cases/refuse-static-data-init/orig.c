#include <fixture.h>

int ext(int);

static int threshold = 10;

void set_threshold(int t)
{
	threshold = t;
}

int over(int x)
{
	return x > threshold;
}
