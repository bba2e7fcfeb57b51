#include <fixture.h>

int ext(int);
extern int (*tick_hook)(int);

/*
 * The only static call goes (KPATCH_STATIC_CALL-style, an indirect call):
 * the patched object has no .static_call_sites at all, and tick_a, which
 * never had an entry there, is unchanged.
 */
int tick_a(int x)
{
	return ext(x);
}

int tick_b(int x)
{
	tick_hook(x);
	return ext(x) + 1;
}
