#include <fixture.h>

int ext(int);

/* mutex_lock's shape: a __sched caller and its static __sched slow path. */
static noinline __attribute__((section(".sched.text"))) int slow_path(int x)
{
	return ext(x) * 7 + ext(x + 1);
}

__attribute__((section(".sched.text"))) int lock_it(int x)
{
	if (ext(x))
		return slow_path(x) + 1;
	return 0;
}

__attribute__((section(".sched.text"))) int unlock_it(int x)
{
	return slow_path(x) - 1;
}
