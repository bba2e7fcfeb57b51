#include <fixture.h>

int ext(int);

static const int factors[8] = { 3, 5, 7, 11, 13, 17, 19, 23 };

int scale(int i)
{
	return ext(i) * factors[i & 7];
}
