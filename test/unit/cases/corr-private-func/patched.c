#include <fixture.h>

int ext(int);

int traced(int x)
{
	pr_info("%s: %d\n", __func__, x);
	return ext(x) * 2;
}
