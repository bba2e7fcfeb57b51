#include <fixture.h>

int ext(int);
int ticks_seen(void);

int tick(int x)
{
	static int count;

	count += x;
	return ext(count) + ticks_seen();
}

int tock(int x)
{
	return ext(x) - 1;
}

/* New, with a static local of its own that takes over the number 0. */
int ticks_seen(void)
{
	static int seen;

	return ++seen;
}
