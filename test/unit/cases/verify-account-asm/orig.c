#include <fixture.h>

int ext(int);

/* KVM's fastop shape: an assembly routine in .text with neither .type nor .size. */
asm(".pushsection .text\n"
    "fast_inc:\n\t"
    "addl $1, %eax\n\t"
    "ret\n"
    ".popsection\n");

int other(int x)
{
	return ext(x);
}
