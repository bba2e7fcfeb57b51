#include <fixture.h>

int ext(int);

/* Each counter function gets a file-scope static named by __UNIQUE_ID. */
#define __DEFINE_COUNTER(id, fn, init, step)				\
	static int id = init;						\
	noinline int fn(int x)						\
	{								\
		id += (step);						\
		return ext(id);						\
	}
#define DEFINE_COUNTER(fn, init, step)					\
	__DEFINE_COUNTER(__UNIQUE_ID(counter_), fn, init, step)

int clamp(int x)
{
	return ext(x) + 1;
}

DEFINE_COUNTER(bump_a, 10, x)
DEFINE_COUNTER(bump_b, 20, x)
