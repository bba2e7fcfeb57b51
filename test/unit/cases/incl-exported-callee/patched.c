#include <fixture.h>

/* Exported by vmlinux (the generated Module.symvers lists it). */
int exported_helper(int);

int caller(int x)
{
	return exported_helper(x) + 2;
}
