#define CONFIG_PRINTK_INDEX
#include <fixture.h>

int ext(int);

int say_a(int x)
{
	pr_info("say_a %d\n", x);
	return ext(x);
}

int say_b(int x)
{
	pr_info("say_b %d\n", x);
	return ext(x) + 1;
}
