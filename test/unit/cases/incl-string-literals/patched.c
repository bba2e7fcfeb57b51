#include <fixture.h>

void report(int x)
{
	pr_info("report: %d\n", x);
	if (x < 0)
		pr_err("negative value %d\n", x);
}
