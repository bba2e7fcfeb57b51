#include <fixture.h>

int ext(int);

int existing(int x)
{
	return ext(x) + 1;
}

int brand_new(int x)
{
	return ext(x) * 5;
}
