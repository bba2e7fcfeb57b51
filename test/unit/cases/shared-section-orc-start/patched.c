#include <fixture.h>

int ext(int);

static noinline __used __attribute__((section(".sched.text"))) int slow_path(int x)
{
	ORC_POINT(16);
	return ext(x) * 7;
}

/* No ORC entry of its own: the one in effect at its start is slow_path's. */
__attribute__((section(".sched.text"))) int lock_it(int x)
{
	return ext(x) + 2;
}
