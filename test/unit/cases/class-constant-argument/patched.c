#include <fixture.h>

int ext2(int, int);

/* A constant argument, loaded as "mov $imm, %esi" like a __LINE__. */
int pass(int x)
{
	return ext2(x, 6);
}
