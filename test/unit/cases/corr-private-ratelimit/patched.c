#include <fixture.h>

int ext(int);

int noisy(int x)
{
	if (x < -1)
		printk_ratelimited("noisy: bad value %d\n", x);
	return ext(x);
}
