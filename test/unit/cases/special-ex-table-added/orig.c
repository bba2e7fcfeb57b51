#include <fixture.h>

int ext(int);

/* A read that may fault, without its exception table entry: the bug. */
int peek(int *p)
{
	int err = 0, v = 0;

	asm volatile("1:\tmovl %2, %1\n"
		     "2:\n"
		     : "+r" (err), "=r" (v) : "m" (*(p)));
	return err ? err : ext(v);
}

/* Another reader, with its entry on both sides: the table is in both objects. */
int peek_other(int *p)
{
	int err = 0, v = 0;

	get_kernel_int(v, p, err);
	return err ? err : ext(v + 1);
}
