#include <fixture.h>

int ext(int);

/* A table create-diff-object has never heard of. */
#define MY_TABLE_ENTRY()						\
	asm volatile("1:\n\t"						\
		     ".pushsection .my_table,\"a\"\n\t"			\
		     ".long 1b - .\n\t"					\
		     ".popsection")

int mark_a(int x)
{
	MY_TABLE_ENTRY();
	return ext(x);
}

int mark_b(int x)
{
	MY_TABLE_ENTRY();
	return ext(x) + 2;
}
