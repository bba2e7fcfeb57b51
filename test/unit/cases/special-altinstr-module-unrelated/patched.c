#include <fixture.h>

int ext(int);

static int __attribute__((used)) hits;

/* unchanged: its replacement updates the module's own data */
int quiet(int x)
{
	asm volatile(ALTERNATIVE("", "incl hits(%%rip)", X86_FEATURE_LFENCE_RDTSC) : : : "memory");
	return ext(x);
}

int loud(int *p, int i)
{
	barrier_nospec();
	return ext(p[i]) + 2;
}
