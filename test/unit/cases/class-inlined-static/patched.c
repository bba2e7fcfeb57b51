#include <fixture.h>

int ext(int);

static inline int adjust(int x)
{
	return x * 3 + 2;
}

int caller_a(int x)
{
	return ext(adjust(x));
}

int caller_b(int x)
{
	return ext(adjust(x + 1));
}

int bystander(int x)
{
	return ext(x);
}
