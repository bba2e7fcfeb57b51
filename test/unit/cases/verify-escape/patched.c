#include <fixture.h>

int ext(int);

/* A jump the assembler resolved to a place 1 KiB past the function: in the module, whatever lies there. */
int runtime(int x)
{
	if (x == 7)
		asm volatile("jmp .+0x400");
	return ext(x);
}
