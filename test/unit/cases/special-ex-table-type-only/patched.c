#include <fixture.h>

int ext(int);

int peek_a(int *p)
{
	int err = 0, v = 0;

	get_kernel_int(v, p, err);
	return err ? err : ext(v);
}

#define get_kernel_int_default(val, ptr, err)				\
	asm volatile("1:\tmovl %2, %1\n"				\
		     "2:\n"						\
		     _ASM_EXTABLE_TYPE(1b, 2b, EX_TYPE_DEFAULT)		\
		     : "+r" (err), "=r" (val) : "m" (*(ptr)))

int peek_b(int *p)
{
	int err = 0, v = 0;

	get_kernel_int_default(v, p, err);
	return err ? err : ext(v) + 1;
}
