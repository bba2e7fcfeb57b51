#define CONFIG_PRINTK_INDEX
#include <fixture.h>

int ext(int);

int chatty(int x)
{
	pr_info("chatty %d\n", x);
	return ext(x);
}

int debugging(int x)
{
	pr_debug("debugging %d\n", x);
	return ext(x) + 1;
}
