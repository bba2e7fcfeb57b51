#include <fixture.h>

int ext(int);

/* extra.c has a static function of the same name, placed before this one. */
static noinline int scale(int x)
{
	return ext(x) * 3;
}

int user(int x)
{
	return scale(x) + scale(x + 2);
}
