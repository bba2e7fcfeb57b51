#include <fixture.h>

int ext(int);

/* __alias / SYM_FUNC_ALIAS / strong_alias: two names, one body. */
int impl(int x)
{
	return ext(x) + 1;
}

int other_name(int x) __attribute__((alias("impl")));
