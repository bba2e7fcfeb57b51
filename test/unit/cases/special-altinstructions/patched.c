#include <fixture.h>

int ext(int);

int load_a(int *p, int i)
{
	barrier_nospec();
	return ext(p[i]);
}

int load_b(int *p, int i)
{
	barrier_nospec();
	return ext(p[i]) + 2;
}
