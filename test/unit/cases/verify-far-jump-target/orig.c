#include <fixture.h>

int ext(int);

static noinline __attribute__((section(".sched.text"))) int slow_path(int x)
{
	return ext(x) * 7 + ext(x + 1);
}

__attribute__((section(".sched.text"))) int lock_it(int x)
{
	if (ext(x))
		return slow_path(x);
	return 0;
}
