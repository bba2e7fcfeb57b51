#include <fixture.h>

int ext_a(int);
int ext_b(int);

int runtime(int x)
{
	return ext_a(x) + ext_b(x);
}
