#include <fixture.h>

void greet(int x)
{
	pr_info("hello, %d\n", x);
}

void part(int x)
{
	pr_info("goodbye, %d\n", x);
}
