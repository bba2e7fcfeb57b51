#include <fixture.h>

static int threshold __section(".data.tunable") = 10;

void set_threshold(int t)
{
	threshold = t;
}

int over(int x)
{
	return x > threshold;
}
