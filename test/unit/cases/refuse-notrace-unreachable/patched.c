#include <fixture.h>

int ext(int);

/* noinstr-like: no fentry, reached only from an assembly stub */
static notrace noinline __attribute__((used)) int handler(int x)
{
	return ext(x) + 2;
}

asm(".pushsection .text.entry_stub, \"ax\"\n"
    ".globl entry_stub\n"
    "entry_stub:\n"
    "	call handler\n"
    "	ret\n"
    ".popsection\n");

int other(int x)
{
	return ext(x);
}
