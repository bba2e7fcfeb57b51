#include <fixture.h>

int ext(int);

static const int weights[4] = { 10, 20, 30, 45 };

int weight(int i)
{
	return ext(weights[i & 3]);
}

int other(int x)
{
	return ext(x + 1);
}
