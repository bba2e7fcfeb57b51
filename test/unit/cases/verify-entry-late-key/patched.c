#include <fixture.h>

int ext(int);

/* The target is the module mymod; the key belongs to it. */
DEFINE_STATIC_KEY_FALSE(fast_path);

int lookup(int x)
{
	if (static_branch_unlikely(&fast_path))
		return x;
	return ext(x);
}
