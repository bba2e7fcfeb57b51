#include <fixture.h>

int ext(int);

static int threshold = 20;

void set_threshold(int t)
{
	threshold = t;
}

int over(int x)
{
	return x > threshold;
}
