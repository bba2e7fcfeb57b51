#include <fixture.h>

int ext(int);

static int limits[4] = { 10, 20, 30, 40 };

void set_limit(int i, int v)
{
	limits[i & 3] = v;
}

int get_limit(int i)
{
	return limits[i & 3] + ext(i);
}
