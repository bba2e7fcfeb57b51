#include <fixture.h>

int ext(int);

static noinline __used __attribute__((section(".sched.text"))) int slow_path(int x)
{
	return ext(x) * 7;
}

/* A 2-byte jump to slow_path early in a long function: too far from the end for a jump appended there. */
__attribute__((section(".sched.text"))) int lock_it(int x)
{
	if (x == 42)
		asm volatile("jmp slow_path");
	asm volatile(".fill 160, 1, 0x90");
	return ext(x + 1);
}
