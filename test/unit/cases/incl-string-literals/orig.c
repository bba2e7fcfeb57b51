#include <fixture.h>

void report(int x)
{
	pr_info("report: %d\n", x);
}
