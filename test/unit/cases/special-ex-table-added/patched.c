#include <fixture.h>

int ext(int);

/* The fix adds the entry: the same instructions, one more table entry. */
int peek(int *p)
{
	int err = 0, v = 0;

	get_kernel_int(v, p, err);
	return err ? err : ext(v);
}

/* Another reader, with its entry on both sides: the table is in both objects. */
int peek_other(int *p)
{
	int err = 0, v = 0;

	get_kernel_int(v, p, err);
	return err ? err : ext(v + 1);
}
