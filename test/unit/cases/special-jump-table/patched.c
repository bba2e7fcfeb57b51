#include <fixture.h>

int ext(int);

/* Defined and exported by vmlinux. */
DECLARE_STATIC_KEY_FALSE(feature_key);

int feature_a(int x)
{
	if (static_branch_unlikely(&feature_key))
		return ext(x);
	return x;
}

int feature_b(int x)
{
	if (static_branch_unlikely(&feature_key))
		return ext(x) + 2;
	return x;
}
