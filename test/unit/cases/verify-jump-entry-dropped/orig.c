#include <fixture.h>

int ext(int);

/* Not exported: the patch reaches it through a klp relocation. */
DEFINE_STATIC_KEY_FALSE(slow_mode);

int mode_a(int x)
{
	if (static_branch_unlikely(&slow_mode))
		return ext(x);
	return x;
}

int mode_b(int x)
{
	if (static_branch_unlikely(&slow_mode))
		return ext(x) + 1;
	return x;
}
