#include <fixture.h>

int ext(int);

/* The target is the module mymod; the key belongs to it. */
DEFINE_STATIC_KEY_FALSE(fast_path);

int lookup(int x)
{
	if (arch_static_branch_short(&fast_path.key))
		return x;
	/* 200 bytes of code between the site and the end of the function */
	asm volatile(".fill 200, 1, 0x90");
	return ext(x);
}
