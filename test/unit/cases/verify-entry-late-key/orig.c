#include <fixture.h>

int ext(int);

/* The target is the module mymod; the key belongs to it. */
DEFINE_STATIC_KEY_FALSE(fast_path);

int lookup(int x)
{
	return ext(x);
}
