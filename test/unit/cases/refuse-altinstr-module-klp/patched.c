#include <fixture.h>

int ext(int);

/* the module's own data, which the alternative's replacement code updates */
static int __attribute__((used)) hits;

int bump(int x)
{
	asm volatile(ALTERNATIVE("", "incl hits(%%rip)", X86_FEATURE_LFENCE_RDTSC) : : : "memory");
	return ext(x) + 2;
}
