#include <fixture.h>

int ext(int);

/* The static call key and trampoline are exported by vmlinux. */
DECLARE_STATIC_CALL(sched_tick, ext);

int tick_a(int x)
{
	return ext(x);
}

int tick_b(int x)
{
	static_call_void(sched_tick);
	return ext(x) + 1;
}
