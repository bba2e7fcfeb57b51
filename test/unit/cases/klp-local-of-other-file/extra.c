#include <fixture.h>

int ext(int);

/* another file's helper: in the image, the only function of that name */
static noinline int helper(int x)
{
	return ext(x) * 4;
}

int other_user(int x)
{
	return helper(x);
}
