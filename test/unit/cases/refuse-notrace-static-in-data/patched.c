#include <fixture.h>

int ext(int);

static notrace noinline int handler(int x)
{
	return ext(x) + 2;
}

struct ops {
	int (*fn)(int);
};

struct ops my_ops = { .fn = handler };

int caller(int x)
{
	return handler(x) * 3;
}
