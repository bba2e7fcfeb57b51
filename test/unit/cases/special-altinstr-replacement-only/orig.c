#include <fixture.h>

int ext(int);

int load_a(int *p, int i)
{
	alternative("", "lfence", X86_FEATURE_LFENCE_RDTSC);
	return ext(p[i]);
}

int load_b(int *p, int i)
{
	alternative("", "lfence", X86_FEATURE_LFENCE_RDTSC);
	return ext(p[i]) + 1;
}
