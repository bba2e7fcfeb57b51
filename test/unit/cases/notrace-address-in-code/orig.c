#include <fixture.h>

int ext(int);
void register_cb(void (*cb)(void));

static notrace noinline void quiet_cb(void)
{
	ext(1);
}

/* The address of a notrace function taken in code, not stored in data. */
void setup(void)
{
	register_cb(quiet_cb);
}
