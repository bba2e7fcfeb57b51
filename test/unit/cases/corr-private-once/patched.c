#include <fixture.h>

int ext(int);

int validate(int x)
{
	if (WARN_ONCE(x < 0, "negative %d\n", x))
		return -1;
	printk_once("validate called\n");
	return ext(x) + 1;
}
