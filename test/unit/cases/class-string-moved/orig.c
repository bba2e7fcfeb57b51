#include <fixture.h>

/* first() owns the merged string section that also holds "shared %d\n". */
void first(int x)
{
	pr_info("shared %d\n", x);
}

void second(int x)
{
	pr_info("shared %d\n", x + 1);
}
