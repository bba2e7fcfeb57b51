#include <fixture.h>

int ext(int);

int peek_a(int *p)
{
	int err = 0, v = 0;

	get_kernel_int(v, p, err);
	return err ? err : ext(v);
}

int peek_b(int *p)
{
	int err = 0, v = 0;

	get_kernel_int(v, p, err);
	return err ? err : ext(v) + 1;
}
