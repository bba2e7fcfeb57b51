#include <fixture.h>

int ext(int);
extern char cpu_caps[32];

/* static_cpu_has()'s shape: the slow test of each site in one .altinstr_aux section. */
static __always_inline int has_cap(int bit)
{
	asm goto("jmp 6f\n"
		 ".pushsection .altinstr_aux,\"ax\"\n"
		 "6:\n"
		 " testb %[bitnum], %[cap_byte]\n"
		 " jnz %l[t_yes]\n"
		 " jmp %l[t_no]\n"
		 ".popsection\n"
		 : : [bitnum] "i" (1 << (bit & 7)), [cap_byte] "m" (cpu_caps[bit >> 3])
		 : : t_yes, t_no);
	return 1;
t_yes:
	return 1;
t_no:
	return 0;
}

int first(int x)
{
	return has_cap(3) && has_cap(4) ? ext(x) : 0;
}

int second(int x)
{
	return has_cap(5) ? ext(x + 1) : 1;
}
