#include <fixture.h>

int ext(int);

/* Cold: .text.unlikely.scale goes to the start of vmlinux's .text. */
static noinline __cold int scale(int x)
{
	return ext(x) * 5;
}

int other_user(int x)
{
	return scale(x) + scale(x - 1);
}
