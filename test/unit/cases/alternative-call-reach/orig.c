#include <fixture.h>

int ext(int);
void fallback(void);

/* A notrace helper the code reaches only through an ALTERNATIVE's call. */
static notrace noinline __used void fast_helper(void)
{
	ext(1);
}

int user(int x)
{
	alternative("call fallback", "call fast_helper", X86_FEATURE_CLFLUSHOPT);
	return ext(x);
}
