#include <fixture.h>

int ext(int);

int exported(int x)
{
	return ext(x) + 1;
}

/* as 6.5+'s EXPORT_SYMBOL(exported) emits it (include/linux/export.h) */
asm(".section \".export_symbol\",\"a\"\n"
    "__export_symbol_exported:\n"
    "\t.asciz \"\"\n"
    "\t.asciz \"\"\n"
    "\t.balign 8\n"
    "\t.quad exported\n"
    "\t.previous\n");
