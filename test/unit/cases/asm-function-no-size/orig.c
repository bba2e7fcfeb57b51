#include <fixture.h>

int ext(int);

/* KVM fastop's shape: a top-level asm function, no .type, no .size, in .text. */
asm(".pushsection .text\n"
    ".globl fastop_add\n"
    "fastop_add:\n"
    "\taddl %esi, %edi\n"
    "\tmovl %edi, %eax\n"
    "\tret\n"
    ".popsection\n");

int user(int x)
{
	return ext(x);
}
